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
    /// - Complexity: one file read per amendment and per amendment's votes; the
    ///   lifecycle comes from the resolution's milestones, without a history walk.
    public static func load(from record: Record, resolution id: String, at revision: String? = nil) throws(AccordError) -> ResolutionExport {
        try load(from: record, snapshot: record.snapshot(at: revision), resolution: id, at: revision)
    }

    /// `load(from:resolution:at:)` from a snapshot already taken at `revision`, so that other
    /// reads of the same version (its language versions) see the same commit.
    static func load(from record: Record, snapshot: Snapshot, resolution id: String, at revision: String?) throws(AccordError) -> ResolutionExport {
        let meta = try snapshot.meta(id)
        let adopted = try snapshot.adopted(id)
        let amendments = try snapshot.amendments(id)
        let votes = try snapshot.amendmentVotes(id).filter { !$0.value.isEmpty }.mapValues(VoteCount.init)
        let events = meta.milestones.map { milestone in
            let isDraft = milestone.step == "import-draft" || milestone.step == "update-draft"
            return LifecycleEvent(action: isDraft ? milestone.step : "transition", transition: isDraft ? nil : milestone.step,
                                  summary: milestone.summary, actor: milestone.actor, date: milestone.date)
        }
        var date = Date(timeIntervalSince1970: 0)
        if let commit = snapshot.commit {
            do { date = try record.repository.commitInfo(commit).committer.date } catch { throw .store(error) }
        }
        let original = try snapshot.originalDraft(id)
        var export = ResolutionExport(
            text: try snapshot.currentText(id), draft: try snapshot.text(id), original: original, isAdopted: adopted != nil,
            state: meta.state, round: meta.round, amendments: amendments, votes: votes, roster: try snapshot.roster(),
            events: events, revision: revision ?? "main", commit: snapshot.commit?.hex, date: date,
            life: try snapshot.amendmentLife())
        for language in meta.languages where language != meta.language {
            for (item, translation) in try snapshot.translations(id, language: language) {
                guard let number = Amendment.number(item) else { continue }
                export.amendmentTranslations[number, default: [:]][language] = translation.text
            }
        }
        return export
    }
}
