import GitStore
import Workflow

/// Why Accord did not do what was asked, in words for the person who asked.
///
/// Every case means the record was left exactly as it was.
public enum AccordError: Error, Sendable, CustomStringConvertible {
    /// The action is not allowed now; every reason is listed.
    case refused([Blocker])
    /// A file a person wrote (draft, roster) has problems.
    case invalidInput(InvalidInput)
    /// A resolution, amendment, provision, section, person or revision that does not exist.
    case notFound(String)
    /// A record file that Accord cannot read.
    case damaged(RecordDamaged)
    /// The git repository could not be read or written.
    case store(GitError)

    public var description: String { reasons.joined(separator: "\n") }

    /// One line per reason.
    public var reasons: [String] {
        switch self {
        case .refused(let blockers): blockers.map(\.message)
        case .invalidInput(let input): input.problems.map(\.description)
        case .notFound(let message): [message]
        case .damaged(let damage): [damage.description]
        case .store(let error): [error.description]
        }
    }

    /// A refusal with a single reason.
    static func refused(_ code: String, _ message: String, _ parameters: [String: String] = [:]) -> AccordError {
        .refused([Blocker(code: code, message: message, parameters: parameters)])
    }
}
