internal import CLibGit2

/// A failure in the record store, with what libgit2 said about it.
///
/// `kind` is what callers branch on (a lost race is retried, a missing file is
/// reported); `function`, `code` and `message` say exactly which libgit2 call
/// failed and why, for the person reading the error.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The failures callers handle differently.
    public enum Kind: Sendable, Equatable {
        /// The path holds no git repository.
        case notARepository
        /// A repository, ref or tag already exists where a new one was asked for.
        case alreadyExists
        /// A revision, ref, file or folder does not exist.
        case notFound
        /// The ref moved since the caller read it: re-read, re-validate, retry.
        case raceLost
        /// Another writer holds the ref's lock file, or a crashed one left it behind.
        case locked
        /// The repository (or the folder meant for a new one) cannot be written by this process.
        case notWritable
        /// A path inside the record is not acceptable (`..`, a leading `/`, empty parts).
        case invalidPath
        /// An object's stored bytes do not inflate or do not hash to its id: never retried.
        case damaged
        /// Anything else libgit2 or the system reported.
        case other
    }

    /// What happened, for callers to branch on.
    public let kind: Kind
    /// libgit2's return code (0 when the failure was detected by Accord itself).
    public let code: Int32
    /// The libgit2 function (or store operation) that failed.
    public let function: String
    /// libgit2's message, or Accord's own.
    public let message: String

    /// An error detected by Accord itself (`code` 0) or built from a libgit2 result.
    public init(_ kind: Kind, code: Int32 = 0, function: String, message: String) {
        (self.kind, self.code, self.function, self.message) = (kind, code, function, message)
    }

    /// The message, and for libgit2 failures the function and its return code.
    public var description: String { code == 0 ? message : "\(message) (\(function) returned \(code))" }

    /// Builds the error for a failed libgit2 call, reading its thread-local
    /// message at once (libgit2 1.5 may have none: `git_error_last()` is NULL).
    /// - Parameter object: the object being read, named in the message when it is damaged.
    static func fromLastError(_ code: Int32, function: String, object: ObjectID? = nil) -> GitError {
        var message = "libgit2 reported an error"
        var damaged = code == GIT_EMISMATCH.rawValue
        if let last = git_error_last(), let text = last.pointee.message {
            message = String(cString: text)
            // A failed inflate is how a flipped byte inside a pack usually shows.
            damaged = damaged || last.pointee.klass == Int32(GIT_ERROR_ZLIB.rawValue) || message.contains("corrupt")
        }
        if damaged {
            return GitError(.damaged, code: code, function: function, message: "\(object.map { "the object \($0.hex)" } ?? "an object") in the record is damaged (\(message)); git fsck lists what else is, and the record needs restoring from a copy")
        }
        let kinds: [Int32: Kind] = [GIT_ENOTFOUND.rawValue: .notFound, GIT_EEXISTS.rawValue: .alreadyExists,
                                    GIT_EMODIFIED.rawValue: .raceLost, GIT_ELOCKED.rawValue: .locked]
        return GitError(kinds[code] ?? .other, code: code, function: function, message: message)
    }
}

/// Throws a `GitError` when a libgit2 call returned a negative code.
@inline(__always)
func check(_ code: Int32, _ function: String, object: ObjectID? = nil) throws(GitError) {
    if code < 0 { throw GitError.fromLastError(code, function: function, object: object) }
}
