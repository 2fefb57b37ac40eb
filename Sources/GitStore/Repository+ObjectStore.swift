import Foundation
internal import CLibGit2

extension Repository {
    /// Gives the repository an object database of two layers: a reader over
    /// the on-disk one, and in front of it the store that takes every write:
    /// Accord's loose-object writer for direct commits, or in batch mode an
    /// in-memory store packed at `flush()`.
    ///
    /// Why loose objects for a single commit: a pack of its own would be as
    /// quick to write, but packs must then be merged every few commits, with a
    /// flush to disk each time (measured: p99 of 32 ms against 6 ms); loose
    /// objects are packed a few thousand at a time, as `git gc --auto` does.
    ///
    /// Why a reader rather than libgit2's own database: before each object it
    /// writes (commits, tags) libgit2 checks that the object is new, and every such miss rescans
    /// `objects/pack`. The reader answers existence checks without that rescan;
    /// reads still rescan on a miss, so packs added by `git gc` or another
    /// writer are found. (It reads the objects folder itself: a record has no
    /// alternates.)
    func installObjectStore() throws(GitError) {
        var odb: OpaquePointer?
        try check(git_odb_new(&odb), "git_odb_new")
        // The repository takes its own reference in git_repository_set_odb.
        defer { git_odb_free(odb) }

        var made: UnsafeMutablePointer<git_odb_backend>?
        try check(accord_reader_new(&made, objectsFolder), "git_odb_backend_pack")
        try add(made, to: odb, priority: 3)
        reader = made

        // The highest priority with a write function takes every write.
        if mode == .batch {
            var store: UnsafeMutablePointer<accord_batch_backend>?
            try check(accord_batch_new(&store), "git_mempack_new")
            guard let store else { throw GitError(.other, function: "git_mempack_new", message: "no memory store") }
            try add(accord_batch_as_backend(store), to: odb, priority: 1000)
            batchStore = store
            objectWriter = accord_batch_as_backend(store)
        } else {
            var loose: UnsafeMutablePointer<git_odb_backend>?
            // Stored without compression, as git's `core.looseCompression=0` stores them: they
            // are short-lived, and `maintain()` packs and compresses them. (Level 1, git's default,
            // took 150 µs for a folder of 256 entries, a sixth of a direct commit here.)
            // Where one `syncfs` does not flush every file, a durable writer flushes each itself.
            try check(accord_loose_new(&loose, objectsFolder, 0, flushesEachFile ? 1 : 0, spares),
                      "accord_loose_new")
            try add(loose, to: odb, priority: 2)
            objectWriter = loose
        }
        objectBackends = [batchStore.map { accord_batch_as_backend($0) }, reader].compactMap { $0 }
        try check(git_repository_set_odb(handle, odb), "git_repository_set_odb")
    }

    /// Lets the reader see packs added since it last looked (by this handle or any other writer).
    func refreshDiskObjects() throws(GitError) {
        try check(accord_reader_refresh(reader), "git_odb_refresh")
    }

    /// Opens the packs afresh: libgit2 never forgets a pack it has seen, and
    /// would keep the files of removed packs open.
    func reopenDiskObjects() throws(GitError) {
        try check(accord_reader_reopen(reader), "git_odb_backend_pack")
    }

    /// The ids of the objects written to memory and not yet packed, oldest first.
    var unpackedObjects: [RawObjectID] {
        guard let batchStore else { return [] }
        return (0..<batchStore.pointee.count).map { RawObjectID(accord_batch_written(batchStore, $0).pointee) }
    }

    /// Packs the objects a batch wrote to memory, then forgets them; nil when there were none.
    @discardableResult
    func packUnpackedObjects() throws(GitError) -> String? {
        let ids = withoutObjectsOnDisk(unpackedObjects)
        guard !ids.isEmpty else {
            forgetWrittenObjects()
            return nil
        }
        // On Linux one `syncfs` (`sync()`) covers the pack and the refs; elsewhere the pack flushes itself.
        let name = try writePack(of: ids, versions: versionPairs, durable: !Self.syncCoversFiles)
        // The pack holds every object: the memory copy is no longer needed,
        // whatever happens to the refs that point at them.
        forgetWrittenObjects()
        try refreshDiskObjects()
        return name
    }

    /// `ids` less those the repository already holds, in packs or loose.
    ///
    /// A batch writes its objects without asking whether each exists (a lookup in every pack,
    /// for every object): the same vote's file is in a thousand folders, and the packs would
    /// hold it again and again. The question is asked here, once per flush, of the mapped
    /// pack indexes and of the loose objects' names. Each file that holds one of the objects is
    /// touched, as git does, so that a `git gc` pruning old unreachable objects (left by a
    /// batch that lost a race) keeps it now that a commit relies on it.
    func withoutObjectsOnDisk(_ ids: [RawObjectID]) -> [RawObjectID] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: packFolder)) ?? []
        // An index that cannot be read (one being written) only lets an object be stored twice.
        let packs = names.filter { $0.hasSuffix(".idx") }.compactMap { name in
            (try? MappedPackIndex(path: packFolder + "/" + name)).map { (file: packFolder + "/" + name.dropLast(4) + ".pack", index: $0) }
        }
        let loose = Dictionary(looseObjects().map { (RawObjectID($0.id.raw), $0.file) }, uniquingKeysWith: { first, _ in first })
        var touched = Set<String>()
        return ids.filter { id in
            guard let file = loose[id] ?? packs.first(where: { $0.index.contains(id) })?.file else { return true }
            if touched.insert(file).inserted { utimes(file, nil) }
            return false
        }
    }

    /// Forgets the objects this handle wrote and the versions noted for them, once they are
    /// packed (or dropped): the batch's memory store, or the loose writer's list.
    func forgetWrittenObjects() {
        if let batchStore {
            accord_batch_reset(batchStore)
        } else if let objectWriter {
            accord_loose_forget(objectWriter)
        }
        versionPairs.removeAll(keepingCapacity: true)
        nextLooseLook = 0
    }

    private func add(_ backend: UnsafeMutablePointer<git_odb_backend>?, to odb: OpaquePointer?, priority: Int32) throws(GitError) {
        let code = git_odb_add_backend(odb, backend, priority)
        // On success the object database owns the backend; on failure it is ours to free.
        if code < 0, let backend { accord_backend_free(backend) }
        try check(code, "git_odb_add_backend")
    }
}
