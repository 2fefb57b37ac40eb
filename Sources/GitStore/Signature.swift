import Foundation
internal import CLibGit2

/// Who did something and when: a commit's author or committer, a tag's tagger.
public struct Signature: Sendable, Equatable {
    /// The person's name, as `git log` shows it.
    public var name: String
    /// The person's email address, without angle brackets.
    public var email: String
    /// When; git keeps whole seconds, so fractions are dropped on write.
    public var date: Date
    /// Minutes east of UTC, as git records it.
    public var timeZoneOffsetMinutes: Int

    /// A signature for a commit or tag about to be written.
    public init(name: String, email: String, date: Date, timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.date = date
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }

    init(_ raw: UnsafePointer<git_signature>) {
        let sig = raw.pointee
        name = String(cString: sig.name)
        email = String(cString: sig.email)
        date = Date(timeIntervalSince1970: TimeInterval(sig.when.time))
        timeZoneOffsetMinutes = Int(sig.when.offset)
    }

    /// A libgit2 copy of the signature, for the caller to free with `git_signature_free`.
    func makeRaw() throws(GitError) -> UnsafeMutablePointer<git_signature>? {
        var raw: UnsafeMutablePointer<git_signature>?
        try check(git_signature_new(&raw, name, email, git_time_t(date.timeIntervalSince1970.rounded(.down)), Int32(timeZoneOffsetMinutes)),
                  "git_signature_new")
        return raw
    }
}
