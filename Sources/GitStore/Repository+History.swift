import Foundation
internal import CLibGit2

/// A commit as read back from the record.
public struct CommitInfo: Sendable, Equatable {
    /// The commit's own id.
    public let id: ObjectID
    /// Its parents, first parent first (empty for the first commit).
    public let parents: [ObjectID]
    /// Who made the change.
    public let author: Signature
    /// Who recorded it.
    public let committer: Signature
    /// The message, with trailers parsed.
    public let message: CommitMessage
}

/// How a path differs between two commits.
public struct PathChange: Sendable, Equatable, Hashable {
    /// What happened to the path, as `git diff --name-status` says A, M or D.
    public enum Kind: Sendable, Equatable, Hashable { case added, modified, deleted }
    /// The file's path from the top of the record.
    public let path: String
    /// Whether the path was added, modified or deleted.
    public let kind: Kind

    /// Public so that callers can state expected changes (in tests, in previews).
    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}

extension Repository {
    /// The order of a history walk.
    public enum HistoryOrder: Sendable { case newestFirst, oldestFirst }

    /// The commit with this id.
    public func commitInfo(_ id: ObjectID) throws(GitError) -> CommitInfo {
        let commit = try lookUp(id, GIT_OBJECT_COMMIT)
        defer { git_commit_free(commit) }
        return makeInfo(commit)
    }

    private func makeInfo(_ commit: OpaquePointer?) -> CommitInfo {
        let parents = (0..<git_commit_parentcount(commit)).compactMap { git_commit_parent_id(commit, $0).map { ObjectID($0.pointee) } }
        return CommitInfo(id: ObjectID(git_commit_id(commit).pointee), parents: parents, author: Signature(git_commit_author(commit)),
                          committer: Signature(git_commit_committer(commit)),
                          message: CommitMessage(parsing: String(cString: git_commit_message(commit))))
    }

    /// The commits reachable from `start`, in topological order, with trailers parsed.
    /// - Complexity: O(n) in the number of commits visited; `limit` bounds it.
    public func history(from start: ObjectID, order: HistoryOrder = .newestFirst, limit: Int? = nil) throws(GitError) -> [CommitInfo] {
        // A reversed walk must see every commit first, so a limit applies after it.
        let sorting = GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue | (order == .oldestFirst ? GIT_SORT_REVERSE.rawValue : 0)
        var result: [CommitInfo] = []
        try walk(from: start, sorting: sorting) { next throws(GitError) in
            if order == .newestFirst, let limit, result.count >= limit { return false }
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, handle, &next), "git_commit_lookup")
            result.append(makeInfo(commit))
            git_commit_free(commit)
            return true
        }
        if order == .oldestFirst, let limit { return Array(result.prefix(limit)) }
        return result
    }

    /// Walks the commits reachable from `start` (with `firstParent`, along first parents only) in
    /// libgit2's `sorting`, while `visit` returns true.
    private func walk(from start: ObjectID, sorting: UInt32, firstParent: Bool = false,
                      _ visit: (inout git_oid) throws(GitError) -> Bool) throws(GitError) {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "git_revwalk_new")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, sorting), "git_revwalk_sorting")
        if firstParent { try check(git_revwalk_simplify_first_parent(walk), "git_revwalk_simplify_first_parent") }
        var oid = start.raw
        try check(git_revwalk_push(walk, &oid), "git_revwalk_push")
        while true {
            let code = git_revwalk_next(&oid, walk)
            if code == GIT_ITEROVER.rawValue { return }
            try check(code, "git_revwalk_next")
            guard try visit(&oid) else { return }
        }
    }

    /// The paths that differ between two commits (`from` nil: the empty tree, for a root commit), sorted.
    public func changedPaths(from old: ObjectID?, to new: ObjectID) throws(GitError) -> [PathChange] {
        let oldTree = try rootTree(of: old)
        defer { git_tree_free(oldTree) }
        let newTree = try rootTree(of: new)
        defer { git_tree_free(newTree) }
        var diff: OpaquePointer?
        try check(git_diff_tree_to_tree(&diff, handle, oldTree, newTree, nil), "git_diff_tree_to_tree")
        defer { git_diff_free(diff) }
        var changes: [PathChange] = []
        for index in 0..<git_diff_num_deltas(diff) {
            guard let delta = git_diff_get_delta(diff, index)?.pointee else { continue }
            let kind: PathChange.Kind = delta.status == GIT_DELTA_ADDED ? .added : delta.status == GIT_DELTA_DELETED ? .deleted : .modified
            let file = kind == .deleted ? delta.old_file : delta.new_file
            changes.append(PathChange(path: String(cString: file.path), kind: kind))
        }
        return changes.sorted { $0.path < $1.path }
    }

    /// Whether `ancestor` is `commit` itself or in its history.
    public func isInHistory(_ ancestor: ObjectID, of commit: ObjectID) throws(GitError) -> Bool {
        if ancestor == commit { return true }
        var descendant = commit.raw, older = ancestor.raw
        let code = git_graph_descendant_of(handle, &descendant, &older)
        try check(code, "git_graph_descendant_of")
        return code == 1
    }

    /// The first-parent line of commits that ends at `tip`, oldest first (`git rev-list
    /// --first-parent --reverse`): ids only, each commit read for its parents alone, so that a
    /// long history is listed without parsing or holding a single message.
    public func firstParentLine(endingAt tip: ObjectID) throws(GitError) -> [ObjectID] {
        var ids: [ObjectID] = []
        try walk(from: tip, sorting: GIT_SORT_NONE.rawValue, firstParent: true) { next throws(GitError) in
            ids.append(ObjectID(next))
            return true
        }
        return ids.reversed()
    }
}
