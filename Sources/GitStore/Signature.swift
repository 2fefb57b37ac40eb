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

    /// A libgit2 signature for the duration of `body`.
    func withRaw<T>(_ body: (UnsafePointer<git_signature>) throws(GitError) -> T) throws(GitError) -> T {
        var raw: UnsafeMutablePointer<git_signature>?
        try check(
            git_signature_new(&raw, name, email, git_time_t(date.timeIntervalSince1970.rounded(.down)), Int32(timeZoneOffsetMinutes)),
            "git_signature_new")
        defer { git_signature_free(raw) }
        guard let raw else { throw GitError(.other, function: "git_signature_new", message: "no signature") }
        return try body(raw)
    }
}
