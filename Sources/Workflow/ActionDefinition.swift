/// Something an actor may do while the document stays in the same state, such as `table-amendment`.
///
/// Actions do not change the workflow state; the host records their outcome elsewhere.
public struct ActionDefinition: Sendable, Equatable {
    /// The action's name, which the host maps onto its own command.
    public let name: String
    /// The states in which the action is allowed (the file's `in:`).
    public let states: [String]
    /// The roles allowed to perform it (the file's `by:`).
    public let roles: [String]
    /// Further conditions, all of which must hold.
    public let guards: [Guard]
    /// A plain-English explanation, for help texts.
    public let description: String?

    /// Creates an action; hosts normally get actions from a parsed ``WorkflowDefinition``.
    public init(name: String, states: [String], roles: [String], guards: [Guard] = [], description: String? = nil) {
        self.name = name
        self.states = states
        self.roles = roles
        self.guards = guards
        self.description = description
    }
}
