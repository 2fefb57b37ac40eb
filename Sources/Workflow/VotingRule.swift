/// How the votes on one item (an amendment, a section) are counted.
///
/// By default an item passes when more vote for than against and at least half of the electorate took
/// part; abstentions count towards that quorum but not towards the majority, a tie fails, and an item
/// that misses the quorum fails whatever the votes say.
public struct VotingRule: Sendable, Equatable {
    /// Which majority an item needs.
    public enum Majority: String, Sendable, Equatable, CaseIterable {
        /// More votes for than against (a simple majority of the votes cast).
        case moreForThanAgainst = "more-for-than-against"
        /// At least two thirds of the votes for and against are for.
        case twoThirds = "two-thirds"
    }

    /// The share of the electorate that must take part (for, against or abstain).
    public let quorum: Fraction
    /// Which majority an item needs.
    public let majority: Majority
    /// What the electorate is called in reasons, such as "organisations".
    public let electorateLabel: String
    /// The body that votes (an id the host knows, such as a roster's body); nil for the whole membership.
    public let body: String?

    /// Creates a rule; the defaults are the file format's defaults.
    public init(quorum: Fraction = .half, majority: Majority = .moreForThanAgainst, electorateLabel: String = "organisations",
                body: String? = nil) {
        self.quorum = quorum
        self.majority = majority
        self.electorateLabel = electorateLabel
        self.body = body
    }
}
