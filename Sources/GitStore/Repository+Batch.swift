internal import CLibGit2

extension Repository {
    /// Whether a batch holds commits or tags that `flush()` has not yet made visible.
    public var hasPendingWrites: Bool { !pendingRefs.isEmpty }

    /// Writes the batch's objects that the record does not hold yet as one pack, flushes it to disk, then
    /// moves each ref by compare-and-swap from the value it had when the batch
    /// first moved it, and flushes again.
    ///
    /// A crash before the refs move leaves only an unreferenced pack; the record
    /// is unchanged. Does nothing outside batch mode or when nothing is pending.
    /// - Throws: `.raceLost` when another writer moved a ref during the batch.
    ///   The batch is then dropped (its pack stays, unreferenced): start again
    ///   from the ref's new value. With several refs, those before the failing
    ///   one (in name order) have moved.
    public func flush() throws(GitError) {
        guard mode == .batch, !pendingRefs.isEmpty else { return }
        try packUnpackedObjects()
        try sync()

        let moves = pendingRefs.sorted { $0.key < $1.key }
        let starts = refsAtBatchStart
        pendingRefs = [:]
        refsAtBatchStart = [:]
        var moved = false
        for (name, target) in moves {
            do {
                try compareAndSwap(name, to: target, expected: starts[name] ?? nil, logMessage: "accord: batch")
                moved = true
            } catch {
                // Refs already moved must still be made durable before reporting.
                if moved { try? sync() }
                throw error
            }
        }
        try sync()
        // Each flush adds a pack; merging small ones keeps lookups fast.
        _ = try? maintain()
    }

    /// Drops the batch: its commits and tags, the refs they moved, and every object it wrote
    /// to memory, so that the ids of its commits no longer resolve. The record and this handle
    /// are as if the batch had never begun.
    public func abandonBatch() {
        guard mode == .batch else { return }
        pendingRefs = [:]
        refsAtBatchStart = [:]
        forgetWrittenObjects()
        // They hold the batch's folders and last commit, which no longer exist.
        recentFolders = FolderCache()
        lastCommitWritten = nil
    }
}
