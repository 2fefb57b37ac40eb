/// One reason why a transition or action is refused, worded for the person who tried it.
///
/// Like Symfony's transition blockers: a stable `code` for programs, a `message` for people and
/// `parameters` with the raw facts, so that a host can reword or translate.
public struct Blocker: Sendable, Equatable, CustomStringConvertible {
    /// A stable identifier, such as `wrong-state`, `role`, `quorum`, `deadline` or `predicate`.
    public let code: String
    /// A plain-English explanation a policy officer can act on.
    public let message: String
    /// The facts behind the message, such as `"needed": "6"`.
    public let parameters: [String: String]

    /// Creates a blocker.
    public init(code: String, message: String, parameters: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.parameters = parameters
    }

    /// The message, since that is what a person should see.
    public var description: String { message }
}
