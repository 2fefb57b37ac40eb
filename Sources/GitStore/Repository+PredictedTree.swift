import Foundation
internal import CLibGit2

extension Repository {
    /// The id of the root tree that a commit of `changes` on top of `parent` would have,
    /// worked out in memory: no object is written, in any mode.
    ///
    /// The tree is the one `commit(_:)` and `tree(applying:to:)` build: each written file an
    /// ordinary file (mode 100644), missing folders created, a folder the changes leave empty
    /// removed, every other entry kept as it is. Only the folders on the changed paths are read,
    /// and each is hashed rather than written, so that checking a commit against the changes it
    /// should hold costs a few hashes.
    /// - Throws: `.invalidPath` for changes `commit(_:)` refuses, and for changes whose outcome
    ///   libgit2 decides in its own way, which this does not mimic: a file written in place of a
    ///   folder or inside a file, a path written and also used as a folder, a deletion of a path
    ///   that does not exist, a name NTFS may take for `.git`, a parent folder whose entries are
    ///   not in git's order.
    /// - Complexity: O(e) for the e entries of the folders on the changed paths.
    public func predictedTreeID(applying changes: [FileChange], to parent: ObjectID?) throws(GitError) -> ObjectID {
        try Self.validate(changes)
        let plan = PlannedFolder()
        for change in changes { try plan.add(change) }
        let root = try rootTree(of: parent)
        defer { git_tree_free(root) }
        var names: [UInt8] = []
        // The top folder is written even when empty, as libgit2 does.
        if let tree = try hashFolder(plan, source: root, names: &names) { return ObjectID(tree) }
        return ObjectID(emptyTreeID())
    }

    /// The first-parent line of commits that ends at `tip`, oldest first (`git rev-list
    /// --first-parent --reverse`): ids only, each commit read for its parents alone, so that a
    /// long history is listed without parsing or holding a single message.
    public func firstParentLine(endingAt tip: ObjectID) throws(GitError) -> [ObjectID] {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_NONE.rawValue), "git_revwalk_sorting")
        try check(git_revwalk_simplify_first_parent(walk), "git_revwalk_simplify_first_parent")
        var oid = tip.raw
        try check(git_revwalk_push(walk, &oid), "git_revwalk_push")
        var ids: [ObjectID] = []
        var next = git_oid()
        while true {
            let code = git_revwalk_next(&next, walk)
            if code == GIT_ITEROVER.rawValue { break }
            try check(code, "git_revwalk_next")
            ids.append(ObjectID(next))
        }
        return ids.reversed()
    }

    /// The id of the folder `plan` makes of `source` (nil: a folder that did not exist), or nil
    /// when the folder ends up empty.
    private func hashFolder(_ plan: PlannedFolder, source: OpaquePointer?, names: inout [UInt8]) throws(GitError) -> git_oid? {
        // Every entry's name lives in `names`, so that a folder of hundreds of entries costs no allocation per entry.
        let base = names.count
        defer { names.removeSubrange(base...) }
        var entries: [PlannedEntry] = []
        let sourceCount = source.map { git_tree_entrycount($0) } ?? 0
        entries.reserveCapacity(sourceCount + plan.children.count)
        for index in 0..<sourceCount {
            guard let entry = git_tree_entry_byindex(source, index), let name = git_tree_entry_name(entry) else {
                throw Self.unpredictable("an entry of a folder cannot be read")
            }
            let start = names.count
            names.append(contentsOf: UnsafeBufferPointer(start: UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self), count: strlen(name)))
            entries.append(PlannedEntry(nameStart: start, nameEnd: names.count, mode: UInt32(git_tree_entry_filemode_raw(entry).rawValue),
                                        id: git_tree_entry_id(entry).pointee))
        }
        // libgit2 rewrites a folder in git's order, whatever the order it was read in; a folder
        // Accord wrote is in that order already, and one that is not is left to libgit2. Kept in
        // that order below, so that the folder is written out without sorting it.
        if !Self.isInGitOrder(entries, names: names) {
            throw Self.unpredictable("a folder’s entries are not in git’s order")
        }
        for (name, child) in plan.children {
            let existing = Self.index(of: name, in: entries, names: names)
            let existingMode = existing.map { entries[$0].mode & PlannedEntry.typeMask }
            switch child {
            case .delete:
                guard let existing else { throw Self.unpredictable("‘\(name)’ is deleted but does not exist") }
                entries.remove(at: existing)
            case .write(let bytes):
                if let existingMode, existingMode == PlannedEntry.folderType || existingMode == PlannedEntry.submoduleType {
                    throw Self.unpredictable("the file ‘\(name)’ would replace a folder")
                }
                let blob = bytes.withUnsafeBytes { Self.objectID(type: "blob", $0) }
                put(name, mode: UInt32(GIT_FILEMODE_BLOB.rawValue), id: blob, at: existing, in: &entries, names: &names)
            case .folder(let folder):
                var subtree: OpaquePointer?
                if let existing {
                    guard existingMode == PlannedEntry.folderType else { throw Self.unpredictable("‘\(name)’ is a file, not a folder") }
                    var id = entries[existing].id
                    try check(git_tree_lookup(&subtree, handle, &id), "git_tree_lookup")
                }
                defer { git_tree_free(subtree) }
                if let tree = try hashFolder(folder, source: subtree, names: &names) {
                    put(name, mode: UInt32(GIT_FILEMODE_TREE.rawValue), id: tree, at: existing, in: &entries, names: &names)
                } else if let existing {
                    // A folder left empty is removed, as libgit2 does.
                    entries.remove(at: existing)
                } else {
                    throw Self.unpredictable("the new folder ‘\(name)’ would be empty")
                }
            }
        }
        if entries.isEmpty { return nil }
        var object: [UInt8] = []
        object.reserveCapacity(entries.reduce(0) { $0 + $1.nameEnd - $1.nameStart + 28 })
        for entry in entries {
            Self.appendOctal(entry.mode, to: &object)
            object.append(UInt8(ascii: " "))
            object.append(contentsOf: names[entry.nameStart..<entry.nameEnd])
            object.append(0)
            withUnsafeBytes(of: entry.id.id) { object.append(contentsOf: $0) }
        }
        return object.withUnsafeBytes { Self.objectID(type: "tree", $0) }
    }

    /// The id git gives an object of `type` with these contents: the SHA-1 of a `type size\0` header
    /// and the contents. Computed here rather than by libgit2, whose SHA-1 detects collision attacks
    /// at half the speed: an id compared with one already in the record need not detect them.
    private static func objectID(type: StaticString, _ contents: UnsafeRawBufferPointer) -> git_oid {
        var header = Array(UnsafeBufferPointer(start: type.utf8Start, count: type.utf8CodeUnitCount))
        header.append(UInt8(ascii: " "))
        header.append(contentsOf: String(contents.count).utf8)
        header.append(0)
        var context = mbedtls_sha1_context()
        mbedtls_sha1_init(&context)
        defer { mbedtls_sha1_free(&context) }
        var oid = git_oid()
        _ = mbedtls_sha1_starts_ret(&context)
        _ = mbedtls_sha1_update_ret(&context, header, header.count)
        if let base = contents.baseAddress {
            _ = mbedtls_sha1_update_ret(&context, base.assumingMemoryBound(to: UInt8.self), contents.count)
        }
        withUnsafeMutableBytes(of: &oid.id) { digest in
            if let base = digest.bindMemory(to: UInt8.self).baseAddress { _ = mbedtls_sha1_finish_ret(&context, base) }
        }
        return oid
    }

    /// `mode` in octal digits with no leading zero, as git writes it in a tree.
    private static func appendOctal(_ mode: UInt32, to object: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = mode
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(rest & 7)
                rest >>= 3
                count += 1
            } while rest > 0
            for index in stride(from: count - 1, through: 0, by: -1) { object.append(buffer[index]) }
        }
    }

    /// Replaces the entry at `index`, or adds one named `name` where git's order puts it.
    private func put(_ name: String, mode: UInt32, id: git_oid, at index: Int?, in entries: inout [PlannedEntry],
                     names: inout [UInt8]) {
        if let index {
            entries[index].mode = mode
            entries[index].id = id
            return
        }
        let start = names.count
        names.append(contentsOf: name.utf8)
        let entry = PlannedEntry(nameStart: start, nameEnd: names.count, mode: mode, id: id)
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if Self.precedes(entries[middle], entry, names: names) { low = middle + 1 } else { high = middle }
        }
        entries.insert(entry, at: low)
    }

    private func emptyTreeID() -> git_oid {
        Self.objectID(type: "tree", UnsafeRawBufferPointer(start: nil, count: 0))
    }

    private static func unpredictable(_ why: String) -> GitError {
        GitError(.invalidPath, function: "predictedTreeID(applying:to:)", message: "the tree cannot be worked out in memory: \(why)")
    }

    private static func index(of name: String, in entries: [PlannedEntry], names: [UInt8]) -> Int? {
        let wanted = Array(name.utf8)
        return names.withUnsafeBufferPointer { all in
            entries.firstIndex { entry in
                entry.nameEnd - entry.nameStart == wanted.count && all[entry.nameStart..<entry.nameEnd].elementsEqual(wanted)
            }
        }
    }

    /// git's order of tree entries: by name, a folder's name compared as if it ended with `/`.
    private static func precedes(_ left: PlannedEntry, _ right: PlannedEntry, names: [UInt8]) -> Bool {
        names.withUnsafeBufferPointer { all in
            let leftCount = left.nameEnd - left.nameStart
            let rightCount = right.nameEnd - right.nameStart
            let common = min(leftCount, rightCount)
            for offset in 0..<common {
                let a = all[left.nameStart + offset]
                let b = all[right.nameStart + offset]
                if a != b { return a < b }
            }
            let a = leftCount > common ? all[left.nameStart + common] : (left.isFolder ? UInt8(ascii: "/") : 0)
            let b = rightCount > common ? all[right.nameStart + common] : (right.isFolder ? UInt8(ascii: "/") : 0)
            return a < b
        }
    }

    /// Whether every entry strictly precedes the next (no name twice).
    private static func isInGitOrder(_ entries: [PlannedEntry], names: [UInt8]) -> Bool {
        guard entries.count > 1 else { return true }
        for index in 1..<entries.count where !precedes(entries[index - 1], entries[index], names: names) {
            return false
        }
        return true
    }
}

/// One entry of a folder being worked out: its name as a range of a shared byte buffer.
private struct PlannedEntry {
    static let typeMask: UInt32 = 0o170000
    static let folderType: UInt32 = 0o040000
    static let submoduleType: UInt32 = 0o160000

    let nameStart: Int
    let nameEnd: Int
    var mode: UInt32
    var id: git_oid

    var isFolder: Bool { mode & Self.typeMask == Self.folderType }
}

/// The changes under one folder, by entry name.
private final class PlannedFolder {
    enum Child {
        case write([UInt8])
        case delete
        case folder(PlannedFolder)
    }

    var children: [String: Child] = [:]

    /// Files `change` under this folder; a path both changed and used as a folder is refused.
    func add(_ change: FileChange) throws(GitError) {
        let parts = change.path.split(separator: "/").map(String.init)
        // libgit2 refuses names NTFS takes for `.git` (`GIT~1`), which a record path may hold.
        if parts.contains(where: { $0.lowercased().hasPrefix("git~") }) {
            throw GitError(.invalidPath, function: "predictedTreeID(applying:to:)",
                           message: "the tree cannot be worked out in memory: ‘\(change.path)’ has a part NTFS may take for .git")
        }
        var folder = self
        for part in parts.dropLast() {
            switch folder.children[part] {
            case .folder(let existing)?:
                folder = existing
            case nil:
                let created = PlannedFolder()
                folder.children[part] = .folder(created)
                folder = created
            case .write?, .delete?:
                throw Self.conflict(change.path)
            }
        }
        guard let name = parts.last, folder.children[name] == nil else { throw Self.conflict(change.path) }
        switch change {
        case .write(_, let bytes): folder.children[name] = .write(bytes)
        case .delete: folder.children[name] = .delete
        }
    }

    private static func conflict(_ path: String) -> GitError {
        GitError(.invalidPath, function: "predictedTreeID(applying:to:)",
                 message: "the tree cannot be worked out in memory: ‘\(path)’ is both changed and a folder of another change")
    }
}
