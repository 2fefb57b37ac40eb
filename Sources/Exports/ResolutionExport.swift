import Foundation
import Resolutions

/// Everything an export shows about one resolution at one version, as plain values.
///
/// The renderers are pure functions of this value: they never touch the record,
/// so they can be tested on hand-made values and stay fast on large texts.
/// `ResolutionExport.load(from:resolution:at:)` fills it from a record.
public struct ResolutionExport: Sendable, Equatable {
    /// The text as it stands at this version: adopted, else consolidated, else the draft.
    public var text: ResolutionText
    /// The text amendments were tabled against (`Snapshot.text`).
    public var draft: ResolutionText
    /// The text as first imported, for the comparison in the adopted view; nil when unknown.
    public var original: ResolutionText?
    /// Whether `text` is the adopted text.
    public var isAdopted: Bool
    /// The resolution's workflow state at this version, e.g. `adopted`.
    public var state: String
    /// The amendment round at this version.
    public var round: Int
    /// Every amendment, in number order.
    public var amendments: [Amendment]
    /// The votes cast on each amendment, by amendment number.
    public var votes: [Int: VoteCount]
    public var roster: Roster
    /// The recorded steps of this resolution, oldest first.
    public var events: [LifecycleEvent]
    /// Which version this is, in words a reader can look up ("main", a tag, a commit id).
    public var revision: String
    /// The commit of this version, in full, when known.
    public var commit: String?
    /// When this version was recorded (the commit's date).
    public var date: Date
    /// The amendment's life at this version (the record's `workflows/amendment.yml`).
    public var life: AmendmentLife
    /// The translations of amendments' texts, for readers and voters of other languages: by
    /// amendment number, then by language.
    public var amendmentTranslations: [Int: [String: String]] = [:]

    public init(text: ResolutionText, draft: ResolutionText? = nil, original: ResolutionText? = nil, isAdopted: Bool = false,
                state: String = "draft", round: Int = 1, amendments: [Amendment] = [], votes: [Int: VoteCount] = [:],
                roster: Roster = .empty, events: [LifecycleEvent] = [], revision: String = "main", commit: String? = nil,
                date: Date = Date(timeIntervalSince1970: 0), life: AmendmentLife = .shipped) {
        self.text = text
        self.draft = draft ?? text
        self.original = original
        self.isAdopted = isAdopted
        self.state = state
        self.round = round
        self.amendments = amendments
        self.votes = votes
        self.roster = roster
        self.events = events
        self.revision = revision
        self.commit = commit
        self.date = date
        self.life = life
    }

    /// The compromise covering each amendment, by amendment number: "covered by A9".
    public var coveredBy: [Int: Int] {
        var result: [Int: Int] = [:]
        for compromise in amendments where compromise.isCompromise {
            for number in compromise.draft.replaces { result[number] = compromise.number }
        }
        return result
    }

    /// The voting list of the current round, in the order the votes are (or were) taken.
    ///
    /// While the vote is open this is `Tally.votingList` itself. Once it has
    /// closed the tally has decided every amendment, so the list is rebuilt as
    /// it stood when the vote opened, from the amendments that were admissible
    /// and are now adopted, rejected or fallen: readers of an adopted text
    /// still want to see the order and what made what fall.
    public var votingList: [VotingListEntry] { votingListAndWhetherOpen.entries }

    /// The voting list, and whether it is the live one (votes still to take) rather than rebuilt.
    var votingListAndWhetherOpen: (entries: [VotingListEntry], isOpen: Bool) {
        let live = Tally.votingList(text: draft, amendments: amendments, round: round, life: life)
        if !live.isEmpty { return (live, true) }
        let decided = Set([AmendmentLife.Event.passed, .failed, .lapsed].compactMap(life.state(after:)))
        guard let toVote = life.toVote.min(by: { $0.rawValue < $1.rawValue }) else { return ([], false) }
        let asTabled = amendments.filter { $0.round == round && decided.contains($0.state) }.map { amendment in
            var copy = amendment
            copy.state = toVote
            return copy
        }
        return (Tally.votingList(text: draft, amendments: asTabled, round: round, life: life), false)
    }

    /// An organisation's name from the roster, or its id when the roster does not know it.
    public func organisationName(_ id: String) -> String {
        roster.organisation(id)?.name ?? id
    }

    /// A person's name and organisation from the roster, or the id.
    public func personName(_ id: String) -> String {
        guard let person = roster.person(id) else { return id }
        return "\(person.name) (\(person.organisation.uppercased()))"
    }
}

/// One recorded step in the life of a resolution: a commit of the record that names it.
public struct LifecycleEvent: Sendable, Equatable {
    /// The `Accord-Action` trailer: `import-draft`, `transition`, `table-amendment`, …
    public var action: String
    /// For a transition, its name (`open-amendments`, `close-voting`, `adopt`).
    public var transition: String?
    /// The commit's subject, in words.
    public var summary: String
    /// The roster id of who acted, if recorded.
    public var actor: String?
    public var date: Date

    public init(action: String, transition: String? = nil, summary: String, actor: String? = nil, date: Date) {
        self.action = action
        self.transition = transition
        self.summary = summary
        self.actor = actor
        self.date = date
    }

    /// The step's name: the transition for transitions, else the action.
    public var name: String { transition ?? action }

    /// Whether the step changes the resolution as a whole (import, transitions),
    /// rather than one amendment or one vote: what a lifecycle lists.
    public var isMilestone: Bool { action == "import-draft" || action == "update-draft" || action == "transition" }
}
