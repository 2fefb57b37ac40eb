internal import CLibGit2

extension Repository {
    /// Gives the repository an object database of two layers: a reader over
    /// the on-disk one, and a writer in front of it (new loose objects, or in
    /// batch mode an in-memory store packed at `flush()`).
    ///
    /// Why not libgit2's own: before each object write it checks that the
    /// object is new, and every such miss rescans `objects/pack` (a readdir per
    /// object, about a fifth of a commit's time). The reader answers existence
    /// checks without that rescan; reads still rescan on a miss, so packs added
    /// by `git gc` or another writer are found.
    func installObjectStore() throws(GitError) {
        var odb: OpaquePointer?
        try check(git_odb_new(&odb), "git_odb_new")
        // The repository takes its own reference in git_repository_set_odb.
        defer { git_odb_free(odb) }

        var forReader: OpaquePointer?
        try check(git_repository_odb(&forReader, handle), "git_repository_odb")
        var reader: UnsafeMutablePointer<git_odb_backend>?
        let made = accord_reader_new(&reader, forReader)
        if made < 0 { git_odb_free(forReader) }
        try check(made, "git_odb_init_backend")
        // Reads try the reader first: it sees every loose object and pack.
        try add(reader, to: odb, priority: 3)

        if mode == .batch {
            var store: UnsafeMutablePointer<accord_batch_backend>?
            try check(accord_batch_new(&store), "git_mempack_new")
            guard let store else { throw GitError(.other, function: "git_mempack_new", message: "no memory store") }
            // The highest priority with a write function takes every write.
            try add(accord_batch_as_backend(store), to: odb, priority: 1000)
            batchStore = store
        } else {
            var loose: UnsafeMutablePointer<git_odb_backend>?
            let objects = (gitDirectory.hasSuffix("/") ? gitDirectory : gitDirectory + "/") + "objects"
            // Compression level 1, git's own default for loose objects (`core.looseCompression`):
            // they are short-lived, and `maintain()` packs them.
            try check(git_odb_backend_loose(&loose, objects, 1, 0, 0, 0), "git_odb_backend_loose")
            try add(loose, to: odb, priority: 2)
        }

        var disk: OpaquePointer?
        try check(git_repository_odb(&disk, handle), "git_repository_odb")
        diskObjects = disk
        try check(git_repository_set_odb(handle, odb), "git_repository_set_odb")
    }

    private func add(_ backend: UnsafeMutablePointer<git_odb_backend>?, to odb: OpaquePointer?, priority: Int32) throws(GitError) {
        let code = git_odb_add_backend(odb, backend, priority)
        // On success the object database owns the backend; on failure it is ours to free.
        if code < 0, let backend { accord_backend_free(backend) }
        try check(code, "git_odb_add_backend")
    }
}
