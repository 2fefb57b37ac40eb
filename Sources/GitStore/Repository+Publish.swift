import Foundation
internal import CLibGit2

/// One ref to move by compare-and-swap.
struct ReferenceMove {
    let name: String
    /// The new value (nil: remove the ref).
    let target: ObjectID?
    /// The value the ref must still have (nil: it must not exist).
    let expected: ObjectID?
}

extension Repository {
    /// Whether a batch holds commits or tags that `flush()` has not yet made visible.
    public var hasPendingWrites: Bool { !pendingRefs.isEmpty }

    /// Makes the batch visible: writes every object in memory as one pack, then moves each ref
    /// by compare-and-swap from the value it had before the batch, all in one transaction.
    ///
    /// A crash before the refs move leaves only an unreferenced pack; the record is unchanged.
    /// libgit2 fsyncs the pack, its index and the refs, so that a flushed batch survives a power
    /// loss. Does nothing when nothing is pending.
    /// - Throws: `.raceLost` when another writer moved a ref during the batch. The batch is then
    ///   dropped (its pack stays, unreferenced): start again from the ref's new value.
    public func flush() throws(GitError) {
        guard !pendingRefs.isEmpty else { return }
        let moves = pendingRefs.sorted { $0.key < $1.key }.map { name, target in
            ReferenceMove(name: name, target: target, expected: refsBeforeBatch[name] ?? nil)
        }
        defer { abandonBatch() }
        if let pack { _ = try writeIntoPlace(pack) }
        try moveReferences(moves, logMessage: "accord: batch", signature: nil)
        // The batch has landed: a failure to tidy up must not be reported as its failure.
        maintain()
    }

    /// Drops the batch: its commits and tags, the refs they moved, and every object it wrote
    /// to memory, so that the ids of its commits no longer resolve.
    public func abandonBatch() {
        pendingRefs = [:]
        refsBeforeBatch = [:]
        forgetPack()
    }

    /// Forgets what memory holds unless a batch needs it: after a refusal or a prediction.
    func dropUnpublishedObjects() { if pendingRefs.isEmpty { forgetPack() } }

    /// Drops the pack being built and the objects in memory.
    private func forgetPack() {
        git_packbuilder_free(pack)
        pack = nil
        git_mempack_reset(memory)
    }

    /// Puts an object just written to memory into the pack being built. libgit2's pack builder
    /// would otherwise have to be given whole commits, and would pack every file and folder
    /// they reach, not only the new ones.
    /// - Parameter path: where the object lies in its tree, which the pack builder uses to pair
    ///   each version with the one before it as a delta.
    func addToPack(_ id: git_oid, path: String?) throws(GitError) {
        // Deltas are searched for on every core: a tally of 20,000 objects takes 0.93 s instead of 1.10 s.
        if pack == nil { try check(git_packbuilder_new(&pack, handle), "git_packbuilder_new"); git_packbuilder_set_threads(pack, 0) }
        var id = id
        try check(git_packbuilder_insert(pack, &id, path), "git_packbuilder_insert")
    }

    /// Moves refs to commits just written to memory: at once in direct mode, at `flush()` in a batch.
    func publish(_ moves: [ReferenceMove], logMessage: String, signature: Signature) throws(GitError) {
        switch mode {
        case .batch:
            for move in moves {
                if refsBeforeBatch[move.name] == nil { refsBeforeBatch[move.name] = .some(move.expected) }
                pendingRefs[move.name] = move.target
            }
        case .direct:
            defer { forgetPack() }
            if let pack { _ = try writeIntoPlace(pack) }
            try moveReferences(moves, logMessage: logMessage, signature: signature)
            maintain()
        }
    }

    /// Builds `builder`'s pack in memory and indexes it with libgit2's indexer (which fsyncs the pack
    /// and its index) in `accord/incoming`, then moves the pack into `objects/pack` before its index,
    /// as git does: the indexer puts the index first, and a `git gc` seeing an index without its pack
    /// deletes it (FaultTests). The objects stay readable from memory until the caller drops them.
    /// - Returns: the pack's name, `pack-` and the hash libgit2 gave it.
    func writeIntoPlace(_ builder: OpaquePointer) throws(GitError) -> String {
        let incoming = gitPath("accord/incoming/"), packs = gitPath("objects/pack/")
        try? FileManager.default.createDirectory(atPath: incoming, withIntermediateDirectories: true)
        // Built in memory and indexed in one append: libgit2's indexer maps and unmaps the pack file at each.
        var pack = git_buf(), progress = git_indexer_progress(), indexer: OpaquePointer?
        defer { git_buf_dispose(&pack); git_indexer_free(indexer) }
        try check(git_packbuilder_write_buf(&pack, builder), "git_packbuilder_write_buf")
        try check(git_indexer_new(&indexer, incoming, 0, nil, nil), "git_indexer_new")
        try check(git_indexer_append(indexer, pack.ptr, pack.size, &progress), "git_indexer_append")
        try check(git_indexer_commit(indexer, &progress), "git_indexer_commit")
        let name = "pack-" + String(cString: git_indexer_name(indexer))
        let folder = Foundation.open(packs, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(folder) }
        // Both moves are durable before any ref names the pack's objects.
        guard rename(incoming + name + ".pack", packs + name + ".pack") == 0, rename(incoming + name + ".idx", packs + name + ".idx") == 0,
              folder >= 0, fsync(folder) == 0 else {
            throw GitError(.notWritable, function: "rename", message: "cannot move the new \(name) into ‘\(packs)’: \(String(cString: strerror(errno)))")
        }
        return name
    }

    /// Moves refs by compare-and-swap, all or none as far as other writers can see: every ref
    /// is locked, compared under its lock, then moved, in one libgit2 transaction.
    ///
    /// libgit2 applies a transaction's updates one by one: a writer killed in between may leave
    /// a commit without its tag, or a tag on a commit its branch never reached. Callers that
    /// tag (the record's adoption) check for both (see `Record`).
    ///
    /// Accord's writers hold an `flock` on `accord/refs.lock` around the transaction and write in
    /// it the refs they move, until done. Ref lock files name no owner: those of refs a writer
    /// left written there are its own, left when it was killed, and are removed at once. Any
    /// other is git's (`update-ref --stdin` holds one as long as it likes): waited for, never removed.
    func moveReferences(_ moves: [ReferenceMove], logMessage: String, signature: Signature?) throws(GitError) {
        let held = writerLock
        let writers = if let held { held } else { try takeWriterLock() }
        defer { if held == nil { writers.release() } }
        writers.mark(moving: moves.map(\.name))
        defer { writers.mark(moving: []) }
        let rawSignature = try signature?.makeRaw()
        defer { git_signature_free(rawSignature) }
        var waited: useconds_t = 0
        while true {
            var transaction: OpaquePointer?
            try check(git_transaction_new(&transaction, handle), "git_transaction_new")
            defer { git_transaction_free(transaction) }
            var lockedRef: String?
            for move in moves where lockedRef == nil {
                let code = git_transaction_lock_ref(transaction, move.name)
                if code == GIT_ELOCKED.rawValue { lockedRef = move.name } else { try check(code, "git_transaction_lock_ref") }
            }
            if let lockedRef {
                guard waited < 200_000 else {
                    throw GitError(.locked, code: GIT_ELOCKED.rawValue, function: "git_transaction_lock_ref",
                                   message: "‘\(lockedRef)’ is being updated by another program (git?); if none is running, remove ‘\(gitPath(lockedRef + ".lock"))’")
                }
                usleep(5_000)
                waited += 5_000
                continue
            }
            for move in moves {
                let current = try referenceOnDisk(move.name)
                if current != move.expected { throw Self.raceLost(move.name, expected: move.expected, found: current) }
            }
            for move in moves {
                if var target = move.target?.raw {
                    try check(git_transaction_set_target(transaction, move.name, &target, rawSignature, logMessage), "git_transaction_set_target")
                } else {
                    try check(git_transaction_remove(transaction, move.name), "git_transaction_remove")
                }
            }
            try check(git_transaction_commit(transaction), "git_transaction_commit")
            return
        }
    }
}

extension Repository {
    /// Runs `body` as the only Accord writer of the repository: another Accord writer, in this
    /// process or another, waits until it returns before it reads the tip or moves a ref.
    ///
    /// A writer that checks its action on the tip and writes it within `body` cannot lose the
    /// race to another Accord writer (only to git itself), so it never plans and writes twice:
    /// fifty writers at once each wait their turn instead of retrying in a storm. Reentrant.
    /// - Returns: what `body` returned or threw.
    /// - Throws: only when the lock cannot be taken.
    public func asTheOnlyWriter<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(GitError) -> Result<T, Failure> {
        if writerLock != nil { return Result(catching: body) }
        let lock = try takeWriterLock()
        writerLock = lock
        defer { writerLock = nil; lock.release() }
        return Result(catching: body)
    }

    /// Waits for the writers' lock, then removes the ref lock files of a writer killed holding it.
    func takeWriterLock() throws(GitError) -> WriterLock {
        let lock = try WriterLock(gitPath("accord/refs.lock"))
        guard !lock.refsOfAKilledWriter.isEmpty else { return lock }
        for ref in lock.refsOfAKilledWriter where unlink(gitPath(ref + ".lock")) != 0 && errno != ENOENT {
            lock.release()
            throw GitError(.locked, code: GIT_ELOCKED.rawValue, function: "unlink",
                           message: "‘\(ref)’ is locked and its lock file cannot be removed: \(String(cString: strerror(errno)))")
        }
        lock.mark(moving: [])
        return lock
    }
}

/// An exclusive `flock` on one file, held by one writer of the repository at a time.
///
/// The kernel releases it when its holder exits, however it exits, so it never goes stale.
struct WriterLock {
    private let descriptor: Int32
    /// The refs whose lock files the writer before this one may have left when it was killed.
    let refsOfAKilledWriter: [String]

    /// Waits for the lock on `path`, creating the file (and its folder) if needed.
    init(_ path: String) throws(GitError) {
        var descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if descriptor < 0, errno == ENOENT { // the folder is made once, not looked for at every action
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            descriptor = Foundation.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        }
        guard descriptor >= 0 else {
            throw GitError(.notWritable, function: "open", message: "cannot open ‘\(path)’: \(String(cString: strerror(errno)))")
        }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw GitError(.locked, function: "flock", message: "cannot lock ‘\(path)’: \(reason)")
            }
        }
        self.descriptor = descriptor
        var bytes = [UInt8](repeating: 0, count: 4_096)
        let count = max(0, pread(descriptor, &bytes, bytes.count, 0))
        refsOfAKilledWriter = String(decoding: bytes[..<count], as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { $0.hasPrefix("refs/") && !$0.contains("..") }
    }

    /// Names the refs about to be locked, durably before any of their lock files exists (none: clears).
    func mark(moving refs: [String]) {
        let text = Array(refs.map { $0 + "\n" }.joined().utf8)
        _ = ftruncate(descriptor, 0)
        if !text.isEmpty, pwrite(descriptor, text, text.count, 0) == text.count { fdatasync(descriptor) }
    }

    /// Lets the next writer in.
    func release() { close(descriptor) }
}
