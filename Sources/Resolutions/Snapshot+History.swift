import Foundation
import GitStore

/// The history behind a snapshot, as the web pages show it: one resolution's actions a page at
/// a time, and one commit with the files it changed.
extension Snapshot {
    /// A page of the commits on resolution `id` up to this snapshot, newest first: the `limit`
    /// commits after the first `offset`, and whether older ones follow.
    ///
    /// - Complexity: reads the newest commits only, as many as the page needs (twice as many,
    ///   then four times more each time the resolution's were too few among them), not the
    ///   whole history.
    public func history(of id: String, offset: Int, limit: Int) throws(AccordError) -> (commits: [CommitInfo], hasOlder: Bool) {
        _ = try meta(id)
        guard let commit else { return ([], false) }
        let (offset, limit) = (max(0, offset), max(0, limit))
        var walk = max(64, (offset + limit + 1) * 2)
        while true {
            let batch: [CommitInfo]
            do { batch = try repository.history(from: commit, limit: walk) } catch { throw .store(error) }
            let mine = batch.filter { $0.message.trailer("Accord-Resolution") == id }
            if mine.count > offset + limit || batch.count < walk {
                let start = min(offset, mine.count)
                return (Array(mine[start..<min(mine.count, start + limit)]), mine.count > offset + limit)
            }
            walk *= 4
        }
    }

    /// The commit with this full id (40 hexadecimal digits) and the paths it changed against its
    /// first parent, or nil when the record's history up to this snapshot holds no such commit.
    public func recordedCommit(_ hex: String) throws(AccordError) -> RecordedCommit? {
        guard let tip = commit, let id = ObjectID(hex: hex) else { return nil }
        do {
            guard (try? repository.isInHistory(id, of: tip)) == true else { return nil }
            let info = try repository.commitInfo(id)
            return RecordedCommit(info: info, changes: try repository.changedPaths(from: info.parents.first, to: id))
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
