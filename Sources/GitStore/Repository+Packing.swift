import Foundation
internal import CLibGit2

extension Repository {
    var packFolder: String { objectsFolder + "/pack" }

    /// Writes the objects `ids` as one new pack, newest first, storing each
    /// folder and file as a delta against its next version where both are in
    /// the set; returns the new pack's name.
    ///
    /// The pairs come from the commits among `ids`: a commit's tree against its
    /// parent's, path by path, down the folders that changed. Newest-first deltas
    /// (as git's) keep the current version whole, the one read most.
    /// - Parameters:
    ///   - ids: in the order they were written, oldest first.
    ///   - versions: the pairs, when noted as the commits were written (batch
    ///     mode); otherwise they are found by reading the commits' trees.
    ///   - kept: objects whose bytes are at hand (the loose objects this handle wrote), not read again.
    ///   - durable: whether the pack flushes its own files (see `PackWriter`).
    @discardableResult
    func writePack(of ids: [RawObjectID], versions: [(older: RawObjectID, newer: RawObjectID)]? = nil,
                   kept: [RawObjectID: UncachedObject] = [:], durable: Bool) throws(GitError) -> String? {
        var position: [RawObjectID: Int] = [:]
        position.reserveCapacity(ids.count)
        var unique: [RawObjectID] = []
        // Newest first: the reverse of the order written.
        for id in ids.reversed() where position[id] == nil {
            position[id] = unique.count
            unique.append(id)
        }
        guard !unique.isEmpty else { return nil }
        var bases = DeltaBases(count: unique.count)
        if let versions {
            for pair in versions {
                if let older = position[pair.older], let newer = position[pair.newer] { bases.link(older: older, newer: newer) }
            }
        } else {
            for id in unique where try objectType(id) == GIT_OBJECT_COMMIT {
                try pairVersions(ofCommit: id, position: position, bases: &bases)
            }
        }

        let writer = try PackWriter(folder: packFolder, objectCount: unique.count, durable: durable)
        var offsets = [Int](repeating: -1, count: unique.count)
        var depths = [Int](repeating: 0, count: unique.count)
        // A base is mostly written just before the object stored against it:
        // keep the last one read rather than read it again.
        var last: (index: Int, object: UncachedObject)?
        func read(_ id: RawObjectID) throws(GitError) -> UncachedObject {
            if let object = kept[id] { return object }
            return try readUncached(id)
        }
        for index in bases.order() {
            let object = try read(unique[index])
            if let base = bases.base[index], depths[base] < PackWriter.maximumDepth,
               let delta = DeltaEncoder.delta(from: try (last?.index == base ? last!.object : read(unique[base])).bytes,
                                              to: object.bytes) {
                offsets[index] = try writer.addDelta(unique[index], baseOffset: offsets[base], delta: delta)
                depths[index] = depths[base] + 1
            } else {
                offsets[index] = try writer.addWhole(unique[index], type: object.type, data: object.bytes)
            }
            last = (index, object)
        }
        return try writer.finish()
    }

    /// Reads an object straight from the backends, memory first, as raw bytes
    /// freed with the returned value: packing reads each object once, and needs
    /// no parsed object.
    func readUncached(_ id: RawObjectID) throws(GitError) -> UncachedObject {
        var object: UncachedObject?
        try fromFirstBackend(holding: id) { backend, oid in
            var data: UnsafeMutableRawPointer?
            var size = 0
            var type = GIT_OBJECT_INVALID
            let code = accord_backend_read(&data, &size, &type, backend, oid)
            if code == 0 { object = UncachedObject(type: type, data: data, size: size, backend: backend) }
            return code
        }
        guard let object else { throw GitError(.other, function: "readUncached", message: "the object \(id.objectID.short) was read without its bytes") }
        return object
    }

    private func objectType(_ id: RawObjectID) throws(GitError) -> git_object_t {
        var type = GIT_OBJECT_INVALID
        try fromFirstBackend(holding: id) { backend, oid in
            var size = 0
            return accord_backend_read_header(&size, &type, backend, oid)
        }
        return type
    }

    /// Whether any backend holds the object, memory first: answered from the packs' indexes
    /// and the loose objects' names, without reading the object.
    func hasObject(_ id: RawObjectID) -> Bool {
        var oid = id.oid
        return objectBackends.contains { accord_backend_exists($0, &oid) != 0 }
    }

    /// Tries `read` on each backend in turn until one has the object.
    private func fromFirstBackend(holding id: RawObjectID,
                                  _ read: (UnsafeMutablePointer<git_odb_backend>, UnsafePointer<git_oid>) -> Int32) throws(GitError) {
        var oid = id.oid
        var code = GIT_ENOTFOUND.rawValue
        for backend in objectBackends {
            code = read(backend, &oid)
            if code != GIT_ENOTFOUND.rawValue { break }
        }
        guard code == 0 else {
            throw GitError(.notFound, code: code, function: "readUncached", message: "the object \(id.objectID.short) cannot be read from the record")
        }
    }

    /// Pairs each folder and file the commit changed with its previous version,
    /// walking only the folders whose ids differ from the parent's.
    private func pairVersions(ofCommit id: RawObjectID, position: [RawObjectID: Int], bases: inout DeltaBases) throws(GitError) {
        var oid = id.oid
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, handle, &oid), "git_commit_lookup")
        defer { git_commit_free(commit) }
        let tree = git_commit_tree_id(commit).pointee
        var parentTree: git_oid?
        if git_commit_parentcount(commit) > 0, let parentID = git_commit_parent_id(commit, 0) {
            var parent: OpaquePointer?
            if git_commit_lookup(&parent, handle, parentID) == 0 {
                parentTree = git_commit_tree_id(parent).pointee
                git_commit_free(parent)
            }
        }
        try pairTrees(newer: tree, older: parentTree, position: position, bases: &bases)
    }

    private func pairTrees(newer: git_oid, older: git_oid?, position: [RawObjectID: Int], bases: inout DeltaBases) throws(GitError) {
        guard let newerIndex = position[RawObjectID(newer)], var olderID = older else { return }
        if let olderIndex = position[RawObjectID(olderID)] { bases.link(older: olderIndex, newer: newerIndex) }
        var newerID = newer
        var newTree: OpaquePointer?, oldTree: OpaquePointer?
        try check(git_tree_lookup(&newTree, handle, &newerID), "git_tree_lookup")
        defer { git_tree_free(newTree) }
        guard git_tree_lookup(&oldTree, handle, &olderID) == 0 else { return }
        defer { git_tree_free(oldTree) }
        let oldCount = git_tree_entrycount(oldTree)
        for index in 0..<git_tree_entrycount(newTree) {
            guard let entry = git_tree_entry_byindex(newTree, index) else { continue }
            guard let name = git_tree_entry_name(entry) else { continue }
            // Most entries are unchanged, and at the same place: skip them
            // without a lookup (a change shifts places only after it).
            if index < oldCount, let same = git_tree_entry_byindex(oldTree, index),
               git_oid_equal(git_tree_entry_id(same), git_tree_entry_id(entry)) == 1, strcmp(git_tree_entry_name(same), name) == 0 {
                continue
            }
            let entryID = git_tree_entry_id(entry).pointee
            guard let entryIndex = position[RawObjectID(entryID)],
                  let previous = git_tree_entry_byname(oldTree, name),
                  git_tree_entry_type(previous) == git_tree_entry_type(entry) else { continue }
            let previousID = git_tree_entry_id(previous).pointee
            if git_tree_entry_type(entry) == GIT_OBJECT_TREE {
                try pairTrees(newer: entryID, older: previousID, position: position, bases: &bases)
            } else if let previousIndex = position[RawObjectID(previousID)] {
                bases.link(older: previousIndex, newer: entryIndex)
            }
        }
    }

    /// Merges packs by copying their entries into one new durable pack, unchanged; nil
    /// when an object is in two of them (the merged index could not list it
    /// once), for the caller to re-encode them instead.
    func concatenatePacks(_ names: [String]) throws(GitError) -> String? {
        var indexes: [PackIndex] = []
        for name in names { indexes.append(try PackIndex(path: "\(packFolder)/\(name).idx")) }
        guard !PackIndex.shareAnObject(indexes) else { return nil }
        let writer = try PackWriter(folder: packFolder, objectCount: indexes.reduce(0) { $0 + $1.entries.count }, durable: true)
        for (name, index) in zip(names, indexes) {
            try writer.copyEntries(ofPack: "\(packFolder)/\(name).pack", index: index)
        }
        return try writer.finish()
    }
}

/// Which object of a pack is stored as a delta against which: each object's
/// base is its next version, and the pairs form trees (never a cycle, which a
/// path changed and changed back would otherwise make).
struct DeltaBases {
    /// The base of each object, by position; nil for an object stored whole.
    private(set) var base: [Int?]
    private var dependents: [[Int]]
    /// Union-find over the pairs, to refuse a pair that would close a cycle.
    private var component: [Int]

    init(count: Int) {
        base = Array(repeating: nil, count: count)
        dependents = Array(repeating: [], count: count)
        component = Array(0..<count)
    }

    mutating func link(older: Int, newer: Int) {
        guard base[older] == nil else { return }
        let olderRoot = root(older), newerRoot = root(newer)
        guard olderRoot != newerRoot else { return }
        component[olderRoot] = newerRoot
        base[older] = newer
        dependents[newer].append(older)
    }

    private mutating func root(_ index: Int) -> Int {
        var index = index
        while component[index] != index {
            component[index] = component[component[index]]
            index = component[index]
        }
        return index
    }

    /// Every position once, each base before the objects stored against it,
    /// otherwise in the given order (newest first).
    func order() -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(base.count)
        for start in base.indices where base[start] == nil {
            var stack = [start]
            while let index = stack.popLast() {
                result.append(index)
                stack += dependents[index].reversed()
            }
        }
        return result
    }
}

/// An object's bytes as a backend returned them, freed with the backend's allocator, or
/// bytes borrowed from their owner (`backend` nil).
final class UncachedObject {
    let type: git_object_t
    let bytes: UnsafeRawBufferPointer
    private let backend: UnsafeMutablePointer<git_odb_backend>?

    init(type: git_object_t, data: UnsafeMutableRawPointer?, size: Int, backend: UnsafeMutablePointer<git_odb_backend>?) {
        self.type = type
        self.bytes = UnsafeRawBufferPointer(start: data, count: size)
        self.backend = backend
    }

    deinit {
        if let backend { git_odb_backend_data_free(backend, UnsafeMutableRawPointer(mutating: bytes.baseAddress)) }
    }
}
