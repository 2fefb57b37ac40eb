import Foundation
import GitStore

/// The history behind a snapshot, as the web pages show it: one resolution's actions a page at
/// a time, and one commit with the files it changed.
extension Snapshot {
    /// A page of the commits on resolution `id` up to this snapshot, newest first: the `limit`
    /// commits after the first `offset`, and how many there are in all.
    ///
    /// - Complexity: reads every commit of the record's history once (its message, for the
    ///   `Accord-Resolution` trailer), O(n) in the number of commits.
    public func history(of id: String, offset: Int, limit: Int) throws(AccordError) -> (commits: [CommitInfo], total: Int) {
        _ = try meta(id)
        guard let commit else { return ([], 0) }
        let all: [CommitInfo]
        do { all = try repository.history(from: commit) } catch { throw .store(error) }
        let mine = all.filter { $0.message.trailer("Accord-Resolution") == id }
        let start = min(max(0, offset), mine.count)
        return (Array(mine[start..<min(mine.count, start + max(0, limit))]), mine.count)
    }

    /// The commit with this full id (40 hexadecimal digits) and the paths it changed against its
    /// first parent, or nil when the record's history up to this snapshot holds no such commit.
    public func recordedCommit(_ hex: String) throws(AccordError) -> RecordedCommit? {
        guard let tip = commit, let id = ObjectID(hex: hex) else { return nil }
        do {
            guard (try? repository.isInHistory(id, of: tip)) == true else { return nil }
            return RecordedCommit(info: try repository.commitInfo(id), changes: try repository.changedPaths(in: id))
        } catch {
            throw .store(error)
        }
    }

    /// The transitions out of resolution `id`'s current state that `person` holds a role for,
    /// by name, in the workflow's order; whether their guards hold yet is not asked.
    public func transitions(of id: String, openTo person: Person) throws(AccordError) -> [String] {
        let meta = try self.meta(id)
        let roles = Set(person.roles)
        return try workflow(meta.workflow).transitions
            .filter { $0.from.contains(meta.state) && ($0.roles.isEmpty || !roles.isDisjoint(with: $0.roles)) }
            .map(\.name)
    }
}

/// One commit of the record with the files it changed.
public struct RecordedCommit: Sendable, Equatable {
    /// Its id, author, date and message with trailers.
    public let info: CommitInfo
    /// The paths it added, modified or deleted, sorted.
    public let changes: [PathChange]
}
