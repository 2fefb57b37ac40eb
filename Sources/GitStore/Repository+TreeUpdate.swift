import Foundation
internal import CLibGit2

/// The root tree of a commit worked out from its parent's, and what it replaced.
struct TreeUpdate {
    /// The new root tree.
    let root: RawObjectID
    /// Each folder and file on the changed paths that the update replaced, with its replacement:
    /// the pairs a batch's pack stores as deltas.
    let replaced: [(older: RawObjectID, newer: RawObjectID)]
}

extension Repository {
    /// The id of the root tree that a commit of `changes` on top of `parent` would have,
    /// worked out in memory: no object is written, in any mode.
    ///
    /// It is the tree `commit(_:)` writes, by the same code, so that checking a commit
    /// against the changes it should hold costs a few hashes.
    /// - Throws: what `commit(_:)` throws for the same changes.
    public func predictedTreeID(applying changes: [FileChange], to parent: ObjectID?) throws(GitError) -> ObjectID {
        try Self.validate(changes)
        return ObjectID(try updateTree(applying: changes, to: parent, writingTo: nil).root.oid)
    }

    /// Rewrites the folders on the changed paths of `parent`'s tree, and only those: every
    /// other folder is shared with the parent.
    ///
    /// Each written file is an ordinary file (mode 100644); missing folders are created; a
    /// folder the changes leave empty is removed; every other entry is kept as it is. Each
    /// folder on a changed path is read once, from its raw bytes, and each new object is
    /// hashed here and handed straight to `store`: no libgit2 tree is built, and the
    /// replaced versions come out of the same pass. An unchanged file or folder is not
    /// written at all.
    /// - Parameters:
    ///   - changes: their paths checked by `validate(_:)` beforehand.
    ///   - store: the backend that takes the new objects; nil to write nothing.
    /// - Throws: `.invalidPath` for a path changed twice, a file in place of a folder or inside
    ///   a file, or a path both changed and used as a folder; `.notFound` for the deletion of a
    ///   path that does not exist; `.other` for a damaged folder.
    /// - Complexity: the c changes sorted once by path, O(c log c); each folder on their paths read
    ///   and written once, each changed entry found in O(log e) among its e entries.
    func updateTree(applying changes: [FileChange], to parent: ObjectID?,
                    writingTo store: UnsafeMutablePointer<git_odb_backend>?) throws(GitError) -> TreeUpdate {
        let planned = try PlannedChange.sorted(changes)
        // A batch drops the objects the record already holds when it flushes (see `withoutObjectsOnDisk`).
        var writer = FolderWriter(repository: self, hasher: try hasher(), store: store, asksWhetherObjectsExist: mode != .batch)
        var oldRoot: RawObjectID?
        if let parent { oldRoot = RawObjectID(try treeID(of: parent).raw) }
        // The top folder is written even when empty, as git does.
        let root: RawObjectID
        if let folder = try writer.folder(planned[...], at: 0, replacing: oldRoot) { root = folder.id } else { root = writer.add(type: GIT_OBJECT_TREE, []) }
        if let oldRoot, oldRoot != root { writer.replaced.append((oldRoot, root)) }
        // Only now that every change is known to apply: a refused change writes nothing.
        try writer.writePending()
        return TreeUpdate(root: root, replaced: writer.replaced)
    }
}

/// Works out the folders of one tree update, then writes each new object to a store.
private struct FolderWriter {
    let repository: Repository
    /// The repository's SHA-1 context, for object ids.
    let hasher: OpaquePointer
    let store: UnsafeMutablePointer<git_odb_backend>?
    /// Whether an object is looked up before it is written, so as not to write it twice.
    let asksWhetherObjectsExist: Bool
    var replaced: [(older: RawObjectID, newer: RawObjectID)] = []
    /// The objects to write once the whole update is worked out.
    private var pending: [(type: git_object_t, contents: [UInt8], id: RawObjectID)] = []
    /// Every entry's name lives here, so that a folder of hundreds of entries costs no allocation per entry.
    private var names: [UInt8] = []

    init(repository: Repository, hasher: OpaquePointer, store: UnsafeMutablePointer<git_odb_backend>?, asksWhetherObjectsExist: Bool) {
        self.repository = repository
        self.hasher = hasher
        self.store = store
        self.asksWhetherObjectsExist = asksWhetherObjectsExist
    }

    /// The id of the folder that `changes` make of the folder `source` (nil: a folder that did
    /// not exist), and whether this update wrote it; nil when the folder ends up empty.
    /// - Parameters:
    ///   - changes: the changes under this folder, in the order of `PlannedChange.sorted`.
    ///   - offset: where the names of this folder's entries start in each change's path.
    mutating func folder(_ changes: ArraySlice<PlannedChange>, at offset: Int,
                         replacing source: RawObjectID?) throws(GitError) -> (id: RawObjectID, written: Bool)? {
        let base = names.count
        defer { names.removeSubrange(base...) }
        var entries: [TreeEntry] = []
        if let source { try read(source, at: changes.first?.path[..<max(0, offset - 1)] ?? [], into: &entries) }
        // An entry this update wrote was not in the record, so no folder of the record holds it.
        var holdsNewObject = false
        // Each turn takes one entry: the change of its own path, or the changes under it.
        var first = changes.startIndex
        while first < changes.endIndex {
            let path = changes[first].path
            let nameEnd = path[offset...].firstIndex(of: UInt8(ascii: "/")) ?? path.endIndex
            let name = path[offset..<nameEnd]
            var last = first + 1
            while last < changes.endIndex, changes[last].path.count > nameEnd,
                  changes[last].path[nameEnd] == UInt8(ascii: "/"), changes[last].path[offset..<nameEnd].elementsEqual(name) {
                last += 1
            }
            defer { first = last }
            func text() -> String { String(decoding: path[..<nameEnd], as: UTF8.self) }
            let existing = index(of: name, asFolder: nameEnd != path.endIndex, in: entries)
            let old = existing.map { entries[$0] }
            var new: RawObjectID?
            if nameEnd == path.endIndex {
                // The sort puts a change of this path before those under it: any that follow go through it.
                guard last == first + 1 else {
                    throw GitError(.invalidPath, function: "commit", message: "‘\(text())’ is changed and is also the folder of another change in the same commit")
                }
                guard let bytes = changes[first].bytes else {
                    guard let existing else {
                        throw GitError(.notFound, function: "commit", message: "‘\(text())’ cannot be deleted: the record holds no such file or folder")
                    }
                    entries.remove(at: existing)
                    continue
                }
                if let old, old.isFolder || old.isSubmodule {
                    throw GitError(.invalidPath, function: "commit", message: "‘\(text())’ is a folder: a file cannot take its place")
                }
                let id = objectID(type: GIT_OBJECT_BLOB, bytes)
                if old?.id == id && old?.mode == TreeEntry.fileMode { continue }
                if old?.id != id, add(type: GIT_OBJECT_BLOB, bytes, id: id, certainlyNew: false) { holdsNewObject = true }
                new = id
                put(name, mode: TreeEntry.fileMode, id: id, at: existing, in: &entries)
            } else {
                if let old, !old.isFolder {
                    throw GitError(.invalidPath, function: "commit", message: "‘\(text())’ is a file, not a folder: no path can go through it")
                }
                guard let (id, written) = try self.folder(changes[first..<last], at: nameEnd + 1, replacing: old?.id) else {
                    // A folder left empty is removed, as git does.
                    if let existing { entries.remove(at: existing) }
                    continue
                }
                if written { holdsNewObject = true }
                new = id
                put(name, mode: TreeEntry.folderMode, id: id, at: existing, in: &entries)
            }
            if let old, let new, old.id != new { replaced.append((old.id, new)) }
        }
        if entries.isEmpty { return nil }
        var object: [UInt8] = []
        object.reserveCapacity(entries.reduce(0) { $0 + $1.nameEnd - $1.nameStart + 28 })
        for entry in entries {
            Self.appendOctal(entry.mode, to: &object)
            object.append(UInt8(ascii: " "))
            object.append(contentsOf: names[entry.nameStart..<entry.nameEnd])
            object.append(0)
            withUnsafeBytes(of: entry.id.oid.id) { object.append(contentsOf: $0) }
        }
        let id = objectID(type: GIT_OBJECT_TREE, object)
        if id == source { return (id, false) }
        if store != nil, let source {
            // The next commit on this one reads this version, not the one it replaces.
            repository.recentFolders.remove(source)
        }
        return (id, add(type: GIT_OBJECT_TREE, object, id: id, certainlyNew: holdsNewObject))
    }

    /// Adds an object of `type` to the objects to write and returns its id.
    mutating func add(type: git_object_t, _ contents: [UInt8]) -> RawObjectID {
        let id = objectID(type: type, contents)
        _ = add(type: type, contents, id: id, certainlyNew: false)
        return id
    }

    /// Writes the objects added, in the order added, and keeps the folders among them for the
    /// next commit (only written folders: a predicted one may never exist).
    mutating func writePending() throws(GitError) {
        guard let store else { return }
        for object in pending {
            var oid = object.id.oid
            let code = object.contents.withUnsafeBytes { accord_backend_write(store, &oid, $0.baseAddress, $0.count, object.type) }
            try check(code, "git_odb_backend.write")
            if object.type == GIT_OBJECT_TREE { repository.recentFolders.insert(object.id, object.contents) }
        }
        pending = []
    }

    /// Adds an object to the objects to write unless the record holds it already, and says
    /// whether it did. git allows an object twice, but packs merge faster without (the same
    /// vote's file is in a thousand folders); the lookup is skipped when the object is `certainlyNew`.
    private mutating func add(type: git_object_t, _ contents: [UInt8], id: RawObjectID, certainlyNew: Bool) -> Bool {
        guard store != nil, certainlyNew || !asksWhetherObjectsExist || !repository.hasObject(id) else { return false }
        pending.append((type, contents, id))
        return true
    }

    /// Appends the entries of the folder `id` and checks that they are in git's order (as git
    /// and libgit2 write every folder): a folder that is not was made by hand, and `git fsck`
    /// reports it too.
    private mutating func read(_ id: RawObjectID, at path: ArraySlice<UInt8>, into entries: inout [TreeEntry]) throws(GitError) {
        func damaged(_ why: String) -> GitError {
            GitError(.other, function: "commit", message: "the folder ‘\(path.isEmpty ? "/" : String(decoding: path, as: UTF8.self))’ (\(id.objectID.short)) is damaged: \(why)")
        }
        guard let folder = try repository.folder(id) else { throw damaged("it is not a folder") }
        var ordered = true
        let wellFormed = folder.withUnsafeBytes { bytes in
            Repository.forEachEntry(in: bytes) { mode, name, id in
                let start = names.count
                names.append(contentsOf: name)
                let entry = TreeEntry(nameStart: start, nameEnd: names.count, mode: mode, id: id)
                if let last = entries.last, !precedes(last, entry) { ordered = false }
                entries.append(entry)
                return ordered
            }
        }
        guard wellFormed else { throw damaged("an entry is cut short or has a bad mode") }
        guard ordered else { throw damaged("its entries are not in git’s order") }
    }

    /// Replaces the entry at `index`, or adds one named `name` where git's order puts it.
    private mutating func put(_ name: ArraySlice<UInt8>, mode: UInt32, id: RawObjectID, at index: Int?, in entries: inout [TreeEntry]) {
        if let index {
            entries[index].mode = mode
            entries[index].id = id
            return
        }
        let start = names.count
        names.append(contentsOf: name)
        let entry = TreeEntry(nameStart: start, nameEnd: names.count, mode: mode, id: id)
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if precedes(entries[middle], entry) { low = middle + 1 } else { high = middle }
        }
        entries.insert(entry, at: low)
    }

    /// The entry named `name`, found by halving in git's order: first as a folder when `asFolder`
    /// (a path goes on through it), else first as a file.
    private func index(of name: ArraySlice<UInt8>, asFolder: Bool, in entries: [TreeEntry]) -> Int? {
        name.withUnsafeBufferPointer { wanted in
            names.withUnsafeBufferPointer { all in
                func find(asFolder: Bool) -> Int? {
                    var low = 0
                    var high = entries.count
                    while low < high {
                        let middle = (low + high) / 2
                        let entry = entries[middle]
                        if Self.precedes(Self.name(of: entry, in: all), folder: entry.isFolder, wanted, folder: asFolder) {
                            low = middle + 1
                        } else {
                            high = middle
                        }
                    }
                    guard low < entries.count, entries[low].isFolder == asFolder else { return nil }
                    let found = Self.name(of: entries[low], in: all)
                    return found.count == wanted.count && (wanted.isEmpty || memcmp(found.baseAddress!, wanted.baseAddress!, wanted.count) == 0) ? low : nil
                }
                return find(asFolder: asFolder) ?? find(asFolder: !asFolder)
            }
        }
    }

    /// Whether `left` comes before `right` in git's order of tree entries.
    private func precedes(_ left: TreeEntry, _ right: TreeEntry) -> Bool {
        names.withUnsafeBufferPointer { all in
            Self.precedes(Self.name(of: left, in: all), folder: left.isFolder, Self.name(of: right, in: all), folder: right.isFolder)
        }
    }

    /// git's order of tree entries: by name, a folder's name compared as if it ended with `/`.
    private static func precedes(_ left: UnsafeBufferPointer<UInt8>, folder leftIsFolder: Bool,
                                 _ right: UnsafeBufferPointer<UInt8>, folder rightIsFolder: Bool) -> Bool {
        let common = min(left.count, right.count)
        let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
        if order != 0 { return order < 0 }
        let a = left.count > common ? left[common] : (leftIsFolder ? UInt8(ascii: "/") : 0)
        let b = right.count > common ? right[common] : (rightIsFolder ? UInt8(ascii: "/") : 0)
        return a < b
    }

    private static func name(of entry: TreeEntry, in all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: all[entry.nameStart..<entry.nameEnd])
    }

    /// The object's id (see `Repository.objectID`), in the repository's one context: a tally
    /// hashes twenty thousand objects.
    func objectID(type: git_object_t, _ contents: [UInt8]) -> RawObjectID {
        Repository.objectID(type: type, contents, hasher: hasher)
    }

    /// `mode` in octal digits with no leading zero, as git writes it in a tree.
    private static func appendOctal(_ mode: UInt32, to object: inout [UInt8]) {
        var shift = 30
        while shift > 0, mode >> shift == 0 { shift -= 3 }
        while shift >= 0 {
            object.append(UInt8(ascii: "0") + UInt8(mode >> shift & 7))
            shift -= 3
        }
    }
}

extension Repository {
    /// The id git gives an object of `type` with these contents: the SHA-1 of a `type size\0`
    /// header and the contents (see the shim's SHA-1), in the given context.
    static func objectID(type: git_object_t, _ contents: [UInt8], hasher: OpaquePointer) -> RawObjectID {
        accord_sha1_restart(hasher)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { header in
            var count = 0
            for byte in (type == GIT_OBJECT_TREE ? "tree " : "blob ").utf8 {
                header[count] = byte
                count += 1
            }
            // The size in decimal: its digits from the last, then turned around.
            let start = count
            var size = contents.count
            repeat {
                header[count] = UInt8(ascii: "0") + UInt8(size % 10)
                size /= 10
                count += 1
            } while size > 0
            header[start..<count].reverse()
            header[count] = 0
            accord_sha1_update(hasher, header.baseAddress, count + 1)
        }
        contents.withUnsafeBufferPointer { accord_sha1_update(hasher, $0.baseAddress, $0.count) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digest in
            accord_sha1_finish(hasher, digest.baseAddress)
            return RawObjectID(bytes: UnsafeRawBufferPointer(digest))
        }
    }
}

/// One entry of a folder being worked out: its name as a range of a shared byte buffer.
struct TreeEntry {
    static let fileMode: UInt32 = 0o100644
    static let folderMode: UInt32 = 0o040000

    let nameStart: Int
    let nameEnd: Int
    var mode: UInt32
    var id: RawObjectID

    var isFolder: Bool { Self.isFolder(mode) }
    var isSubmodule: Bool { mode & 0o170000 == 0o160000 }

    /// Whether a tree entry's mode is a folder's (git writes 40000; the type bits decide).
    static func isFolder(_ mode: UInt32) -> Bool { mode & 0o170000 == folderMode }
}

/// One change, its path as bytes.
struct PlannedChange {
    let path: [UInt8]
    /// The file's new contents; nil to delete.
    let bytes: [UInt8]?

    /// The changes in the order of their paths compared by bytes, `/` first of all: the
    /// changes under one folder then stand together, right after a change of the folder's own
    /// path, and each folder's entries come in the order of their names, whatever the order
    /// given (the same refusal for the same changes).
    /// - Throws: `.invalidPath` for a path changed twice.
    static func sorted(_ changes: [FileChange]) throws(GitError) -> [PlannedChange] {
        var planned = changes.map { change in
            switch change {
            case .write(let path, let bytes): PlannedChange(path: Array(path.utf8), bytes: bytes)
            case .delete(let path): PlannedChange(path: Array(path.utf8), bytes: nil)
            }
        }
        // Every path again in one buffer, `/` read as 0, so that two compare with one memcmp:
        // a tally sorts ten thousand paths.
        var keys: [UInt8] = []
        keys.reserveCapacity(planned.reduce(0) { $0 + $1.path.count })
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(planned.count)
        for change in planned {
            let start = keys.count
            for byte in change.path { keys.append(byte == UInt8(ascii: "/") ? 0 : byte) }
            ranges.append(start..<keys.count)
        }
        let order = keys.withUnsafeBufferPointer { all in
            planned.indices.sorted { left, right in
                let a = ranges[left], b = ranges[right]
                let shorter = min(a.count, b.count)
                let common = shorter == 0 ? 0 : memcmp(all.baseAddress! + a.lowerBound, all.baseAddress! + b.lowerBound, shorter)
                return common != 0 ? common < 0 : a.count < b.count
            }
        }
        planned = order.map { planned[$0] }
        for index in planned.indices.dropFirst() where planned[index].path == planned[index - 1].path {
            throw GitError(.invalidPath, function: "commit",
                           message: "the path ‘\(String(decoding: planned[index].path, as: UTF8.self))’ is changed twice in one commit")
        }
        return planned
    }
}

extension Repository {
    /// The raw bytes of the folder `id`, from the folders read or written lately or else from
    /// the object store; nil when the object is not a folder.
    func folder(_ id: RawObjectID) throws(GitError) -> [UInt8]? {
        if let cached = recentFolders[id] { return cached }
        let object = try readUncached(id)
        guard object.type == GIT_OBJECT_TREE else { return nil }
        let bytes = Array(object.bytes)
        recentFolders.insert(id, bytes)
        return bytes
    }

    /// The stored form of the folder `id` (its git tree object), for a caller that keeps it with
    /// what it parsed from the folder, to hand back with `remember(folder:listedIn:)`.
    /// - Throws: `.notFound` when `id` is not a folder.
    public func storedForm(ofFolder id: ObjectID) throws(GitError) -> [UInt8] {
        guard let bytes = try folder(RawObjectID(id.raw)) else {
            throw GitError(.notFound, function: "storedForm(ofFolder:)", message: "the object \(id.short) is not a folder")
        }
        return bytes
    }

    /// Takes a folder in its stored form (see `storedForm(ofFolder:)`), so that a commit that
    /// rewrites it need not read it back from the packs: a tally rewrites thousands of folders
    /// its caller has parsed. The folder is known by the id its bytes hash to, so it never
    /// stands for another, and it is taken only when `parent`, a folder of the record, lists
    /// that id: the folders remembered are the record's own, like those read.
    /// - Returns: whether the store now holds the folder in memory.
    @discardableResult
    public func remember(folder stored: [UInt8], listedIn parent: ObjectID) throws(GitError) -> Bool {
        guard let parentFolder = try folder(RawObjectID(parent.raw)) else { return false }
        let id = Self.objectID(type: GIT_OBJECT_TREE, stored, hasher: try hasher())
        if recentFolders[id] != nil { return true }
        var listed = false
        _ = parentFolder.withUnsafeBytes { bytes in
            Self.forEachEntry(in: bytes) { mode, _, entry in
                listed = TreeEntry.isFolder(mode) && entry == id
                return !listed
            }
        }
        guard listed else { return false }
        recentFolders.insert(id, stored)
        return true
    }

    /// Calls `body` with each entry of a folder's raw bytes (`<octal mode> <name>\0<20-byte id>`)
    /// until it returns false; false when the bytes are not a well-formed folder.
    static func forEachEntry(in folder: UnsafeRawBufferPointer,
                             _ body: (_ mode: UInt32, _ name: UnsafeRawBufferPointer, _ id: RawObjectID) -> Bool) -> Bool {
        var at = 0
        while at < folder.count {
            var mode: UInt32 = 0
            while at < folder.count, folder[at] != UInt8(ascii: " ") {
                let digit = folder[at] &- UInt8(ascii: "0")
                guard digit < 8 else { return false }
                mode = mode << 3 | UInt32(digit)
                at += 1
            }
            let nameStart = at + 1
            var nameEnd = nameStart
            while nameEnd < folder.count, folder[nameEnd] != 0 { nameEnd += 1 }
            guard nameEnd > nameStart, nameEnd + 21 <= folder.count else { return false }
            let id = RawObjectID(bytes: UnsafeRawBufferPointer(rebasing: folder[(nameEnd + 1)..<(nameEnd + 21)]))
            guard body(mode, UnsafeRawBufferPointer(rebasing: folder[nameStart..<nameEnd]), id) else { return true }
            at = nameEnd + 21
        }
        return true
    }
}

/// The raw bytes of folders read or written lately, by id, so that the next commit finds the
/// folders on its paths without a pack lookup (a tally reads ten thousand).
///
/// An id names its contents, so an entry is never stale. A folder a commit replaces is
/// dropped, which keeps about the folders of the latest tree (a few MB at full size), and
/// everything is dropped past `limit` bytes.
struct FolderCache {
    static let limit = 16 << 20
    private var folders: [RawObjectID: [UInt8]] = [:]
    private var size = 0

    subscript(id: RawObjectID) -> [UInt8]? { folders[id] }

    mutating func insert(_ id: RawObjectID, _ contents: [UInt8]) {
        if size + contents.count > Self.limit {
            folders.removeAll(keepingCapacity: true)
            size = 0
        }
        if folders.updateValue(contents, forKey: id) == nil { size += contents.count }
    }

    mutating func remove(_ id: RawObjectID) {
        if let contents = folders.removeValue(forKey: id) { size -= contents.count }
    }
}
