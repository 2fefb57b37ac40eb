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
    public var changes: [FileChange]
    public var author: Signature
    /// Defaults to the author.
    public var committer: Signature?
    public var message: CommitMessage

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
    /// - Throws: `GitError` of kind `.raceLost` when another writer moved the ref
    ///   first: re-read, re-validate and retry.
    @discardableResult
    public func commit(_ request: CommitRequest) throws(GitError) -> ObjectID {
        for change in request.changes { try RecordPath.validate(change.path) }
        try checkNotMoved(request.ref, expected: request.parent)
        let tree = try makeTree(base: request.parent, changes: request.changes)
        let commit = try writeCommit(tree: tree, parent: request.parent, author: request.author,
                                     committer: request.committer ?? request.author, message: request.message)
        try moveReference(request.ref, to: commit, expected: request.parent, logMessage: request.message.subject)
        return commit
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

    private func makeTree(base parent: ObjectID?, changes: [FileChange]) throws(GitError) -> git_oid {
        var baseline: OpaquePointer?
        if let parent {
            var oid = parent.raw
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, handle, &oid), "git_commit_lookup")
            defer { git_commit_free(commit) }
            try check(git_commit_tree(&baseline, commit), "git_commit_tree")
        }
        defer { git_tree_free(baseline) }

        // Blobs first; then one tree update that rewrites only the folders on the changed paths.
        var blobs: [git_oid] = []
        for change in changes {
            var oid = git_oid()
            if case .write(_, let bytes) = change {
                let code = bytes.withUnsafeBytes { buffer in
                    git_blob_create_from_buffer(&oid, handle, buffer.baseAddress, buffer.count)
                }
                try check(code, "git_blob_create_from_buffer")
            }
            blobs.append(oid)
        }
        let paths = changes.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var updates: [git_tree_update] = []
        for (index, change) in changes.enumerated() {
            var update = git_tree_update()
            update.path = UnsafePointer(paths[index])
            update.id = blobs[index]
            switch change {
            case .write:
                update.action = GIT_TREE_UPDATE_UPSERT
                update.filemode = GIT_FILEMODE_BLOB
            case .delete:
                update.action = GIT_TREE_UPDATE_REMOVE
            }
            updates.append(update)
        }
        var tree = git_oid()
        if let baseline {
            try check(git_tree_create_updated(&tree, handle, baseline, updates.count, updates), "git_tree_create_updated")
        } else {
            // No parent: start from the empty tree.
            var builder: OpaquePointer?
            try check(git_treebuilder_new(&builder, handle, nil), "git_treebuilder_new")
            var empty = git_oid()
            let code = git_treebuilder_write(&empty, builder)
            git_treebuilder_free(builder)
            try check(code, "git_treebuilder_write")
            var emptyTree: OpaquePointer?
            try check(git_tree_lookup(&emptyTree, handle, &empty), "git_tree_lookup")
            defer { git_tree_free(emptyTree) }
            try check(git_tree_create_updated(&tree, handle, emptyTree, updates.count, updates), "git_tree_create_updated")
        }
        return tree
    }

    private func writeCommit(tree: git_oid, parent: ObjectID?, author: Signature, committer: Signature,
                             message: CommitMessage) throws(GitError) -> ObjectID {
        var treeID = tree
        var treeObject: OpaquePointer?
        try check(git_tree_lookup(&treeObject, handle, &treeID), "git_tree_lookup")
        defer { git_tree_free(treeObject) }
        var parentObject: OpaquePointer?
        if let parent {
            var oid = parent.raw
            try check(git_commit_lookup(&parentObject, handle, &oid), "git_commit_lookup")
        }
        defer { git_commit_free(parentObject) }
        var parents: [OpaquePointer?] = parentObject.map { [$0] } ?? []
        let text = message.text
        var out = git_oid()
        try author.withRaw { rawAuthor throws(GitError) in
            try committer.withRaw { rawCommitter throws(GitError) in
                try check(git_commit_create(&out, handle, nil, rawAuthor, rawCommitter, "UTF-8", text,
                                            treeObject, parents.count, &parents), "git_commit_create")
            }
        }
        return ObjectID(out)
    }

    /// Moves a ref by compare-and-swap, retrying briefly while another writer holds its lock.
    func moveReference(_ name: String, to target: ObjectID, expected: ObjectID?, logMessage: String) throws(GitError) {
        if mode == .batch {
            if refsAtBatchStart[name] == nil { refsAtBatchStart[name] = .some(expected) }
            pendingRefs[name] = target
            return
        }
        if mode == .direct(durable: true) { try sync() }
        try compareAndSwap(name, to: target, expected: expected, logMessage: logMessage)
        if mode == .direct(durable: true) { try sync() }
    }

    func compareAndSwap(_ name: String, to target: ObjectID, expected: ObjectID?, logMessage: String) throws(GitError) {
        var newID = target.raw
        // git waits up to 100 ms for a ref lock; libgit2 does not wait, so wait here.
        var delay: useconds_t = 1_000
        for attempt in 0..<8 {
            var ref: OpaquePointer?
            let code: Int32
            if let expected {
                var old = expected.raw
                code = git_reference_create_matching(&ref, handle, name, &newID, 1, &old, logMessage)
            } else {
                code = git_reference_create(&ref, handle, name, &newID, 0, logMessage)
            }
            git_reference_free(ref)
            if code == 0 { return }
            if code == GIT_ELOCKED.rawValue && attempt < 7 {
                usleep(delay)
                delay *= 2
                continue
            }
            if code == GIT_EMODIFIED.rawValue || code == GIT_EEXISTS.rawValue {
                throw Self.raceLost(name, expected: expected, found: try? reference(name))
            }
            try check(code, expected == nil ? "git_reference_create" : "git_reference_create_matching")
        }
    }

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
