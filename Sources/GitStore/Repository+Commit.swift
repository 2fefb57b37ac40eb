import Foundation
internal import CLibGit2

/// One change to a file in a commit.
public enum FileChange: Sendable, Equatable {
    /// Creates or replaces the file at a path; missing folders are created.
    case write(path: String, bytes: [UInt8])
    /// Removes the file (or folder) at a path.
    case delete(path: String)

    /// Creates or replaces a file with UTF-8 text.
    public static func write(_ path: String, _ text: String) -> FileChange {
        .write(path: path, bytes: Array(text.utf8))
    }

    /// Creates or replaces a file with these bytes.
    public static func write(_ path: String, _ bytes: [UInt8]) -> FileChange {
        .write(path: path, bytes: bytes)
    }

    /// The path the change applies to, from the top of the record.
    public var path: String {
        switch self {
        case .write(let path, _), .delete(let path): path
        }
    }
}

/// Everything needed to write one commit.
public struct CommitRequest: Sendable {
    /// The ref to move, e.g. `refs/heads/main`.
    public var ref: String
    /// The commit the ref must still point at (nil: the ref must not exist yet).
    public var parent: ObjectID?
    /// The files to add, replace or delete; each path at most once.
    public var changes: [FileChange]
    /// Who made the change (the actor of the workflow step).
    public var author: Signature
    /// Defaults to the author.
    public var committer: Signature?
    /// The subject, body and trailers of the commit.
    public var message: CommitMessage
    /// An annotated tag on the new commit, created in the same atomic ref update.
    public var tag: (name: String, message: String)?

    /// A request for `Repository.commit(_:)`; the committer defaults to the author.
    public init(ref: String, parent: ObjectID?, changes: [FileChange], author: Signature,
                committer: Signature? = nil, message: CommitMessage) {
        self.ref = ref
        self.parent = parent
        self.changes = changes
        self.author = author
        self.committer = committer
        self.message = message
    }
}

extension Repository {
    /// Writes one commit of `request.changes` on top of `request.parent` and
    /// moves `request.ref` to it, only if the ref still points at that parent.
    ///
    /// Atomic: objects are written first and the ref moves last, under its lock
    /// file; any failure leaves the ref where it was. No index or work tree is used.
    /// Outside a batch, the objects are loose files, or one pack for a large commit.
    /// - Throws: `GitError` of kind `.raceLost` when another writer moved the ref
    ///   first: re-read, re-validate and retry.
    @discardableResult
    public func commit(_ request: CommitRequest) throws(GitError) -> ObjectID {
        if mode != .batch, request.changes.count >= Self.packedCommitSize, request.tag == nil {
            return try commitAsOnePack(request)
        }
        try Self.validate(request.changes)
        try checkNotMoved(request.ref, expected: request.parent)
        let tree = try updateTree(applying: request.changes, to: request.parent, writingTo: objectWriter)
        // Packing the objects (at the flush, or once loose) stores each version as a delta of its replacement.
        versionPairs.append(contentsOf: tree.replaced)
        let commit = try writeCommit(tree: tree.root.oid, parent: request.parent, author: request.author,
                                     committer: request.committer ?? request.author, message: request.message)
        lastCommitWritten = (commit, ObjectID(tree.root.oid))
        var moves = [ReferenceMove(name: request.ref, target: commit, expected: request.parent)]
        if let tag = request.tag {
            let tagID = try writeTag(tag.name, target: commit, tagger: request.committer ?? request.author, message: tag.message)
            moves.append(ReferenceMove(name: "refs/tags/" + tag.name, target: tagID, expected: nil))
        }
        try moveReferences(moves, logMessage: request.message.subject, signature: request.committer ?? request.author)
        if mode != .batch {
            // The commit has landed: a failure to tidy up must not be reported as its failure.
            _ = try? maintain()
        }
        return commit
    }

    /// Changes from which a single commit is written as a pack rather than as loose objects.
    static let packedCommitSize = 100

    /// Writes a large commit (a tally rewrites thousands of files) as a batch of one: its
    /// objects land in one pack instead of one file each, and its ref moves by the same
    /// compare-and-swap, durably, as a batch's flush moves it.
    private func commitAsOnePack(_ request: CommitRequest) throws(GitError) -> ObjectID {
        let batch = try Repository.open(at: gitDirectory, mode: .batch)
        // The folders this handle has read (a tally's caller has just listed thousands) serve the batch's commit.
        batch.recentFolders = recentFolders
        let commit = try batch.commit(request)
        try batch.flush()
        recentFolders = batch.recentFolders
        lastCommitWritten = batch.lastCommitWritten
        // The flush may have merged packs this handle has open.
        try reopenDiskObjects()
        return commit
    }

    /// Refuses bad paths before anything else is looked at. (A path named twice, whose outcome
    /// would depend on the order of the changes, is refused by `updateTree`, where the sorted
    /// changes stand side by side.)
    static func validate(_ changes: [FileChange]) throws(GitError) {
        for change in changes { try RecordPath.validate(change.path) }
    }

    /// Fails early, before writing objects, when the ref has already moved.
    private func checkNotMoved(_ ref: String, expected: ObjectID?) throws(GitError) {
        let current = try reference(ref)
        guard current == expected else { throw Self.raceLost(ref, expected: expected, found: current) }
    }

    static func raceLost(_ ref: String, expected: ObjectID?, found: ObjectID?) -> GitError {
        GitError(.raceLost, code: GIT_EMODIFIED.rawValue, function: "compare-and-swap",
                 message: "‘\(ref)’ moved to \(found?.short ?? "nothing") while this change was being prepared on \(expected?.short ?? "nothing")")
    }

    /// Writes the commit object from ids alone: the new tree and the parent
    /// need not be read back.
    private func writeCommit(tree: git_oid, parent: ObjectID?, author: Signature, committer: Signature,
                             message: CommitMessage) throws(GitError) -> ObjectID {
        var treeID = tree
        var parentID = parent?.raw ?? git_oid()
        let text = message.text
        var out = git_oid()
        try author.withRaw { rawAuthor throws(GitError) in
            try committer.withRaw { rawCommitter throws(GitError) in
                try withUnsafePointer(to: &parentID) { parentPointer throws(GitError) in
                    var parents: [UnsafePointer<git_oid>?] = parent == nil ? [] : [parentPointer]
                    try check(git_commit_create_from_ids(&out, handle, nil, rawAuthor, rawCommitter, "UTF-8", text,
                                                         &treeID, parents.count, &parents), "git_commit_create_from_ids")
                }
            }
        }
        return ObjectID(out)
    }

    /// Moves refs by compare-and-swap, all or none: one ref with libgit2's
    /// matching update, several (a commit and its tag) in one ref transaction.
    func moveReferences(_ moves: [ReferenceMove], logMessage: String, signature: Signature) throws(GitError) {
        if mode == .batch {
            for move in moves {
                if refsAtBatchStart[move.name] == nil { refsAtBatchStart[move.name] = .some(move.expected) }
                pendingRefs[move.name] = move.target
            }
            return
        }
        if mode == .direct(durable: true) { try sync() }
        if moves.count == 1, let move = moves.first {
            try compareAndSwap(move.name, to: move.target, expected: move.expected, logMessage: logMessage)
        } else {
            try transaction(moves, logMessage: logMessage, signature: signature)
        }
        if mode == .direct(durable: true) { try sync() }
    }

    /// Locks every ref, checks each still holds its expected value, then moves them together.
    private func transaction(_ moves: [ReferenceMove], logMessage: String, signature: Signature) throws(GitError) {
        var delay: useconds_t = 1_000
        for attempt in 0..<8 {
            var transaction: OpaquePointer?
            try check(git_transaction_new(&transaction, handle), "git_transaction_new")
            defer { git_transaction_free(transaction) }
            var locked = true
            for move in moves {
                let code = git_transaction_lock_ref(transaction, move.name)
                if code == GIT_ELOCKED.rawValue { locked = false; break }
                try check(code, "git_transaction_lock_ref")
            }
            guard locked else {
                if let stale = moves.lazy.compactMap({ self.staleLock(for: $0.name) }).first { throw stale }
                if attempt == 7 {
                    throw GitError(.locked, code: GIT_ELOCKED.rawValue, function: "git_transaction_lock_ref",
                                   message: "‘\(moves.map(\.name).joined(separator: "’, ‘"))’ stayed locked by another writer; try again")
                }
                usleep(delay)
                delay *= 2
                continue
            }
            for move in moves {
                let current = try reference(move.name)
                if current != move.expected { throw Self.raceLost(move.name, expected: move.expected, found: current) }
            }
            try signature.withRaw { raw throws(GitError) in
                for move in moves {
                    var target = move.target.raw
                    try check(git_transaction_set_target(transaction, move.name, &target, raw, logMessage), "git_transaction_set_target")
                }
            }
            try check(git_transaction_commit(transaction), "git_transaction_commit")
            return
        }
    }

    /// How old a ref's lock file must be before it is called stale.
    ///
    /// git and libgit2 hold a ref lock only while writing about 41 bytes and
    /// renaming the file (well under a second even with fsync on a slow disk),
    /// and git itself gives up on a lock after 100 ms; a lock untouched for
    /// 10 s belongs to a writer that crashed or was killed.
    public static let staleLockAge: Double = 10

    /// The compare-and-swap itself: the ref's lock file is taken and the ref
    /// compared under it, so no other writer (libgit2 or git) can slip in.
    ///
    /// A plain loose ref that keeps no reflog is moved by the shim's `accord_ref_move`,
    /// which frees no file; any other (a new ref, one only in `packed-refs`, a logged
    /// one) by libgit2.
    func compareAndSwap(_ name: String, to target: ObjectID, expected: ObjectID?, logMessage: String) throws(GitError) {
        var newID = target.raw
        var byLibgit2 = expected == nil || logsRefUpdates
        // git waits up to 100 ms for a ref lock; libgit2 does not wait, so wait
        // here: 1 + 2 + … + 64 ms, then report.
        var delay: useconds_t = 1_000
        let attempts = 8
        for attempt in 0..<attempts {
            var ref: OpaquePointer?
            var code = GIT_PASSTHROUGH.rawValue
            if !byLibgit2, let expected {
                code = accord_ref_move(spares, gitDirectory, name, target.hex, expected.hex, flushesEachFile ? 1 : 0)
                if code == GIT_PASSTHROUGH.rawValue { byLibgit2 = true }
            }
            if code == GIT_PASSTHROUGH.rawValue {
                if let expected {
                    var old = expected.raw
                    code = git_reference_create_matching(&ref, handle, name, &newID, 1, &old, logMessage)
                } else {
                    code = git_reference_create(&ref, handle, name, &newID, 0, logMessage)
                }
            }
            let failure = code < 0 ? GitError.fromLastError(code, function: !byLibgit2 ? "accord_ref_move"
                                                                : expected == nil ? "git_reference_create" : "git_reference_create_matching") : nil
            git_reference_free(ref)
            guard let failure else { return }
            if code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue {
                throw Self.raceLost(name, expected: expected, found: try? reference(name))
            }
            guard code == GIT_ELOCKED.rawValue else { throw failure }
            if let stale = staleLock(for: name) { throw stale }
            if attempt == attempts - 1 {
                throw GitError(.locked, code: code, function: failure.function,
                               message: "‘\(name)’ stayed locked by another writer for over 100 ms; try again (\(failure.message))")
            }
            usleep(delay)
            delay *= 2
        }
    }

    /// The error for a lock file on `ref` older than `staleLockAge`, or nil.
    ///
    /// A stale lock is reported, never removed: its age alone cannot prove its
    /// writer is gone (a paused process, a clock jump, another machine on a
    /// network share), and removing a live lock would let two writers in.
    func staleLock(for ref: String) -> GitError? {
        for lock in [gitPath(ref + ".lock"), gitPath("packed-refs.lock")] {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: lock),
                  let modified = attributes[.modificationDate] as? Date else { continue }
            let age = Date().timeIntervalSince(modified)
            guard age >= Self.staleLockAge else { continue }
            return GitError(.locked, code: GIT_ELOCKED.rawValue, function: "compare-and-swap",
                            message: "‘\(ref)’ cannot move: the lock file ‘\(lock)’ is \(Int(age)) s old, "
                                + "left by a writer that crashed or was killed. If no git or Accord process "
                                + "is writing this repository, remove that file and retry.")
        }
        return nil
    }

    /// Whether `sync()` flushes the data of every file (Linux's `syncfs`), or
    /// only the git directory itself, so that packs must flush their own files.
    #if os(Linux)
    static let syncCoversFiles = true
    #else
    static let syncCoversFiles = false
    #endif

    /// Whether each file written and its folder are flushed one by one: durable writes
    /// where one `sync()` does not cover every file.
    var flushesEachFile: Bool { mode == .direct(durable: true) && !Self.syncCoversFiles }

    /// A filesystem barrier: everything written so far reaches the disk.
    ///
    /// One `syncfs` stands for the fsync of every object file and folder; it
    /// runs before a ref moves (so the ref never points at lost objects) and
    /// after (so a reported action survives a power loss).
    func sync() throws(GitError) {
        let descriptor = Foundation.open(gitDirectory, O_RDONLY)
        guard descriptor >= 0 else {
            throw GitError(.other, function: "open", message: "cannot open ‘\(gitDirectory)’ to flush it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard accord_syncfs(descriptor) == 0 else {
            throw GitError(.other, function: "syncfs", message: "flushing ‘\(gitDirectory)’ to disk failed: \(String(cString: strerror(errno)))")
        }
    }
}

/// One ref to move by compare-and-swap.
struct ReferenceMove {
    let name: String
    let target: ObjectID
    /// The value the ref must still have (nil: it must not exist).
    let expected: ObjectID?
}
