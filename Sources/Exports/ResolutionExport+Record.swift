import Foundation
import GitStore
import Resolutions

extension ResolutionExport {
    /// Reads what the exports show about a resolution from a record, at a revision.
    ///
    /// The only part of `Exports` that touches the record: everything after it
    /// is a pure function of the returned value.
    /// - Parameters:
    ///   - revision: a commit, a tag such as `pact-2026/adopted`, `main~3`; nil for the tip of `main`.
    /// - Complexity: one file read per amendment and per amendment's votes, and a walk of the
    ///   history up to the revision.
    public static func load(from record: Record, resolution id: String, at revision: String? = nil) throws(AccordError) -> ResolutionExport {
        let snapshot = try record.snapshot(at: revision)
        let meta = try snapshot.meta(id)
        let adopted = try snapshot.adopted(id)
        let amendments = try snapshot.amendments(id)
        var votes: [Int: VoteCount] = [:]
        for amendment in amendments {
            let cast = try snapshot.votes(id, item: amendment.id)
            if !cast.isEmpty { votes[amendment.number] = VoteCount(cast) }
        }
        var events: [LifecycleEvent] = []
        var date = Date(timeIntervalSince1970: 0)
        var original: ResolutionText?
        if let commit = snapshot.commit {
            let history: [CommitInfo]
            do {
                history = try record.repository.history(from: commit, order: .oldestFirst)
            } catch {
                throw .store(error)
            }
            date = history.last?.author.date ?? date
            for info in history where info.message.trailer("Accord-Resolution") == id {
                guard let action = info.message.trailer("Accord-Action") else { continue }
                events.append(LifecycleEvent(action: action, transition: info.message.trailer("Accord-Transition"),
                                             summary: info.message.subject, actor: info.message.trailer("Accord-Actor"),
                                             date: info.author.date, commit: info.id.hex))
            }
            if let imported = events.first(where: { $0.action == "import-draft" }) {
                original = try record.snapshot(at: imported.commit).text(id)
            }
        }
        return ResolutionExport(
            text: try snapshot.currentText(id), draft: try snapshot.text(id), original: original, isAdopted: adopted != nil,
            state: meta.state, round: meta.round, amendments: amendments, votes: votes, roster: try snapshot.roster(),
            events: events, revision: revision ?? "main", commit: snapshot.commit?.hex, date: date)
    }
}
