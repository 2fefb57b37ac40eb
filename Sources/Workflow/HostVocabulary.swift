/// The names a host program understands, so that the linter can catch a misspelt predicate or effect
/// before the file is used, rather than when a guard unexpectedly blocks.
///
/// Each set left nil accepts any name.
public struct HostVocabulary: Sendable, Equatable {
    /// Predicates the host evaluates (`predicate:` guards).
    public var predicates: Set<String>?
    /// Effects the host performs (`effects:` of transitions).
    public var effects: Set<String>?
    /// Actions the host implements (keys of `actions:`).
    public var actions: Set<String>?
    /// Counts the host supplies (`quorum:` and `majority:` guards).
    public var counts: Set<String>?
    /// Dates the host supplies (`deadline:` guards).
    public var dates: Set<String>?
    /// A predicate or effect → the action it counts on: a transition guarded by the predicate, or with
    /// the effect, must leave only states where that action is allowed (a vote to count, say).
    public var needs: [String: String]
    /// What the file must declare under `host:` and `host-states:` for the host to drive it;
    /// nil accepts any such declarations and requires none.
    public var host: HostRequirements?

    /// Creates a vocabulary; every set defaults to "accept anything".
    public init(
        predicates: Set<String>? = nil,
        effects: Set<String>? = nil,
        actions: Set<String>? = nil,
        counts: Set<String>? = nil,
        dates: Set<String>? = nil,
        needs: [String: String] = [:],
        host: HostRequirements? = nil
    ) {
        self.predicates = predicates
        self.effects = effects
        self.actions = actions
        self.counts = counts
        self.dates = dates
        self.needs = needs
        self.host = host
    }
}

/// The transitions a host fires itself and the groups of states it must know, which a workflow
/// declares under `host:` (role → transition) and `host-states:` (group → states), so that the
/// host never relies on a state's or a transition's name.
public struct HostRequirements: Sendable, Equatable {
    /// The roles under `host:` the file must declare, e.g. `withdraw` or `passed`, each with what it is for.
    public var transitions: [String: String]
    /// The groups under `host-states:` the file must declare, e.g. `unscreened`, each with what it is for.
    public var states: [String: String]
    /// The groups of `states` that name exactly one state, e.g. the state a compromise starts in.
    public var singleStates: Set<String>
    /// Host transition role → state group: the transition must be possible from every state of the group.
    public var leaving: [String: String]
    /// Host transition role → state group: the transition must lead into a state of the group.
    public var entering: [String: String]
    /// What a file with neither `host:` nor `host-states:` is taken to declare, when every name in
    /// it is declared in the file: so that files written before these keys existed keep working.
    public var defaults: Declarations?

    /// What a file declares under `host:` (role → transition) and `host-states:` (group → states).
    public struct Declarations: Sendable, Equatable {
        public var transitions: [String: String]
        public var states: [String: [String]]

        public init(transitions: [String: String], states: [String: [String]]) {
            self.transitions = transitions
            self.states = states
        }
    }

    /// Creates requirements; an empty value forbids `host:` and `host-states:` entries altogether.
    public init(transitions: [String: String] = [:], states: [String: String] = [:], singleStates: Set<String> = [],
                leaving: [String: String] = [:], entering: [String: String] = [:],
                defaults: Declarations? = nil) {
        self.transitions = transitions
        self.states = states
        self.singleStates = singleStates
        self.leaving = leaving
        self.entering = entering
        self.defaults = defaults
    }
}
