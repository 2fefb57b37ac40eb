import Foundation
import GitStore
import NIOCore
import Resolutions

/// The one way the server writes to the record: every action of every request goes through
/// `perform`, and is answered once its commit is durable.
///
/// Actions that arrive together are written together (`GroupCommit`): each is checked on the
/// tip the ones before it left and becomes its own commit, but a group reaches the disk as one
/// pack and one ref update.
public final class ActionQueue: Sendable {
    private let writer: GroupCommit

    /// A queue writing to the record whose git folder is `gitDirectory`.
    public init(gitDirectory: String) throws(AccordError) {
        writer = try GroupCommit(gitDirectory: gitDirectory)
    }

    /// Checks and records `action` as `person` (a roster id) at `date`, as one commit marked
    /// `Accord-Via: web`; nothing is written when it is refused.
    public func perform(_ action: Action, by person: String, at date: Date) async throws(AccordError) -> Performed {
        try await writer.perform(action, by: person, at: date, via: "web")
    }

    /// Checks and records `actions` in order, each its own commit, all or none: when one is
    /// refused, nothing is written.
    public func perform(_ actions: [Action], by person: String, at date: Date) async throws(AccordError) -> [Performed] {
        try await writer.perform(actions, by: person, at: date, via: "web")
    }
}

/// What the server reads from the record, one request at a time, each at the tip of `main`.
public actor RecordReader {
    let record: Record

    /// A reader of the record whose git folder is `gitDirectory`.
    public init(gitDirectory: String) throws(AccordError) {
        record = try Record.open(at: gitDirectory)
    }

    /// The roster person with this id or email, at the tip.
    public func person(_ idOrEmail: String) throws(AccordError) -> Person? {
        try record.snapshot().roster().person(idOrEmail)
    }

    /// What `body` makes of a snapshot at the tip: the pages build what they show this way, so
    /// that one page reads one version of the record.
    public func read<T: Sendable>(_ body: (Snapshot) throws(AccordError) -> T) throws(AccordError) -> T {
        try body(try record.snapshot())
    }

    /// The commit at the tip of `main` (nil for an empty record).
    public func tip() throws(AccordError) -> ObjectID? {
        try record.snapshot().commit
    }

    /// The log entry of a commit of the record, given its full id; nil when there is none.
    public func entry(_ hex: String) -> LogEntry? {
        guard let id = ObjectID(hex: hex), let info = try? record.repository.commitInfo(id) else { return nil }
        return LogEntry(info)
    }

    /// `accord status --json`'s list.
    public func resolutions() throws(AccordError) -> [ResolutionSummary] {
        try record.snapshot().resolutionSummaries()
    }

    /// The last status written: readers who ask for the same resolution at the same tip within
    /// the same second share it (twenty readers of 10,000 amendments would otherwise each wait
    /// for the nineteen renderings before theirs).
    private var lastStatus: (commit: ObjectID?, id: String, second: Int64, json: ByteBuffer)?

    /// The bytes `accord status RES --json` prints, written straight into the response's
    /// buffer (nine megabytes for 10,000 amendments: copied once, not twice).
    public func statusJSON(_ id: String, now: Date) throws(AccordError) -> ByteBuffer {
        let snapshot = try record.snapshot()
        let second = Int64(now.timeIntervalSince1970.rounded(.down))
        if let last = lastStatus, last.commit == snapshot.commit, last.id == id, last.second == second { return last.json }
        var buffer = ByteBuffer()
        try snapshot.writeStatusJSON(id, now: now) { chunk in buffer.writeBytes(chunk) }
        buffer.writeInteger(UInt8(0x0a))
        lastStatus = (snapshot.commit, id, second, buffer)
        return buffer
    }

    /// The bytes `accord voting-list RES --json` prints.
    public func votingListJSON(_ id: String) throws(AccordError) -> Data {
        Data(try record.snapshot().votingListJSON(id).utf8)
    }

    /// `accord log [RES] --json`'s entries.
    public func log(of id: String?, limit: Int?) throws(AccordError) -> [LogEntry] {
        try record.log(of: id, limit: limit).map(LogEntry.init)
    }
}
