import Foundation

/// What an amendment does to its target provision.
public enum AmendmentKind: String, Sendable, Equatable, CaseIterable {
    case replace
    case delete
    case insertBefore = "insert-before"
    case insertAfter = "insert-after"

    /// Replacements and deletions compete for the same provision; insertions do not.
    public var isCompeting: Bool { self == .replace || self == .delete }
    /// How people say it: "replacement", "insertion after".
    public var label: String {
        switch self {
        case .replace: "replacement of"
        case .delete: "deletion of"
        case .insertBefore: "insertion before"
        case .insertAfter: "insertion after"
        }
    }
    /// Whether the amendment carries a new text.
    public var hasText: Bool { self != .delete }
}

/// The secretariat's ruling on admissibility.
public struct Ruling: Sendable, Equatable {
    /// Whether the amendment may be voted on.
    public var admissible: Bool
    /// Why not, for an inadmissible ruling.
    public var reason: String?
    /// The person who ruled.
    public var by: String

    /// A ruling by `by`.
    public init(admissible: Bool, reason: String? = nil, by: String) {
        self.admissible = admissible
        self.reason = reason
        self.by = by
    }
}

/// The secretariat's recommendation on how to vote.
public struct Proposal: Sendable, Equatable {
    /// Whether the secretariat recommends adopting it.
    public var accept: Bool
    /// The reasoning, for members.
    public var note: String?
    /// The person who made it.
    public var by: String

    /// A recommendation by `by`.
    public init(accept: Bool, note: String? = nil, by: String) {
        self.accept = accept
        self.note = note
        self.by = by
    }
}

/// What a tabler writes: the content of an amendment, before it has a number.
public struct AmendmentDraft: Sendable, Equatable {
    /// The id of the provision it amends.
    public var target: String
    /// Replace, delete, or insert before or after the target.
    public var kind: AmendmentKind
    /// The new text, for replacements and insertions.
    public var text: String?
    /// Why the tabler asks for it.
    public var justification: String
    /// People of other organisations who support it, by roster id.
    public var cosignatories: [String]
    /// For a compromise: the numbers of the amendments it replaces.
    public var replaces: [Int]

    /// An amendment as its tabler writes it.
    public init(target: String, kind: AmendmentKind, text: String? = nil, justification: String = "",
                cosignatories: [String] = [], replaces: [Int] = []) {
        self.target = target
        self.kind = kind
        self.text = text
        self.justification = justification
        self.cosignatories = cosignatories
        self.replaces = replaces
    }

    /// Whether it replaces other amendments.
    public var isCompromise: Bool { !replaces.isEmpty }
}

/// An amendment as the record holds it.
public struct Amendment: Sendable, Equatable {
    /// 1 for A1: numbers run per resolution and are never reused.
    public var number: Int
    /// The amendment round (a referral back opens a new one).
    public var round: Int
    public var draft: AmendmentDraft
    /// The tabling organisation, which alone may withdraw it.
    public var organisation: String
    /// The person who tabled it.
    public var tabledBy: String
    /// Where it is in its life (`workflows/amendment.yml`).
    public var state: AmendmentState
    /// The secretariat's ruling on admissibility, once screened.
    public var ruling: Ruling?
    /// The secretariat's recommendation, if any.
    public var proposal: Proposal?
    /// Why it ended as it did, in words, written by the tally.
    public var outcome: String?

    /// An amendment as the record holds it; the tally fills in `outcome`.
    public init(number: Int, round: Int, draft: AmendmentDraft, organisation: String, tabledBy: String,
                state: AmendmentState, ruling: Ruling? = nil, proposal: Proposal? = nil, outcome: String? = nil) {
        self.number = number
        self.round = round
        self.draft = draft
        self.organisation = organisation
        self.tabledBy = tabledBy
        self.state = state
        self.ruling = ruling
        self.proposal = proposal
        self.outcome = outcome
    }

    /// `A12`.
    public var id: String { Amendment.id(number) }
    /// The id of the provision it amends.
    public var target: String { draft.target }
    /// What it does to its target.
    public var kind: AmendmentKind { draft.kind }
    /// Whether it replaces other amendments.
    public var isCompromise: Bool { draft.isCompromise }

    /// "A12".
    public static func id(_ number: Int) -> String { "A\(number)" }

    /// 12 for "A12" or "a12"; nil for anything else.
    public static func number(_ id: String) -> Int? {
        let digits = id.dropFirst()
        guard let first = id.first, first == "A" || first == "a", let lead = digits.first, lead != "0",
              digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(digits) else { return nil }
        return number
    }

    /// The id of the provision an adopted insertion creates: `par-a12`, `rec-a12`.
    public func insertedProvisionID(kind: ProvisionKind) -> String {
        "\(kind.idPrefix)-a\(number)"
    }
}

/// For, against or abstain.
public enum VoteChoice: String, Sendable, Equatable, CaseIterable {
    case `for`, against, abstain
}

/// One organisation's vote on one item.
public struct Vote: Sendable, Equatable {
    /// The organisation the vote counts for (its file name).
    public var organisation: String
    /// The person who cast it for the organisation.
    public var person: String
    /// For, against or abstain.
    public var choice: VoteChoice

    /// A vote of `organisation`, cast by `person`.
    public init(organisation: String, person: String, choice: VoteChoice) {
        self.organisation = organisation
        self.person = person
        self.choice = choice
    }
}

/// The votes cast on one item, counted.
public struct VoteCount: Sendable, Hashable {
    /// Votes for.
    public var votesFor = 0
    /// Votes against.
    public var against = 0
    /// Abstentions: they count for the quorum, not the majority.
    public var abstentions = 0

    /// Counts the votes given.
    public init(_ votes: [Vote] = []) {
        for vote in votes { add(vote.choice) }
    }

    /// Counts the votes of the organisations in `electorate`, the only ones a tally counts.
    public init(_ votes: [Vote], electorate: Set<String>) {
        for vote in votes where electorate.contains(vote.organisation) { add(vote.choice) }
    }

    /// Counts one more vote.
    public mutating func add(_ choice: VoteChoice) {
        switch choice {
        case .for: votesFor += 1
        case .against: against += 1
        case .abstain: abstentions += 1
        }
    }

    /// Every vote cast, abstentions included.
    public var total: Int { votesFor + against + abstentions }
}
