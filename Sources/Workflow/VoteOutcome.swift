/// The result of counting the votes on one item, with the reason in plain words for the minutes.
public struct VoteOutcome: Sendable, Equatable, CustomStringConvertible {
    /// Whether the item was adopted.
    public let passed: Bool
    /// Why, for example "rejected: tie: 3 for, 3 against, 0 abstentions; …".
    public let reason: String

    /// Creates an outcome.
    public init(passed: Bool, reason: String) {
        self.passed = passed
        self.reason = reason
    }

    /// The reason, which already says whether the item passed.
    public var description: String { reason }
}
