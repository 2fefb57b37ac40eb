import Foundation
import GitStore
import Workflow

/// The record as it was at one commit, read from that commit's files alone.
///
/// Reading never replays history: every file holds the current state of
/// what it describes. A snapshot memoises what it has read, so one action
/// reads each file at most once.
public final class Snapshot {
    /// nil for a record with no commit yet.
    public let commit: ObjectID?
    let repository: Repository
    private var rosterCache: Roster?
    private var workflowCache: [String: WorkflowDefinition] = [:]
    private var amendmentCache: [String: [Amendment]] = [:]

    init(repository: Repository, commit: ObjectID?) {
        self.repository = repository
        self.commit = commit
    }

    /// The text of a file, or nil when the record has no such file.
    func text(at path: String) throws(AccordError) -> String? {
        guard let commit else { return nil }
        do {
            return try repository.fileIfPresent(path, at: commit).map { String(decoding: $0, as: UTF8.self) }
        } catch {
            throw .store(error)
        }
    }

    func list(_ path: String) throws(AccordError) -> [Repository.Entry] {
        guard let commit else { return [] }
        do { return try repository.list(path, at: commit) } catch { throw .store(error) }
    }

    /// The roster (empty before the first import).
    public func roster() throws(AccordError) -> Roster {
        if let rosterCache { return rosterCache }
        guard let yaml = try text(at: RecordLayout.roster) else { return .empty }
        do throws(InvalidInput) {
            let roster = try Roster(yaml: yaml, file: RecordLayout.roster)
            rosterCache = roster
            return roster
        } catch {
            throw .damaged(RecordDamaged(path: RecordLayout.roster, error.description))
        }
    }

    /// The ids of the resolutions in the record, sorted.
    public func resolutionIDs() throws(AccordError) -> [String] {
        try list(RecordLayout.resolutions).filter { $0.kind == .folder }.map(\.name).sorted()
    }

    /// The state of a resolution.
    public func meta(_ id: String) throws(AccordError) -> ResolutionMeta {
        guard let yaml = try text(at: RecordLayout.meta(id)) else {
            let known = (try? resolutionIDs()) ?? []
            let hint = known.isEmpty ? "the record holds no resolution yet" : "known: \(known.joined(separator: ", "))"
            throw .notFound("there is no resolution ‘\(id)’ (\(hint))")
        }
        do { return try ResolutionMeta(yaml: yaml, path: RecordLayout.meta(id)) } catch { throw .damaged(error) }
    }

    /// A text file of a resolution (`text.md`, `consolidated.md`, `adopted.md`), or nil.
    func resolutionText(at path: String) throws(AccordError) -> ResolutionText? {
        guard let markdown = try text(at: path) else { return nil }
        do throws(InvalidInput) { return try ResolutionText(markdown: markdown, file: path) } catch {
            throw .damaged(RecordDamaged(path: path, error.description))
        }
    }

    /// The text amendments are tabled against.
    public func text(_ id: String) throws(AccordError) -> ResolutionText {
        guard let text = try resolutionText(at: RecordLayout.text(id)) else {
            throw .damaged(RecordDamaged(path: RecordLayout.text(id), "the file is missing"))
        }
        return text
    }

    /// The text with the adopted amendments applied, once the amendment vote has closed.
    public func consolidated(_ id: String) throws(AccordError) -> ResolutionText? {
        try resolutionText(at: RecordLayout.consolidated(id))
    }

    /// The adopted text, once adopted.
    public func adopted(_ id: String) throws(AccordError) -> ResolutionText? {
        try resolutionText(at: RecordLayout.adopted(id))
    }

    /// The text as it stands: adopted, else consolidated, else the draft.
    public func currentText(_ id: String) throws(AccordError) -> ResolutionText {
        if let adopted = try adopted(id) { return adopted }
        return try reviewedText(id)
    }

    /// The text members review section by section: the consolidated text, or
    /// the draft in a workflow without amendments.
    public func reviewedText(_ id: String) throws(AccordError) -> ResolutionText {
        if let consolidated = try consolidated(id) { return consolidated }
        return try text(id)
    }

    /// Every amendment of a resolution, in number order.
    /// - Complexity: reads one file per amendment.
    public func amendments(_ id: String) throws(AccordError) -> [Amendment] {
        if let cached = amendmentCache[id] { return cached }
        var result: [Amendment] = []
        for shard in try list(RecordLayout.amendments(id)) where shard.kind == .folder {
            for folder in try list("\(RecordLayout.amendments(id))/\(shard.name)") where folder.kind == .folder {
                guard let number = Amendment.number(folder.name), let amendment = try amendment(id, number) else { continue }
                result.append(amendment)
            }
        }
        result.sort { $0.number < $1.number }
        amendmentCache[id] = result
        return result
    }

    /// One amendment, or nil when the resolution has no amendment with that number.
    public func amendment(_ id: String, _ number: Int) throws(AccordError) -> Amendment? {
        if let cached = amendmentCache[id] { return cached.first { $0.number == number } }
        let path = RecordLayout.amendment(id, number)
        guard let yaml = try text(at: path) else { return nil }
        do { return try Amendment(yaml: yaml, path: path) } catch { throw .damaged(error) }
    }

    /// The votes cast on an item (an amendment id or a section id), by organisation.
    public func votes(_ id: String, item: String) throws(AccordError) -> [Vote] {
        let folder = RecordLayout.votes(id, item: item)
        var votes: [Vote] = []
        for entry in try list(folder) where entry.kind == .file && entry.name.hasSuffix(".yml") {
            let organisation = String(entry.name.dropLast(4))
            let path = "\(folder)/\(entry.name)"
            guard let yaml = try text(at: path) else { continue }
            do { votes.append(try Vote(yaml: yaml, path: path, organisation: organisation)) } catch { throw .damaged(error) }
        }
        return votes
    }

    /// A workflow of the record's `workflows/` folder, checked.
    public func workflow(_ name: String) throws(AccordError) -> WorkflowDefinition {
        if let cached = workflowCache[name] { return cached }
        let path = RecordLayout.workflow(name)
        guard let yaml = try text(at: path) else {
            let known = ((try? list(RecordLayout.workflows)) ?? []).map { $0.name.replacingOccurrences(of: ".yml", with: "") }
            throw .notFound("there is no workflow ‘\(name)’ in this record (known: \(known.joined(separator: ", ")))")
        }
        do {
            let definition = try WorkflowDefinition.parse(yaml, file: path, vocabulary: HostVocabulary.accord)
            workflowCache[name] = definition
            return definition
        } catch {
            throw .damaged(RecordDamaged(path: path, error.description))
        }
    }
}

extension HostVocabulary {
    /// The predicates, effects, counts and dates Accord implements: a workflow
    /// naming anything else is refused when it is checked.
    public static let accord = HostVocabulary(
        predicates: Set(Predicate.allCases.map(\.rawValue)),
        effects: Set(Effect.allCases.map(\.rawValue)),
        actions: Set(DomainAction.allCases.map(\.rawValue)),
        counts: ["member-organisations"],
        dates: ["amendment-deadline"])
}

/// The named conditions Accord evaluates for workflow guards.
public enum Predicate: String, Sendable, CaseIterable {
    case noUnscreenedAmendments = "no-unscreened-amendments"
    case everySectionApproved = "every-section-approved"
    case ownOrganisation = "own-organisation"
}

/// What a transition does besides changing state; each lands in the transition's commit.
public enum Effect: String, Sendable, CaseIterable {
    case setDeadline = "set-deadline"
    case fixElectorate = "fix-electorate"
    case tally
    case newRound = "new-round"
    case adoptText = "adopt-text"
}

/// The domain actions a workflow allows in its states.
public enum DomainAction: String, Sendable, CaseIterable {
    case updateDraft = "update-draft"
    case tableAmendment = "table-amendment"
    case withdrawAmendment = "withdraw-amendment"
    case screenAmendment = "screen-amendment"
    case proposeProcedure = "propose-procedure"
    case tableCompromise = "table-compromise"
    case voteAmendment = "vote-amendment"
    case voteSection = "vote-section"
}
