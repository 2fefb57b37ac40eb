/// A named move from one or more states to another, such as `open-voting`.
public struct TransitionDefinition: Sendable, Equatable {
    /// The transition's name, used on the command line and in records.
    public let name: String
    /// The states the transition may start from.
    public let from: [String]
    /// The state the document is in afterwards.
    public let to: String
    /// The roles allowed to fire it (the file's `by:`); an actor needs at least one of them.
    public let roles: [String]
    /// Further conditions, all of which must hold.
    public let guards: [Guard]
    /// Names of side effects the host performs after the move (for example `set-deadline`); the engine only lists them.
    public let effects: [String]
    /// A plain-English explanation, for help texts.
    public let description: String?

    /// Creates a transition; hosts normally get transitions from a parsed ``WorkflowDefinition``.
    public init(
        name: String,
        from: [String],
        to: String,
        roles: [String],
        guards: [Guard] = [],
        effects: [String] = [],
        description: String? = nil
    ) {
        self.name = name
        self.from = from
        self.to = to
        self.roles = roles
        self.guards = guards
        self.effects = effects
        self.description = description
    }

    /// What people call the step: its description, else its name in words ("open amendments").
    public var label: String { description ?? EnglishText.label(name) }
}
