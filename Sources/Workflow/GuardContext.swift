import Foundation

/// The facts a host supplies so that guards can be checked: who is acting, and what the record says.
///
/// The engine never looks anything up itself; whatever is missing from the context blocks (fails closed).
public struct GuardContext: Sendable {
    /// The actor's roles.
    public var roles: Set<String>
    /// Host-supplied counts, such as `"member-organisations": 8` or `"approvals": 4`.
    public var counts: [String: Int]
    /// Host-supplied dates, such as `"amendment-deadline"`.
    public var dates: [String: Date]
    /// The time to check deadlines against; injected so that tests and replays are deterministic.
    public var now: Date
    /// Host-evaluated named conditions; a missing one blocks with code `predicate-unknown`.
    public var predicates: [String: Bool]
    /// The time zone dates are shown in, in messages.
    public var timeZone: TimeZone

    /// Creates a context; everything defaults to "nothing known" except the current time.
    public init(
        roles: Set<String> = [],
        counts: [String: Int] = [:],
        dates: [String: Date] = [:],
        now: Date = Date(),
        predicates: [String: Bool] = [:],
        timeZone: TimeZone = .gmt
    ) {
        self.roles = roles
        self.counts = counts
        self.dates = dates
        self.now = now
        self.predicates = predicates
        self.timeZone = timeZone
    }
}
