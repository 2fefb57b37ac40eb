internal import CLibGit2

extension Repository {
    /// Puts an in-memory object store in front of the on-disk one, so that
    /// batch writes cost no file system work until `flush()`.
    func attachMempack() throws(GitError) {
        var backend: UnsafeMutablePointer<git_odb_backend>?
        try check(git_mempack_new(&backend), "git_mempack_new")
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "git_repository_odb")
        defer { git_odb_free(odb) }
        // The highest priority takes every write; reads fall through to disk.
        try check(git_odb_add_backend(odb, backend, 1000), "git_odb_add_backend")
        mempack = backend
    }

    /// The number of commits and refs waiting in a batch.
    public var hasPendingWrites: Bool { !pendingRefs.isEmpty }

    /// Writes every object of the batch as one pack, flushes it to disk, then
    /// moves each ref by compare-and-swap from the value it had when the batch
    /// first moved it, and flushes again.
    ///
    /// A crash before the refs move leaves only an unreferenced pack; the record
    /// is unchanged. Does nothing outside batch mode or when nothing is pending.
    /// - Throws: `.raceLost` when another writer moved a ref during the batch.
    public func flush() throws(GitError) {
        guard mode == .batch, let mempack, !pendingRefs.isEmpty else { return }
        var pack = git_buf()
        defer { git_buf_dispose(&pack) }
        try check(git_mempack_dump(&pack, handle, mempack), "git_mempack_dump")

        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "git_repository_odb")
        defer { git_odb_free(odb) }
        var writer: UnsafeMutablePointer<git_odb_writepack>?
        try check(git_odb_write_pack(&writer, odb, nil, nil), "git_odb_write_pack")
        defer { accord_writepack_free(writer) }
        var progress = git_indexer_progress()
        try check(accord_writepack_append(writer, pack.ptr, pack.size, &progress), "git_odb_writepack.append")
        try check(accord_writepack_commit(writer, &progress), "git_odb_writepack.commit")
        try sync()

        let moves = pendingRefs.sorted { $0.key < $1.key }
        pendingRefs = [:]
        defer { refsAtBatchStart = [:] }
        for (name, target) in moves {
            let expected = refsAtBatchStart[name] ?? nil
            try compareAndSwap(name, to: target, expected: expected, logMessage: "accord: batch")
        }
        try sync()
        // The pack now holds every object: the memory copy is no longer needed.
        git_mempack_reset(mempack)
        try check(git_odb_refresh(odb), "git_odb_refresh")
    }
}
