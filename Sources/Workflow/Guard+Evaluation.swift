import Foundation

extension Guard {
    /// The blockers this guard raises in `context`; empty when it holds.
    func blockers(in context: GuardContext, doing subject: String) -> [Blocker] {
        switch self {
        case .role(let roles):
            return RoleCheck.blockers(required: roles, context: context, subject: subject)
        case .quorum(let requirement):
            return requirement.blockers(in: context)
        case .majority(let requirement):
            return requirement.blockers(in: context)
        case .deadline(let requirement):
            return requirement.blockers(in: context)
        case .predicate(let name, let message, let arguments):
            return Self.predicateBlockers(name: name, arguments: arguments, message: message, in: context)
        }
    }

    private static func predicateBlockers(name: String, arguments: [String], message: String?, in context: GuardContext) -> [Blocker] {
        let words = EnglishText.label(name) + (arguments.isEmpty ? "" : " (\(arguments.joined(separator: ", ")))")
        switch context.predicates[predicateKey(name: name, arguments: arguments)] {
        case true?:
            return []
        case false?:
            return [Blocker(code: "predicate", message: message ?? "condition not met: \(words)", parameters: ["predicate": name])]
        case nil:
            return [Blocker(
                code: "predicate-unknown",
                message: "condition could not be checked: \(words)",
                parameters: ["predicate": name]
            )]
        }
    }
}

/// The role check shared by `by:` lists and `role:` guards, and by the server's pages that only
/// some roles may open, so that all of them read the same.
public enum RoleCheck {
    static func blockers(required: [String], context: GuardContext, subject: String) -> [Blocker] {
        guard !required.contains(where: context.roles.contains) else { return [] }
        let actual = context.roles.sorted()
        return [Blocker(
            code: "role",
            message: sentence(required: required, held: actual, subject: subject),
            parameters: ["required": required.joined(separator: ","), "actual": actual.joined(separator: ","), "subject": subject]
        )]
    }

    /// Who may do `subject`, and which roles the person holds: "only the secretariat may open
    /// voting; you are: member".
    public static func sentence(required: [String], held: [String], subject: String) -> String {
        let allowed = required.isEmpty ? "nobody" : "only the \(EnglishText.alternatives(required))"
        return "\(allowed) may \(subject); \(held.isEmpty ? "you hold no role" : "you are: \(held.joined(separator: ", "))")"
    }
}

extension QuorumRequirement {
    fileprivate func blockers(in context: GuardContext) -> [Blocker] {
        let have = context.counts[count] ?? 0
        let needed: Int
        var parameters = ["count": "\(have)"]
        var totalWords = ""
        switch threshold {
        case .atLeast(let number):
            needed = number
        case .fraction(let fraction):
            let totalName = total ?? ""
            guard let totalValue = context.counts[totalName] else {
                return [Blocker(
                    code: "quorum",
                    message: "quorum cannot be checked: the number of \(EnglishText.label(totalName)) is not known",
                    parameters: ["total-name": totalName]
                )]
            }
            needed = fraction.required(of: totalValue)
            parameters["total"] = "\(totalValue)"
            totalWords = "\(totalValue) "
        }
        guard have < needed else { return [] }
        parameters["needed"] = "\(needed)"
        let counted: String
        if let label {
            counted = totalWords.isEmpty ? "\(have) \(label)" : "\(have) of \(totalWords)\(label)"
        } else if let total, !totalWords.isEmpty {
            counted = "\(have) \(EnglishText.label(count)) of \(totalWords)\(EnglishText.label(total))"
        } else {
            counted = "\(have) \(EnglishText.label(count))"
        }
        return [Blocker(code: "quorum", message: "quorum not reached: \(counted), \(needed) needed", parameters: parameters)]
    }
}

extension MajorityRequirement {
    fileprivate func blockers(in context: GuardContext) -> [Blocker] {
        let votesFor = context.counts[forCount] ?? 0
        let votesAgainst = context.counts[againstCount] ?? 0
        guard votesFor <= votesAgainst else { return [] }
        return [Blocker(
            code: "majority",
            message: "no majority: \(votesFor) for, \(votesAgainst) against",
            parameters: ["for": "\(votesFor)", "against": "\(votesAgainst)"]
        )]
    }
}

extension DeadlineRequirement {
    fileprivate func blockers(in context: GuardContext) -> [Blocker] {
        let words = label ?? EnglishText.label(date)
        guard let deadline = context.dates[date] else {
            return [Blocker(code: "deadline-missing", message: "no \(words) has been set", parameters: ["deadline": date])]
        }
        let when = EnglishText.date(deadline, in: context.timeZone)
        let parameters = ["deadline": date, "date": EnglishText.timestamp(deadline), "side": side.rawValue]
        switch side {
        case .before where context.now >= deadline:
            return [Blocker(code: "deadline", message: "the \(words) passed on \(when)", parameters: parameters)]
        case .after where context.now < deadline:
            return [Blocker(code: "deadline", message: "the \(words) has not passed yet: it is \(when)", parameters: parameters)]
        default:
            return []
        }
    }
}
