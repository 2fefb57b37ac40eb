import Foundation
import GitStore
@testable import Resolutions
import Testing

@Suite("What long reads print, stored for the next process")
struct StoredOutputsTests {
    static func file(_ fixture: TestRecord) -> String { fixture.path + "/accord/cache/\(pact).status-amendments-json-1.out" }

    /// `writeStatusJSON` in chunks of 64 KiB, put together.
    static func written(_ record: Record, at revision: String? = nil) throws -> String {
        var whole: [UInt8] = []
        try record.snapshot(at: revision).writeStatusJSON(pact, now: When.voting) { chunk in whole.append(contentsOf: chunk) }
        return String(decoding: whole, as: UTF8.self)
    }

    @Test("the status written as JSON is the status encoded, made afresh, from the stored file and without one")
    func sameAsEncoded() throws {
        let fixture = try StoredShardsTests.fixture()
        let expected = try fixture.snapshot().status(pact, now: When.voting).jsonText
        #expect(expected == (try StatusJSONTests.encoded(try fixture.snapshot().status(pact, now: When.voting))))
        #expect(try Self.written(fixture.record) == expected)
        #expect(FileManager.default.fileExists(atPath: Self.file(fixture)))
        #expect(try Self.written(try StoredShardsTests.reopened(fixture)) == expected)
        try FileManager.default.removeItem(atPath: fixture.path + "/accord/cache")
        #expect(try Self.written(try StoredShardsTests.reopened(fixture)) == expected)
    }

    @Test("after a vote by another process, every reader prints it, never the stored output")
    func neverStale() throws {
        let fixture = try StoredShardsTests.fixture()
        let before = try Self.written(fixture.record)
        _ = try Self.written(try StoredShardsTests.reopened(fixture))
        try StoredShardsTests.reopened(fixture).perform(.vote(resolution: pact, item: "A2", choice: .against), by: "lucia", at: When.voting)
        for reader in [fixture.record, try StoredShardsTests.reopened(fixture)] {
            let after = try Self.written(reader)
            #expect(after == (try reader.snapshot().status(pact, now: When.voting).jsonText))
            #expect(after != before)
            #expect(try Self.written(reader, at: "main~1") == before, "an older version is printed as it was")
        }
    }

    @Test("a stored output is used under its own key only; a damaged file is ignored and written again",
          arguments: ["own key", "other key", "garbage", "truncated", "flipped"])
    func keyedAndChecked(_ case: String) throws {
        let fixture = try StoredShardsTests.fixture()
        let expected = try Self.written(fixture.record)
        let snapshot = try fixture.snapshot()
        let commit = try #require(snapshot.commit)
        let tree = try #require(try fixture.record.repository.entry(RecordLayout.amendments(pact), at: commit))
        let key = "status-amendments-json-1 \(RecordLayout.amendments(pact))=tree:\(tree.id.hex)"
        let stored = StoredOutputs(gitDirectory: fixture.path)
        #expect(stored.load("status-amendments-json-1", of: pact, key: key) != nil, "the first read stored it under this key")
        let marked = Data("[\n\n  ]".utf8)
        switch `case` {
        case "own key":
            // Taken as it is under the key of the amendments it was made from: proof that readers use it.
            stored.save(marked, "status-amendments-json-1", of: pact, key: key)
            #expect(try Self.written(try StoredShardsTests.reopened(fixture)).contains("\"amendments\" : [\n\n  ],"))
            return
        case "other key":
            stored.save(marked, "status-amendments-json-1", of: pact, key: key.replacingOccurrences(of: tree.id.hex, with: String(repeating: "0", count: 40)))
        default:
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.file(fixture))))
            switch `case` {
            case "garbage": bytes = Array("not a cache file".utf8)
            case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
            default: bytes[bytes.count / 2] ^= 0x5A
            }
            try Data(bytes).write(to: URL(fileURLWithPath: Self.file(fixture)))
        }
        #expect(try Self.written(try StoredShardsTests.reopened(fixture)) == expected)
        #expect(stored.load("status-amendments-json-1", of: pact, key: key).map { String(decoding: $0, as: UTF8.self) }
                .map { expected.contains($0) } == true, "written again")
    }

    @Test("an output declared on the text is made again when only the text changes")
    func inputsMakeTheKey() throws {
        let fixture = try TestRecord()
        try fixture.perform(.importDraft(try sampleText()), by: People.secretariat, at: When.created)
        let title = { (record: Record) throws -> String in
            let snapshot = try record.snapshot()
            return try snapshot.output("title-test-1", of: pact, from: .text) { () throws(AccordError) in try snapshot.text(pact).title }
        }
        #expect(try title(try StoredShardsTests.reopened(fixture)) == (try sampleText()).title)
        var updated = try sampleText()
        updated.title = "An updated title"
        try fixture.perform(.updateDraft(updated), by: People.secretariat, at: When.created)
        #expect(try title(try StoredShardsTests.reopened(fixture)) == "An updated title")
        // An error is never stored: an unknown resolution is refused every time.
        let snapshot = try fixture.snapshot()
        for _ in 0..<2 {
            #expect(throws: AccordError.self) {
                _ = try snapshot.output("title-test-1", of: "unknown", from: .text) { () throws(AccordError) in try snapshot.text("unknown").title }
            }
        }
    }
}
