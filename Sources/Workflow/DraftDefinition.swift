/// A value read from the file, with the position it was read from, so that later checks can point at it.
struct Located<Value> {
    var value: Value
    var position: SourcePosition
}

/// A reference from a guard or transition to a name the host must know, kept for vocabulary checks.
struct HostReference {
    enum Kind: String {
        case predicate, effect, action, count, date
    }

    var kind: Kind
    var name: Located<String>
}

/// A workflow file as read, before the checks that need the whole file (states, roles, reachability).
struct DraftDefinition {
    struct State {
        var name: Located<String>
        var isFinal = false
        var initialFlag: SourcePosition?
        var description: String?
    }

    struct Transition {
        var name: Located<String>
        var from: [Located<String>] = []
        var to: Located<String>?
        var roles: [Located<String>] = []
        var guards: [Guard] = []
        var guardRoles: [Located<String>] = []
        var effects: [Located<String>] = []
        var description: String?
    }

    struct Action {
        var name: Located<String>
        var states: [Located<String>] = []
        var roles: [Located<String>] = []
        var guards: [Guard] = []
        var guardRoles: [Located<String>] = []
        var description: String?
    }

    var rootPosition = SourcePosition.start
    var name: String?
    var description: String?
    var roles: [Located<String>] = []
    var initial: Located<String>?
    var states: [State] = []
    var transitions: [Transition] = []
    var actions: [Action] = []
    var voting = VotingRule()
    /// `voting: in:`: the rule of the votes held in each state, and where each state was named.
    var votingByState: [String: VotingRule] = [:]
    var votingStates: [Located<String>] = []
    var references: [HostReference] = []
    /// `host:`: role → the transition the host fires for it; nil when the file has no `host:`.
    var hostTransitions: [(role: Located<String>, transition: Located<String>)]?
    var hostPosition: SourcePosition?
    /// `host-states:`: group → its states; nil when the file has no `host-states:`.
    var hostStates: [(group: Located<String>, states: [Located<String>])]?
    var hostStatesPosition: SourcePosition?
}

/// A 1-based line and column in the source text; Yams' own `Mark` cannot be created outside Yams.
struct SourcePosition: Equatable {
    var line: Int
    var column: Int

    /// Line 1, column 1: where to point when the tree has no position to offer.
    static let start = SourcePosition(line: 1, column: 1)
}
