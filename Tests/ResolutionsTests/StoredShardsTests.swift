import Foundation
import GitStore
@testable import Resolutions
import Testing

@Suite("Amendment shards stored for the next process")
struct StoredShardsTests {
    /// The competing amendments in voting, with a ruling, a proposal and votes: every field the file holds.
    static func fixture() throws -> TestRecord {
        let fixture = try TestRecord()
        try TallyTests.competing(fixture)
        try fixture.perform(.propose(resolution: pact, amendment: 7, accept: true, note: "Agreed by “both” tablers"),
                            by: People.secretariat, at: When.screening)
        try fixture.screen(6, admissible: false, reason: "Out of scope")
        try fixture.screenRemaining()
        try fixture.openVoting()
        try fixture.vote(on: "A7", ballot(for: 5, against: 2, abstain: 1))
        try fixture.vote(on: "A3", ballot(against: 3))
        return fixture
    }

    static func file(_ fixture: TestRecord) -> String { fixture.path + "/accord/cache/\(pact).amendments" }

    /// A new `Record` on the same repository: what a new process starts from.
    static func reopened(_ fixture: TestRecord) throws -> Record {
        try Record.open(at: fixture.path, mode: .direct)
    }

    @Test("another process reads the same status from the stored shards as from a cold parse")
    func sameAsCold() throws {
        let fixture = try Self.fixture()
        let first = try fixture.snapshot().status(pact, now: When.voting)
        #expect(FileManager.default.fileExists(atPath: Self.file(fixture)))
        let fromFile = try Self.reopened(fixture).snapshot().status(pact, now: When.voting)
        try FileManager.default.removeItem(atPath: Self.file(fixture))
        let cold = try Self.reopened(fixture).snapshot().status(pact, now: When.voting)
        #expect(fromFile == cold)
        #expect(first == cold)
        #expect(cold.amendments.first { $0.id == "A7" }?.votes.count == 8)
        #expect(cold.amendments.first { $0.id == "A7" }?.proposalNote == "Agreed by “both” tablers")
        try fixture.git("fsck", "--strict")
    }

    @Test("stored shards are used as they are, by shard id, without parsing the folders again")
    func usedByShardID() throws {
        let fixture = try Self.fixture()
        let folders = try fixture.snapshot().amendmentFolders(pact)
        let shards = try fixture.snapshot().list(RecordLayout.amendments(pact))
        // Rewrite every stored amendment's justification: a reader that took the file must show it.
        let marked = try shards.map { shard in
            let stored = try #require(StoredShards(gitDirectory: fixture.path).load(pact)[shard.id])
            return (id: shard.id, folders: stored.map { folder in
                var amendment = folder.amendment
                amendment.draft.justification = "from the file"
                return AmendmentFolder(amendment: amendment, votes: folder.votes)
            })
        }
        #expect(marked.flatMap(\.folders).count == folders.count)
        StoredShards(gitDirectory: fixture.path).save(marked, of: pact)
        let read = try Self.reopened(fixture).snapshot().amendments(pact)
        #expect(read.count == folders.count)
        #expect(read.allSatisfy { $0.draft.justification == "from the file" })
    }

    @Test("a damaged or cut-short file is ignored and written again", arguments: ["garbage", "truncated", "flipped"])
    func damaged(_ damage: String) throws {
        let fixture = try Self.fixture()
        let expected = try fixture.snapshot().status(pact, now: When.voting)
        let path = Self.file(fixture)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        switch damage {
        case "garbage": bytes = Array("not a cache file".utf8)
        case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
        default: bytes[bytes.count / 2] ^= 0x5A
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try Self.reopened(fixture).snapshot().status(pact, now: When.voting) == expected)
        #expect(StoredShards(gitDirectory: fixture.path).load(pact).count == (try fixture.snapshot().list(RecordLayout.amendments(pact)).count))
    }

    @Test("after an action by another process, every reader sees it, never the stored state")
    func neverStale() throws {
        let fixture = try Self.fixture()
        let before = try fixture.snapshot().status(pact, now: When.voting)
        #expect(before.amendments.first { $0.id == "A2" }?.votes.isEmpty == true)
        let writer = try Self.reopened(fixture)
        try writer.perform(.vote(resolution: pact, item: "A2", choice: .against), by: "lucia", at: When.voting)
        try writer.perform(.vote(resolution: pact, item: "A1", choice: .for), by: "giulia", at: When.voting)
        for reader in [fixture.record, try Self.reopened(fixture)] {
            let status = try reader.snapshot().status(pact, now: When.voting)
            #expect(status.amendments.first { $0.id == "A2" }?.votes == ["femp": "against"])
            #expect(status.amendments.first { $0.id == "A1" }?.votes == ["anci": "for"])
        }
        // An older version is read as it was, whatever the file holds now.
        let old = try Self.reopened(fixture).snapshot(at: "main~2").status(pact, now: When.voting)
        #expect(old == before)
    }
}
