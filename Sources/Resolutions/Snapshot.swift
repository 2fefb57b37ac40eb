import Foundation
import GitStore
import Workflow

/// The record as it was at one commit, read from that commit's files alone.
///
/// Reading never replays history: every file holds the current state of
/// what it describes. Parsed files and folders are memoised by their git ids
/// in the record's `ParseCache`, so unchanged parts are never parsed twice.
public final class Snapshot {
    /// nil for a record with no commit yet.
    public let commit: ObjectID?
    let repository: Repository
    let cache: ParseCache

    init(repository: Repository, commit: ObjectID?, cache: ParseCache) {
        self.repository = repository
        self.commit = commit
        self.cache = cache
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

    /// A file parsed by `parse`, memoised by the file's id; nil when there is no such file.
    ///
    /// With a `codec`, a file not yet parsed in this process is taken from what an earlier process
    /// stored for this very blob, else parsed and stored for the next process.
    func parsed<T>(_ path: String, stored codec: ParsedCodec<T>? = nil,
                   _ parse: (String) throws(AccordError) -> T) throws(AccordError) -> T? {
        guard let commit else { return nil }
        let entry: Repository.Entry?
        do { entry = try repository.entry(path, at: commit) } catch { throw .store(error) }
        guard let entry, entry.kind == .file else { return nil }
        return try cache.value(entry.id) { () throws(AccordError) -> T in
            guard let codec, let stored = cache.parses else { return try parse(try blobText(entry.id)) }
            if let kept = stored.load(path, id: entry.id, as: codec) { return kept }
            let value = try parse(try blobText(entry.id))
            stored.save(value, of: path, id: entry.id, as: codec)
            return value
        }
    }

    func blobText(_ id: ObjectID) throws(AccordError) -> String {
        do { return String(decoding: try repository.blob(id), as: UTF8.self) } catch { throw .store(error) }
    }

    func list(_ path: String) throws(AccordError) -> [Repository.Entry] {
        guard let commit else { return [] }
        do { return try repository.list(path, at: commit) } catch { throw .store(error) }
    }

    func list(tree id: ObjectID) throws(AccordError) -> [Repository.Entry] {
        do { return try repository.list(tree: id) } catch { throw .store(error) }
    }

    /// The roster (empty before the first import).
    public func roster() throws(AccordError) -> Roster {
        try parsed(RecordLayout.roster, stored: .roster) { yaml throws(AccordError) in
            do throws(InvalidInput) {
                return try Roster(yaml: yaml, file: RecordLayout.roster)
            } catch {
                throw .damaged(RecordDamaged(path: RecordLayout.roster, error.description))
            }
        } ?? .empty
    }

    /// The ids of the resolutions in the record, sorted.
    public func resolutionIDs() throws(AccordError) -> [String] {
        try list(RecordLayout.resolutions).filter { $0.kind == .folder }.map(\.name).sorted()
    }

    /// The state of a resolution.
    public func meta(_ id: String) throws(AccordError) -> ResolutionMeta {
        let path = RecordLayout.meta(id)
        let meta = try parsed(path) { yaml throws(AccordError) in
            do throws(RecordDamaged) { return try ResolutionMeta(yaml: yaml, path: path) } catch { throw .damaged(error) }
        }
        guard let meta else {
            let known = (try? resolutionIDs()) ?? []
            let hint = known.isEmpty ? "the record holds no resolution yet" : "known: \(known.joined(separator: ", "))"
            throw .notFound("there is no resolution ‘\(id)’ (\(hint))")
        }
        return meta
    }

    /// A text file of a resolution (`text.md`, `consolidated.md`, `adopted.md`), or nil.
    func resolutionText(at path: String) throws(AccordError) -> ResolutionText? {
        try parsed(path, stored: .resolutionText) { markdown throws(AccordError) in
            do throws(InvalidInput) { return try ResolutionText(markdown: markdown, file: path) } catch {
                throw .damaged(RecordDamaged(path: path, error.description))
            }
        }
    }

    /// The text amendments are tabled against.
    public func text(_ id: String) throws(AccordError) -> ResolutionText {
        guard let text = try resolutionText(at: RecordLayout.text(id)) else {
            throw .damaged(RecordDamaged(path: RecordLayout.text(id), "the file is missing"))
        }
        return text
    }

    /// The draft as written, before any amendment (nil in records made before it was kept).
    public func originalDraft(_ id: String) throws(AccordError) -> ResolutionText? {
        try resolutionText(at: RecordLayout.draft(id))
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
    /// - Complexity: after the first call in a process, reads only the shards
    ///   and amendment folders whose contents changed.
    public func amendments(_ id: String) throws(AccordError) -> [Amendment] {
        try amendmentsInOrder(id).amendments
    }

    /// Every amendment of a resolution with the votes cast on it, in number order.
    ///
    /// Memoised by the id of the amendments folder, since one read or action asks for them
    /// several times. A shard not in memory is taken from the shards earlier processes stored,
    /// else parsed; when any was parsed, the shards of this snapshot are stored for the next process.
    func amendmentFolders(_ id: String) throws(AccordError) -> [AmendmentFolder] {
        try amendmentsInOrder(id).folders
    }

    private func amendmentsInOrder(_ id: String) throws(AccordError) -> AmendmentsInOrder {
        guard let tree = try amendmentsTree(id) else { return AmendmentsInOrder(folders: []) }
        return try cache.latest(tree) { () throws(AccordError) -> AmendmentsInOrder in
            // Sorted as (number, shard, position) keys, so that each folder is copied once, not at every move.
            let shards = try amendmentShards(id, tree: tree)
            var keys: [(number: Int, shard: Int, index: Int)] = []
            keys.reserveCapacity(shards.reduce(0) { $0 + $1.folders.count })
            for (shard, entry) in shards.enumerated() {
                for (index, folder) in entry.folders.enumerated() { keys.append((folder.amendment.number, shard, index)) }
            }
            keys.sort { $0.number < $1.number }
            return AmendmentsInOrder(folders: keys.map { shards[$0.shard].folders[$0.index] })
        }
    }

    /// The id of a resolution's amendments folder, or nil when it has none.
    private func amendmentsTree(_ id: String) throws(AccordError) -> ObjectID? {
        guard let commit else { return nil }
        let entry: Repository.Entry?
        do { entry = try repository.entry(RecordLayout.amendments(id), at: commit) } catch { throw .store(error) }
        guard let entry, entry.kind == .folder else { return nil }
        return entry.id
    }

    /// The amendment folders of each shard of the amendments folder `tree`, in the shards' order.
    private func amendmentShards(_ id: String, tree: ObjectID) throws(AccordError) -> [(id: ObjectID, folders: [AmendmentFolder])] {
        var shards: [(id: ObjectID, folders: [AmendmentFolder])] = []
        var stored: [ObjectID: [AmendmentFolder]]?
        var parsed = false
        for shard in try list(tree: tree) where shard.kind == .folder {
            let folders = try cache.value(shard.id) { () throws(AccordError) -> [AmendmentFolder] in
                if stored == nil { stored = cache.stored?.load(id) ?? [:] }
                if let folders = stored?[shard.id] { return folders }
                parsed = true
                return try list(tree: shard.id).filter { $0.kind == .folder }.map { folder throws(AccordError) in
                    try amendmentFolder(folder.id, path: "\(RecordLayout.amendments(id))/\(shard.name)/\(folder.name)")
                }
            }
            shards.append((shard.id, folders))
        }
        if parsed { cache.stored?.save(shards, of: id) }
        return shards
    }

    /// The votes on every amendment of a resolution, by amendment number.
    public func amendmentVotes(_ id: String) throws(AccordError) -> [Int: [Vote]] {
        Dictionary(uniqueKeysWithValues: try amendmentFolders(id).map { ($0.amendment.number, $0.votes) })
    }

    /// One amendment, or nil when the resolution has no amendment with that number.
    public func amendment(_ id: String, _ number: Int) throws(AccordError) -> Amendment? {
        try folder(id, number)?.amendment
    }

    private func folder(_ id: String, _ number: Int) throws(AccordError) -> AmendmentFolder? {
        guard let commit else { return nil }
        let path = RecordLayout.amendmentFolder(id, number)
        let entry: Repository.Entry?
        do { entry = try repository.entry(path, at: commit) } catch { throw .store(error) }
        guard let entry, entry.kind == .folder else { return nil }
        return try amendmentFolder(entry.id, path: path)
    }

    /// An amendment and its votes, read from the folder with this tree id.
    private func amendmentFolder(_ tree: ObjectID, path: String) throws(AccordError) -> AmendmentFolder {
        try cache.value(tree) { () throws(AccordError) -> AmendmentFolder in
            let entries = try list(tree: tree)
            let filePath = "\(path)/amendment.yml"
            guard let file = entries.first(where: { $0.name == "amendment.yml" && $0.kind == .file }) else {
                throw .damaged(RecordDamaged(path: filePath, "the file is missing"))
            }
            let amendment = try cache.value(file.id) { () throws(AccordError) -> Amendment in
                let yaml = try blobText(file.id)
                do throws(RecordDamaged) { return try Amendment(yaml: yaml, path: filePath) } catch { throw .damaged(error) }
            }
            var votes: [Vote] = []
            if let folder = entries.first(where: { $0.name == "votes" && $0.kind == .folder }) {
                votes = try self.votes(inTree: folder.id, path: "\(path)/votes")
            }
            return AmendmentFolder(amendment: amendment, votes: votes)
        }
    }

    /// The votes in a votes folder, one file per organisation.
    private func votes(inTree tree: ObjectID, path: String) throws(AccordError) -> [Vote] {
        var votes: [Vote] = []
        for entry in try list(tree: tree) where entry.kind == .file && entry.name.hasSuffix(".yml") {
            let organisation = String(entry.name.dropLast(4))
            let (person, choice) = try cache.value(entry.id) { () throws(AccordError) -> (String, VoteChoice) in
                let yaml = try blobText(entry.id)
                do throws(RecordDamaged) {
                    let vote = try Vote(yaml: yaml, path: "\(path)/\(entry.name)", organisation: organisation)
                    return (vote.person, vote.choice)
                } catch {
                    throw .damaged(error)
                }
            }
            votes.append(Vote(organisation: organisation, person: person, choice: choice))
        }
        return votes
    }

    /// The votes cast on an item (an amendment id or a section id), by organisation.
    public func votes(_ id: String, item: String) throws(AccordError) -> [Vote] {
        if let number = Amendment.number(item) { return try folder(id, number)?.votes ?? [] }
        return try votes(inFolder: RecordLayout.votes(id, item: item))
    }

    /// The votes on the whole text of a resolution taken in `state`, by organisation.
    public func textVotes(_ id: String, in state: String) throws(AccordError) -> [Vote] {
        try votes(inFolder: RecordLayout.textVotes(id, state: state))
    }

    /// The votes in a votes folder; none when there is no such folder.
    private func votes(inFolder path: String) throws(AccordError) -> [Vote] {
        guard let commit else { return [] }
        let entry: Repository.Entry?
        do { entry = try repository.entry(path, at: commit) } catch { throw .store(error) }
        guard let entry, entry.kind == .folder else { return [] }
        return try votes(inTree: entry.id, path: path)
    }

    /// A workflow of the record's `workflows/` folder, checked.
    public func workflow(_ name: String) throws(AccordError) -> WorkflowDefinition {
        let path = RecordLayout.workflow(name)
        let definition = try parsed(path, stored: .workflow) { yaml throws(AccordError) in
            do throws(WorkflowError) {
                return try WorkflowDefinition.parse(yaml, file: path, vocabulary: .accord(forWorkflow: name))
            } catch {
                throw .damaged(RecordDamaged(path: path, error.description))
            }
        }
        guard let definition else {
            let known = ((try? list(RecordLayout.workflows)) ?? []).map { $0.name.replacingOccurrences(of: ".yml", with: "") }
            throw .notFound("there is no workflow ‘\(name)’ in this record (known: \(known.joined(separator: ", ")))")
        }
        return definition
    }
}

extension Snapshot {
    /// The amendment's life, from the record's `workflows/amendment.yml`.
    public func amendmentLife() throws(AccordError) -> AmendmentLife {
        let workflow = try workflow(RecordLayout.amendmentWorkflow)
        guard let life = AmendmentLife(workflow) else {
            throw .damaged(RecordDamaged(path: RecordLayout.workflow(RecordLayout.amendmentWorkflow),
                                         "the amendment’s life lacks a declaration under ‘host:’ or ‘host-states:’"))
        }
        return life
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
        dates: ["amendment-deadline"],
        needs: [Predicate.everySectionApproved.rawValue: DomainAction.voteSection.rawValue,
                Predicate.textVotePassed.rawValue: DomainAction.voteText.rawValue,
                // Out-of-date translations are redone where adoption waits for them.
                Predicate.translationsCurrent.rawValue: DomainAction.translate.rawValue,
                Effect.tally.rawValue: DomainAction.voteAmendment.rawValue],
        host: HostRequirements())
}

/// The named conditions Accord evaluates for workflow guards.
public enum Predicate: String, Sendable, CaseIterable {
    case noUnscreenedAmendments = "no-unscreened-amendments"
    case everySectionApproved = "every-section-approved"
    case textVotePassed = "text-vote-passed"
    case ownOrganisation = "own-organisation"
    /// Every declared language version is complete and none is out of date (see `translationGaps`).
    case translationsCurrent = "translations-current"
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
    case voteText = "vote-text"
    /// Records a language version of a provision, a heading, the title or an amendment's text.
    case translate = "translate"
}

/// The amendment folders of a resolution in number order, as memoised by the id of the
/// amendments folder (a type of its own, so that it never meets a shard's folders in the cache).
struct AmendmentsInOrder {
    let folders: [AmendmentFolder]
    /// The amendments of `folders`, copied out once rather than at every call.
    let amendments: [Amendment]

    init(folders: [AmendmentFolder]) {
        self.folders = folders
        amendments = folders.map(\.amendment)
    }
}
