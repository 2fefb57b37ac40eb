import Foundation
internal import CLibGit2

/// A `Key: value` line at the end of a commit message, as Gerrit and git use them.
public struct Trailer: Sendable, Equatable, Hashable {
    /// The part before the colon, e.g. `Accord-Action`; what `trailer(_:)` looks up.
    public let key: String
    /// The text after the colon; kept on one line when written.
    public let value: String
    /// Unlabelled arguments read like the line itself: `Trailer("Accord-Action", "amend")`.
    public init(_ key: String, _ value: String) {
        self.key = key
        self.value = value
    }
}

/// A commit message in git's conventional shape: a subject line, an optional
/// body, and trailers that `git log --format=%(trailers)` and
/// `git interpret-trailers` read back.
public struct CommitMessage: Sendable, Equatable {
    /// The first line, shown by `git log --oneline`.
    public var subject: String
    /// Free text between the subject and the trailers, if any.
    public var body: String?
    /// The machine-readable facts of the commit, in order.
    public var trailers: [Trailer]

    /// A message to write; `text` gives its stored form.
    public init(subject: String, body: String? = nil, trailers: [Trailer] = []) {
        self.subject = subject
        self.body = body
        self.trailers = trailers
    }

    /// The message text as stored in the commit.
    ///
    /// Line breaks in the subject or in a trailer value would break the
    /// format, so they are folded into spaces.
    public var text: String {
        var text = Self.singleLine(subject) + "\n"
        if let body, !body.isEmpty { text += "\n" + body.trimmingCharacters(in: ["\n"]) + "\n" }
        if !trailers.isEmpty { text += "\n" + trailers.map { "\($0.key): \(Self.singleLine($0.value))" }.joined(separator: "\n") + "\n" }
        return text
    }

    /// Parses a stored message: the first line, the body, and git's trailers.
    public init(parsing text: String) {
        let trailers = Self.parseTrailers(text)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        subject = lines.isEmpty ? "" : lines.removeFirst()
        if !trailers.isEmpty {
            // The trailers are the last paragraph: drop it from the body.
            while let last = lines.last, last.isEmpty { lines.removeLast() }
            while let last = lines.last, !last.isEmpty { lines.removeLast() }
        }
        let body = lines.joined(separator: "\n").trimmingCharacters(in: ["\n"])
        self.body = body.isEmpty ? nil : body
        self.trailers = trailers
    }

    /// The first value of a trailer, if present.
    public func trailer(_ key: String) -> String? { trailers.first { $0.key == key }?.value }

    private static func parseTrailers(_ text: String) -> [Trailer] {
        _ = LibGit2.ready // parsing may come before any repository is opened
        var array = git_message_trailer_array()
        guard git_message_trailers(&array, text) == 0 else { return [] }
        defer { git_message_trailer_array_free(&array) }
        return (0..<array.count).map { index in
            let trailer = array.trailers[index]
            return Trailer(String(cString: trailer.key), String(cString: trailer.value))
        }
    }

    private static func singleLine(_ text: String) -> String { text.split(whereSeparator: \.isNewline).joined(separator: " ") }
}
