import Foundation
internal import CLibGit2

/// One change to a file in a commit.
public enum FileChange: Sendable, Equatable {
    /// Creates or replaces the file at a path; missing folders are created.
    case write(path: String, bytes: [UInt8])
    /// Removes the file (or folder) at a path.
    case delete(path: String)

    /// Creates or replaces a file with UTF-8 text.
    public static func write(_ path: String, _ text: String) -> FileChange { .write(path: path, bytes: Array(text.utf8)) }

    /// Creates or replaces a file with these bytes.
    public static func write(_ path: String, _ bytes: [UInt8]) -> FileChange { .write(path: path, bytes: bytes) }

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
    /// An annotated tag on the new commit, created in the same ref transaction.
    public var tag: (name: String, message: String)?

    /// A request for `Repository.commit(_:)`; the committer defaults to the author.
    public init(ref: String, parent: ObjectID?, changes: [FileChange], author: Signature, committer: Signature? = nil, message: CommitMessage) {
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
    /// Atomic: the objects reach the disk first, as one pack, and the ref moves last, in a
    /// transaction that compares it under its lock; any failure leaves the ref where it was.
    /// In batch mode the commit stays in memory until `flush()`. No index or work tree is used.
    /// - Throws: `GitError` of kind `.raceLost` when another writer moved the ref
    ///   first: re-read, re-validate and retry. A refused commit writes nothing.
    @discardableResult
    public func commit(_ request: CommitRequest) throws(GitError) -> ObjectID {
        forgetVanishedPacks()
        let committer = request.committer ?? request.author
        // Fails early, before writing objects, when the ref has already moved.
        let current = try reference(request.ref)
        guard current == request.parent else { throw Self.raceLost(request.ref, expected: request.parent, found: current) }
        if let tag = request.tag { try checkTagIsFree(tag.name) }
        do {
            let tree = try writeTree(applying: request.changes, to: request.parent, packing: true)
            let commit = try writeCommit(tree: tree, parent: request.parent, author: request.author,
                                         committer: committer, message: request.message)
            var moves = [ReferenceMove(name: request.ref, target: commit, expected: request.parent)]
            if let tag = request.tag {
                let tagID = try writeTag(tag.name, target: commit, tagger: committer, message: tag.message)
                moves.append(ReferenceMove(name: "refs/tags/" + tag.name, target: tagID, expected: nil))
            }
            try publish(moves, logMessage: request.message.subject, signature: committer)
            return commit
        } catch {
            dropUnpublishedObjects()
            throw error
        }
    }

    /// The id of the root tree that a commit of `changes` on top of `parent` would have.
    ///
    /// The tree is built by the code that `commit(_:)` runs, through libgit2, into the in-memory
    /// store, and dropped again unless a batch is pending: nothing reaches the disk.
    /// - Throws: what `commit(_:)` throws for the same changes.
    public func predictedTreeID(applying changes: [FileChange], to parent: ObjectID?) throws(GitError) -> ObjectID {
        defer { dropUnpublishedObjects() }
        return try writeTree(applying: changes, to: parent, packing: false)
    }

    static func raceLost(_ ref: String, expected: ObjectID?, found: ObjectID?) -> GitError {
        GitError(.raceLost, code: GIT_EMODIFIED.rawValue, function: "compare-and-swap",
                 message: "‘\(ref)’ moved to \(found?.short ?? "nothing") while this change was being prepared on \(expected?.short ?? "nothing")")
    }

    /// Writes the files of `changes` and the folders on their paths into memory with libgit2's
    /// `git_tree_create_updated`, after checking every change against the parent's tree, so
    /// that a refused change writes nothing.
    ///
    /// Each written file is an ordinary file (mode 100644); missing folders are created; every
    /// other entry is kept as it is.
    /// - Throws: `.invalidPath` for a bad path, a path changed twice, a file in place of a
    ///   folder or inside a file, or a path both changed and used as a folder; `.notFound` for
    ///   the deletion of a path that does not exist.
    /// - Parameter packing: whether the new objects go into the next pack (see `addToPack`).
    private func writeTree(applying changes: [FileChange], to parent: ObjectID?, packing: Bool) throws(GitError) -> ObjectID {
        for change in changes { try RecordPath.validate(change.path) }
        let base = try rootTree(of: parent)
        defer { git_tree_free(base) }
        try checkApplicable(changes, to: base)
        // The paths must outlive the call: each update points at a copy of its path.
        let paths = changes.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var updates: [git_tree_update] = []
        for (change, path) in zip(changes, paths) {
            var update = git_tree_update()
            update.action = GIT_TREE_UPDATE_REMOVE
            update.filemode = GIT_FILEMODE_BLOB
            update.path = UnsafePointer(path)
            if case .write(_, let bytes) = change {
                // The new file, written to memory.
                try check(bytes.withUnsafeBytes { git_blob_create_from_buffer(&update.id, handle, $0.baseAddress, $0.count) },
                          "git_blob_create_from_buffer")
                if packing { try addToPack(update.id, path: change.path) }
                update.action = GIT_TREE_UPDATE_UPSERT
            }
            updates.append(update)
        }
        var root = git_oid()
        let code = git_tree_create_updated(&root, handle, base, updates.count, &updates)
        try check(code, "git_tree_create_updated")
        if packing { try addFoldersToPack(on: changes.map(\.path), below: root) }
        return ObjectID(root)
    }

    /// Adds to the next pack the folders on the changed paths: libgit2 wrote them, and names
    /// only the top one, so each is found again in the new tree (they are in its cache).
    private func addFoldersToPack(on paths: [String], below root: git_oid) throws(GitError) {
        try addToPack(root, path: "")
        let tree = try lookUp(ObjectID(root), GIT_OBJECT_TREE)
        defer { git_object_free(tree) }
        var folders = Set<Substring>()
        for path in paths {
            var folder = Substring(path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard folders.insert(folder).inserted else { break }
            }
        }
        for folder in folders {
            if let entry = try entry(String(folder), in: tree), entry.kind == .folder { try addToPack(entry.id.raw, path: String(folder)) }
        }
    }

    /// Refuses changes whose outcome would be a guess, in words that name the path.
    private func checkApplicable(_ changes: [FileChange], to base: OpaquePointer?) throws(GitError) {
        // Sorted by bytes, so that a path and the paths inside it as a folder stand side by side.
        let sorted = changes.map { Array($0.path.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) {
            if earlier == later {
                throw GitError(.invalidPath, function: "commit", message: "‘\(String(decoding: earlier, as: UTF8.self))’ is changed twice in the same commit")
            }
            if later.count > earlier.count, later[earlier.count] == UInt8(ascii: "/"), later.starts(with: earlier) {
                throw GitError(.invalidPath, function: "commit",
                               message: "‘\(String(decoding: earlier, as: UTF8.self))’ is changed and is also the folder of another change in the same commit")
            }
        }
        for change in changes {
            if let existing = try entry(change.path, in: base) {
                if case .write = change, existing.kind == .folder {
                    throw GitError(.invalidPath, function: "commit", message: "‘\(change.path)’ is a folder: a file cannot take its place")
                }
                continue
            }
            // Missing: the nearest part of the path that exists must be a folder.
            var folder = Substring(change.path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard let above = try entry(String(folder), in: base) else { continue }
                if above.kind == .file {
                    throw GitError(.invalidPath, function: "commit", message: "‘\(folder)’ is a file, not a folder: no path can go through it")
                }
                break
            }
            if case .delete = change {
                throw GitError(.notFound, function: "commit", message: "‘\(change.path)’ cannot be deleted: the record holds no such file or folder")
            }
        }
    }

    /// Writes the commit object into memory.
    private func writeCommit(tree: ObjectID, parent: ObjectID?, author: Signature, committer: Signature,
                             message: CommitMessage) throws(GitError) -> ObjectID {
        let treeObject = try lookUp(tree, GIT_OBJECT_TREE)
        defer { git_object_free(treeObject) }
        let parentObject = if let parent { try lookUp(parent, GIT_OBJECT_COMMIT) } else { OpaquePointer?.none }
        defer { git_object_free(parentObject) }
        let rawAuthor = try author.makeRaw()
        defer { git_signature_free(rawAuthor) }
        let rawCommitter = try committer.makeRaw()
        defer { git_signature_free(rawCommitter) }
        var parents: [OpaquePointer?] = parentObject.map { [$0] } ?? []
        var out = git_oid()
        try check(git_commit_create(&out, handle, nil, rawAuthor, rawCommitter, "UTF-8", message.text, treeObject, parents.count, &parents),
                  "git_commit_create")
        try addToPack(out, path: nil)
        return ObjectID(out)
    }
}
