/// A condition that must hold before a transition may fire or an action may be performed.
///
/// Guards are data: the host supplies the facts (roles, counts, dates, evaluated predicates) in a
/// ``GuardContext`` and the engine explains, as ``Blocker``s, every guard that fails.
public enum Guard: Sendable, Equatable {
    /// The actor holds at least one of these roles (on top of the transition's own `by:` list).
    case role([String])
    /// A host-supplied count reaches a threshold, absolute or as a fraction of another count.
    case quorum(QuorumRequirement)
    /// One host-supplied count is larger than another (more for than against).
    case majority(MajorityRequirement)
    /// The current time is before, or at or after, a host-supplied date.
    case deadline(DeadlineRequirement)
    /// A named condition that the host evaluates; `message` explains a failure in the author's words;
    /// `arguments` narrow what it looks at (`predicate: {name: translations-current, for: [fr]}`).
    case predicate(name: String, message: String?, arguments: [String] = [])

    /// The key under which the host supplies a predicate's value in ``GuardContext/predicates``:
    /// its name, followed by its arguments in brackets when it has any (`translations-current(fr,de)`).
    public static func predicateKey(name: String, arguments: [String]) -> String {
        arguments.isEmpty ? name : "\(name)(\(arguments.joined(separator: ",")))"
    }

    /// The name and arguments of a ``predicateKey(name:arguments:)``.
    public static func predicateCall(_ key: String) -> (name: String, arguments: [String]) {
        guard key.hasSuffix(")"), let open = key.firstIndex(of: "(") else { return (key, []) }
        let inside = key[key.index(after: open)..<key.index(before: key.endIndex)]
        return (String(key[..<open]), inside.split(separator: ",").map(String.init))
    }
}

/// The parameters of a ``Guard/quorum(_:)`` guard, written `quorum: {count: approvals, of: members, at-least: 2/3}`.
public struct QuorumRequirement: Sendable, Equatable {
    /// The name of the host count that must reach the threshold, such as `approvals`.
    public let count: String
    /// The name of the host count a fraction is taken of, such as `member-organisations`; nil for absolute thresholds.
    public let total: String?
    /// How many are needed.
    public let threshold: Threshold
    /// Words that replace the derived description in messages, such as "member organisations approved".
    public let label: String?

    /// Creates a quorum requirement.
    public init(count: String, total: String? = nil, threshold: Threshold, label: String? = nil) {
        self.count = count
        self.total = total
        self.threshold = threshold
        self.label = label
    }
}

/// How many of something a quorum needs.
public enum Threshold: Sendable, Equatable, CustomStringConvertible {
    /// An absolute number, such as `at-least: 3`.
    case atLeast(Int)
    /// A share of a total, such as `at-least: 2/3`; the number needed is rounded up.
    case fraction(Fraction)

    /// The threshold as written in a file, for diagrams.
    public var description: String {
        switch self {
        case .atLeast(let number): "\(number)"
        case .fraction(let fraction): fraction.description
        }
    }
}

/// The parameters of a ``Guard/majority(_:)`` guard, written `majority: {for: votes-for, against: votes-against}`.
public struct MajorityRequirement: Sendable, Equatable {
    /// The name of the host count of votes for.
    public let forCount: String
    /// The name of the host count of votes against.
    public let againstCount: String

    /// Creates a majority requirement.
    public init(forCount: String, againstCount: String) {
        self.forCount = forCount
        self.againstCount = againstCount
    }
}

/// The parameters of a ``Guard/deadline(_:)`` guard, written `deadline: {before: amendment-deadline}`.
public struct DeadlineRequirement: Sendable, Equatable {
    /// Which side of the date the current time must be on.
    public enum Side: String, Sendable, Equatable {
        /// Strictly before the date: the window is still open.
        case before
        /// At or after the date: the window has closed.
        case after
    }

    /// The name of the host date, such as `amendment-deadline`.
    public let date: String
    /// Which side of the date is allowed.
    public let side: Side
    /// Words that replace the derived name in messages, such as "deadline for amendments".
    public let label: String?

    /// Creates a deadline requirement.
    public init(date: String, side: Side, label: String? = nil) {
        self.date = date
        self.side = side
        self.label = label
    }
}
