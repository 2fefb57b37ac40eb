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

    /// Creates a vocabulary; every set defaults to "accept anything".
    public init(
        predicates: Set<String>? = nil,
        effects: Set<String>? = nil,
        actions: Set<String>? = nil,
        counts: Set<String>? = nil,
        dates: Set<String>? = nil
    ) {
        self.predicates = predicates
        self.effects = effects
        self.actions = actions
        self.counts = counts
        self.dates = dates
    }
}
