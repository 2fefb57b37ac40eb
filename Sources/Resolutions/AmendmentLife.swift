import Workflow

/// Where an amendment is in its life: the name of a state of the record's `workflows/amendment.yml`,
/// whatever the association calls it.
public struct AmendmentState: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The state's name, as written in the workflow file and in `amendment.yml`.
    public let rawValue: String

    /// The state with this name.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The state with this name, written as a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The state's name.
    public var description: String { rawValue }

    // The states of the shipped `workflows/amendment.yml`, for samples and tests; the program
    // itself reads every state it needs from the record's workflow (``AmendmentLife``).

    /// The shipped life's state of a new amendment.
    public static let tabled: AmendmentState = "tabled"
    /// The shipped life's state of an amendment to be voted on.
    public static let admissible: AmendmentState = "admissible"
    /// The shipped life's state of an amendment ruled out.
    public static let inadmissible: AmendmentState = "inadmissible"
    /// The shipped life's state of an amendment its organisation withdrew.
    public static let withdrawn: AmendmentState = "withdrawn"
    /// The shipped life's state of an amendment the vote adopted.
    public static let adopted: AmendmentState = "adopted"
    /// The shipped life's state of an amendment the vote rejected.
    public static let rejected: AmendmentState = "rejected"
    /// The shipped life's state of an amendment that fell.
    public static let fallen: AmendmentState = "fallen"
}

/// An amendment's life as the record's `workflows/amendment.yml` describes it: the states a new
/// amendment and a compromise start in, the transitions Accord fires itself (`host:`) and the
/// states it reads (`host-states:`), so that an association may name them as it likes.
public struct AmendmentLife: Sendable, Equatable {
    /// What Accord does to an amendment by itself, each declared under `host:` in the workflow.
    public enum Event: String, Sendable, CaseIterable {
        /// Its organisation withdraws it.
        case withdraw
        /// The secretariat rules it admissible.
        case admissible
        /// The secretariat rules it inadmissible.
        case inadmissible
        /// The tally finds it passed.
        case passed
        /// The tally finds it failed.
        case failed
        /// The tally finds it lapsed, since an amendment adopted before it changed the same text.
        case lapsed

        /// What the declaration is for, for the linter's messages.
        var purpose: String {
            switch self {
            case .withdraw: "when its organisation withdraws it"
            case .admissible: "when the secretariat rules it admissible"
            case .inadmissible: "when the secretariat rules it inadmissible"
            case .passed: "when the vote adopts it"
            case .failed: "when the vote rejects it"
            case .lapsed: "when it falls because another amendment changed the same text"
            }
        }
    }

    /// The groups of states Accord reads, each declared under `host-states:`.
    enum Group: String, CaseIterable {
        case compromise, unscreened, toVote = "to-vote"

        var purpose: String {
            switch self {
            case .compromise: "the state a compromise starts in"
            case .unscreened: "amendments still to be screened"
            case .toVote: "amendments to be put to the vote"
            }
        }
    }

    /// The workflow itself.
    public let workflow: WorkflowDefinition
    /// The state every new amendment starts in (the file's `initial:`).
    public let initial: AmendmentState
    /// The state a compromise starts in.
    public let compromiseInitial: AmendmentState
    /// The states of amendments still to be screened: voting cannot open while one is in them.
    public let unscreened: Set<AmendmentState>
    /// The states of amendments to be put to the vote: the voting list and the tally take these.
    public let toVote: Set<AmendmentState>

    /// The life a workflow describes, or nil when it lacks a declaration Accord needs
    /// (``HostVocabulary/accordAmendment`` makes the linter report each).
    public init?(_ workflow: WorkflowDefinition) {
        guard let compromise = workflow.hostStates[Group.compromise.rawValue]?.first,
              let unscreened = workflow.hostStates[Group.unscreened.rawValue],
              let toVote = workflow.hostStates[Group.toVote.rawValue],
              Event.allCases.allSatisfy({ workflow.hostTransition($0.rawValue) != nil }) else { return nil }
        self.workflow = workflow
        initial = AmendmentState(rawValue: workflow.initialState)
        compromiseInitial = AmendmentState(rawValue: compromise)
        self.unscreened = Set(unscreened.map(AmendmentState.init(rawValue:)))
        self.toVote = Set(toVote.map(AmendmentState.init(rawValue:)))
    }

    /// The transition Accord fires for `event`.
    public func transition(_ event: Event) -> TransitionDefinition? {
        workflow.hostTransition(event.rawValue)
    }

    /// The state an amendment is in after `event`, or nil when the workflow does not say.
    public func state(after event: Event) -> AmendmentState? {
        transition(event).map { AmendmentState(rawValue: $0.to) }
    }

    /// Whether an amendment in `state` is still open: to be screened or to be voted on.
    public func isPending(_ state: AmendmentState) -> Bool {
        unscreened.contains(state) || toVote.contains(state)
    }

    /// What is happening to an amendment in `state`, in words (the state's description).
    public func words(_ state: AmendmentState) -> String {
        workflow.stateWords(state.rawValue)
    }

    /// The life of the shipped `workflows/amendment.yml`: for values made by hand (tests, samples)
    /// that no record describes. A test checks that the shipped file lints.
    public static let shipped: AmendmentLife = {
        guard let yaml = Shipped.workflows[RecordLayout.amendmentWorkflow],
              let workflow = try? WorkflowDefinition.parse(yaml, file: "amendment.yml", vocabulary: .accordAmendment),
              let life = AmendmentLife(workflow) else {
            preconditionFailure("the shipped workflows/amendment.yml does not describe an amendment's life")
        }
        return life
    }()
}

extension HostVocabulary {
    /// What Accord reads from `workflows/amendment.yml`: the vocabulary of every workflow, and the
    /// transitions and states of ``AmendmentLife``.
    public static let accordAmendment: HostVocabulary = {
        var vocabulary = HostVocabulary.accord
        vocabulary.host = HostRequirements(
            transitions: Dictionary(uniqueKeysWithValues: AmendmentLife.Event.allCases.map { ($0.rawValue, $0.purpose) }),
            states: Dictionary(uniqueKeysWithValues: AmendmentLife.Group.allCases.map { ($0.rawValue, $0.purpose) }),
            singleStates: [AmendmentLife.Group.compromise.rawValue],
            leaving: [
                AmendmentLife.Event.admissible.rawValue: AmendmentLife.Group.unscreened.rawValue,
                AmendmentLife.Event.inadmissible.rawValue: AmendmentLife.Group.unscreened.rawValue,
                AmendmentLife.Event.passed.rawValue: AmendmentLife.Group.toVote.rawValue,
                AmendmentLife.Event.failed.rawValue: AmendmentLife.Group.toVote.rawValue,
                AmendmentLife.Event.lapsed.rawValue: AmendmentLife.Group.toVote.rawValue,
            ],
            entering: [AmendmentLife.Event.admissible.rawValue: AmendmentLife.Group.toVote.rawValue],
            // The declarations of the amendment's life Accord shipped before they were written in the file.
            defaults: .init(transitions: ["withdraw": "withdraw", "admissible": "rule-admissible", "inadmissible": "rule-inadmissible",
                                          "passed": "adopt", "failed": "reject", "lapsed": "fall"],
                            states: ["compromise": ["admissible"], "unscreened": ["tabled"], "to-vote": ["admissible"]]))
        return vocabulary
    }()

    /// The vocabulary Accord checks the record's workflow `name` with: the amendment's life
    /// must declare what Accord fires and reads; the other workflows must not.
    public static func accord(forWorkflow name: String) -> HostVocabulary {
        name == RecordLayout.amendmentWorkflow ? .accordAmendment : .accord
    }

    /// The vocabulary for a workflow file, by its name: `amendment.yml` describes the amendment's life.
    public static func accord(forFile path: String) -> HostVocabulary {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return accord(forWorkflow: name.hasSuffix(".yml") ? String(name.dropLast(4)) : name)
    }
}
