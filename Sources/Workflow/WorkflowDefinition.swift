/// A procedure described as data: the states a document can be in, the transitions between them,
/// the actions allowed while in a state, and who may do what.
///
/// Definitions are loaded from YAML files (see ``parse(_:file:vocabulary:)``) so that an association can
/// change its rules of procedure without touching code; the engine only enforces what the file says.
public struct WorkflowDefinition: Sendable, Equatable {
    /// The workflow's name, as written in the file; used in messages and diagrams.
    public let name: String
    /// A plain-English summary of the procedure, when the file gives one.
    public let description: String?
    /// The roles the procedure knows about; every role used elsewhere must be declared here.
    public let roles: [String]
    /// The state every new document starts in.
    public let initialState: String
    /// The declared states, in file order, so that listings and diagrams follow the author's order.
    public let states: [StateDefinition]
    /// The declared transitions, in file order.
    public let transitions: [TransitionDefinition]
    /// The declared actions, in file order.
    public let actions: [ActionDefinition]
    /// How votes are counted; ``VotingRule/init(quorum:majority:electorateLabel:)`` defaults when the file has no `voting` key.
    public let voting: VotingRule
    /// The file's `voting: in:`: the rule of the votes held in a state, where it differs from ``voting``.
    public let votingByState: [String: VotingRule]
    /// The file's `host:`: for each role the host program plays (such as `withdraw`), the transition it fires.
    public let hostTransitions: [String: String]
    /// The file's `host-states:`: each group of states the host program reads (such as `unscreened`).
    public let hostStates: [String: [String]]

    /// Creates a definition from already-checked parts; prefer ``parse(_:file:vocabulary:)``, which lints first.
    public init(
        name: String,
        description: String? = nil,
        roles: [String],
        initialState: String,
        states: [StateDefinition],
        transitions: [TransitionDefinition],
        actions: [ActionDefinition] = [],
        voting: VotingRule = VotingRule(),
        votingByState: [String: VotingRule] = [:],
        hostTransitions: [String: String] = [:],
        hostStates: [String: [String]] = [:]
    ) {
        self.name = name
        self.description = description
        self.roles = roles
        self.initialState = initialState
        self.states = states
        self.transitions = transitions
        self.actions = actions
        self.voting = voting
        self.votingByState = votingByState
        self.hostTransitions = hostTransitions
        self.hostStates = hostStates
    }

    /// Finds a state by name, so that hosts can ask whether a stored state is still part of the procedure.
    public func state(named name: String) -> StateDefinition? {
        states.first { $0.name == name }
    }

    /// Finds a transition by name.
    public func transition(named name: String) -> TransitionDefinition? {
        transitions.first { $0.name == name }
    }

    /// Finds an action by name.
    public func action(named name: String) -> ActionDefinition? {
        actions.first { $0.name == name }
    }

    /// The rule of the votes held in `state`: its own under `voting: in:`, else the workflow's.
    public func votingRule(in state: String) -> VotingRule {
        votingByState[state] ?? voting
    }

    /// The transition the host fires for `role` (the file's `host:`), if declared.
    public func hostTransition(_ role: String) -> TransitionDefinition? {
        hostTransitions[role].flatMap(transition(named:))
    }
}
