/// The error thrown when a transition is fired but not allowed, carrying every reason at once.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// All reasons, in the order they were found; never empty when thrown by the engine.
    public let blockers: [Blocker]

    /// Creates a refusal.
    public init(blockers: [Blocker]) {
        self.blockers = blockers
    }

    /// The messages, one per line, so that a command-line tool can print them as they are.
    public var description: String {
        blockers.map(\.message).joined(separator: "\n")
    }
}
