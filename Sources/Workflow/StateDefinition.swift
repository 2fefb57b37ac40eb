/// One state of a workflow, such as `drafting` or `adopted`.
public struct StateDefinition: Sendable, Equatable {
    /// The state's name, as written in the file and stored by hosts.
    public let name: String
    /// Whether the procedure ends here; final states may have no outgoing transitions.
    public let isFinal: Bool
    /// A plain-English explanation of what happens in this state, for help texts and diagrams.
    public let description: String?

    /// Creates a state; hosts normally get states from a parsed ``WorkflowDefinition``.
    public init(name: String, isFinal: Bool = false, description: String? = nil) {
        self.name = name
        self.isFinal = isFinal
        self.description = description
    }
}
