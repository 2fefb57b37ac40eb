import Foundation
import GitStore

/// One action of the record as `accord log --json` and the server's log print it.
public struct LogEntry: Encodable, Sendable, Equatable {
    public let commit: String, date: String, author: String, email: String, summary: String
    public let action: String?, resolution: String?, actor: String?, organisation: String?, item: String?

    /// The entry for a commit, from its author and trailers.
    public init(_ commit: CommitInfo) {
        let message = commit.message
        self.commit = commit.id.hex
        date = RecordDate.format(commit.author.date)
        author = commit.author.name
        email = commit.author.email
        summary = message.subject
        action = message.trailer("Accord-Action")
        resolution = message.trailer("Accord-Resolution")
        actor = message.trailer("Accord-Actor")
        organisation = message.trailer("Accord-Organisation")
        item = message.trailer("Accord-Item")
    }
}

/// A resolution as `accord status --json` lists it.
public struct ResolutionSummary: Encodable, Sendable, Equatable {
    public let id: String, title: String, state: String, workflow: String
}

extension Record {
    /// The commits of `main`, newest first, only those on `resolution` when given (which must
    /// exist), at most `limit` of them.
    public func log(of resolution: String? = nil, limit: Int? = nil) throws(AccordError) -> [CommitInfo] {
        if let resolution { _ = try snapshot().meta(resolution) }
        var commits = try history()
        if let resolution { commits = commits.filter { $0.message.trailer("Accord-Resolution") == resolution } }
        if let limit { commits = Array(commits.prefix(limit)) }
        return commits
    }
}

extension Snapshot {
    /// Every resolution of the record, in id order.
    public func resolutionSummaries() throws(AccordError) -> [ResolutionSummary] {
        try resolutionIDs().map { id throws(AccordError) in
            let meta = try meta(id)
            return ResolutionSummary(id: meta.id, title: meta.title, state: meta.state, workflow: meta.workflow)
        }
    }

    /// The voting list as `accord voting-list RES --json` prints it, ending with a newline;
    /// made once for each version of the amendments, the text and the round.
    public func votingListJSON(_ id: String) throws(AccordError) -> String {
        try output("voting-list-json-1", of: id, from: [.amendments, .text, .state]) { () throws(AccordError) in
            Tally.votingListJSON(try votingList(id), amendments: try amendments(id)) + "\n"
        }
    }
}

/// JSON as Accord prints it: pretty, with sorted keys and unescaped slashes.
public enum PrettyJSON {
    /// The encoded value.
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }
}
