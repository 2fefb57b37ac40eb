import Foundation

/// How many failed sign-ins are allowed before more are refused for a while.
public struct ThrottlePolicy: Sendable {
    /// Failures allowed per account within `window`.
    public var perAccount = 5
    /// Failures allowed per client address within `window` (an office behind one address
    /// signs in many people).
    public var perAddress = 20
    /// How long a failure counts.
    public var window: TimeInterval = 15 * 60

    public init() {}
}

/// The failed sign-ins of the last `window`, per account and per client address: a value
/// with no I/O, tested on its own; `SignInThrottle` owns one.
struct SignInLimiter {
    let policy: ThrottlePolicy
    private var failuresByAccount: [String: [Date]] = [:]
    private var failuresByAddress: [String: [Date]] = [:]

    init(policy: ThrottlePolicy) {
        self.policy = policy
    }

    /// Nil when an attempt may go ahead, else how long to wait.
    mutating func wait(account: String, address: String, now: Date) -> TimeInterval? {
        let byAccount = Self.recent(&failuresByAccount, account, now, window: policy.window)
        let byAddress = Self.recent(&failuresByAddress, address, now, window: policy.window)
        var waits: [TimeInterval] = []
        if byAccount.count >= policy.perAccount, let oldest = byAccount.first { waits.append(oldest + policy.window - now.timeIntervalSince1970) }
        if byAddress.count >= policy.perAddress, let oldest = byAddress.first { waits.append(oldest + policy.window - now.timeIntervalSince1970) }
        return waits.max().map { max(1, $0) }
    }

    mutating func recordFailure(account: String, address: String, now: Date) {
        failuresByAccount[account, default: []].append(now)
        failuresByAddress[address, default: []].append(now)
    }

    /// A successful sign-in clears the account's failures (not the address's).
    mutating func recordSuccess(account: String) {
        failuresByAccount[account] = nil
    }

    /// The times of the failures still within the window, oldest first; older ones are dropped.
    private static func recent(_ table: inout [String: [Date]], _ key: String, _ now: Date, window: TimeInterval) -> [TimeInterval] {
        let cutoff = now.addingTimeInterval(-window)
        let kept = (table[key] ?? []).filter { $0 > cutoff }
        table[key] = kept.isEmpty ? nil : kept
        return kept.map(\.timeIntervalSince1970)
    }
}

/// The server's sign-in limiter (in memory: a restart forgets failures).
actor SignInThrottle {
    private var limiter: SignInLimiter

    init(policy: ThrottlePolicy) {
        limiter = SignInLimiter(policy: policy)
    }

    func wait(account: String, address: String) -> TimeInterval? {
        limiter.wait(account: account, address: address, now: Date())
    }

    func recordFailure(account: String, address: String) {
        limiter.recordFailure(account: account, address: address, now: Date())
    }

    func recordSuccess(account: String) {
        limiter.recordSuccess(account: account)
    }
}
