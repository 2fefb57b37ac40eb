import Foundation
import GitStore
@testable import Resolutions
import Testing
import Workflow

@Suite("Texts, roster and workflows stored for the next process")
struct StoredParsesTests {
    static func file(_ fixture: TestRecord, _ path: String) -> String {
        fixture.path + "/accord/cache/" + path.replacingOccurrences(of: "/", with: ".") + ".parsed"
    }

    static let paths = [RecordLayout.text(pact), RecordLayout.roster, RecordLayout.workflow("resolution"), RecordLayout.workflow("amendment")]

    /// Everything the stored files hold, read through a snapshot.
    static func read(_ record: Record) throws -> (ResolutionText, Roster, WorkflowDefinition, WorkflowDefinition) {
        let snapshot = try record.snapshot()
        return (try snapshot.text(pact), try snapshot.roster(), try snapshot.workflow("resolution"), try snapshot.workflow(RecordLayout.amendmentWorkflow))
    }

    @Test("another process reads the same values from the stored files as from a cold parse")
    func sameAsCold() throws {
        let fixture = try StoredShardsTests.fixture()
        let first = try Self.read(fixture.record)
        for path in Self.paths { #expect(FileManager.default.fileExists(atPath: Self.file(fixture, path)), "\(path)") }
        let fromFiles = try Self.read(try StoredShardsTests.reopened(fixture))
        try FileManager.default.removeItem(atPath: fixture.path + "/accord/cache")
        let cold = try Self.read(try StoredShardsTests.reopened(fixture))
        #expect(fromFiles == cold)
        #expect(first == cold)
        #expect(cold.0 == (try sampleText()))
        try fixture.git("fsck", "--strict")
    }

    @Test("a stored value is used for the blob it was parsed from, and never for another")
    func keyedByBlob() throws {
        let fixture = try StoredShardsTests.fixture()
        let path = RecordLayout.text(pact)
        let snapshot = try fixture.snapshot()
        let commit = try #require(snapshot.commit)
        let entry = try #require(try fixture.record.repository.entry(path, at: commit))
        var marked = try snapshot.text(pact)
        marked.title = "From the stored file"
        let stored = StoredParses(gitDirectory: fixture.path)
        // Under the blob's own id the file is taken as it is: proof that readers use it.
        stored.save(marked, of: path, id: entry.id, as: .resolutionText)
        #expect(try StoredShardsTests.reopened(fixture).snapshot().text(pact).title == "From the stored file")
        // Under any other id (another version of the text) it is ignored, then replaced.
        let other = try #require(ObjectID(hex: String(repeating: "ab", count: 20)))
        stored.save(marked, of: path, id: other, as: .resolutionText)
        #expect(try StoredShardsTests.reopened(fixture).snapshot().text(pact) == (try sampleText()))
        #expect(stored.load(path, id: entry.id, as: .resolutionText) == (try sampleText()))
        // A file of another kind for the same blob is never read as a text.
        stored.save(Roster.empty, of: path, id: entry.id, as: .roster)
        #expect(try StoredShardsTests.reopened(fixture).snapshot().text(pact) == (try sampleText()))
    }

    @Test("after a draft update by another process, readers see the new text, not the stored one")
    func neverStale() throws {
        let fixture = try TestRecord()
        try fixture.perform(.importDraft(try sampleText()), by: People.secretariat, at: When.created)
        #expect(try StoredShardsTests.reopened(fixture).snapshot().text(pact) == (try sampleText()))
        var updated = try sampleText()
        updated.title = "An updated title"
        try StoredShardsTests.reopened(fixture).perform(.updateDraft(updated), by: People.secretariat, at: When.created)
        for reader in [fixture.record, try StoredShardsTests.reopened(fixture)] {
            #expect(try reader.snapshot().text(pact).title == "An updated title")
            #expect(try reader.snapshot(at: "main~1").text(pact).title == (try sampleText()).title)
        }
    }

    @Test("a damaged or cut-short file is ignored and written again", arguments: ["garbage", "truncated", "flipped", "empty"])
    func damaged(_ damage: String) throws {
        let fixture = try StoredShardsTests.fixture()
        let expected = try Self.read(fixture.record)
        for path in Self.paths {
            let file = Self.file(fixture, path)
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            switch damage {
            case "garbage": bytes = Array("not a cache file".utf8)
            case "truncated": bytes = Array(bytes.prefix(bytes.count / 2))
            case "empty": bytes = []
            default: bytes[bytes.count / 2] ^= 0x5A
            }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        }
        #expect(try Self.read(try StoredShardsTests.reopened(fixture)) == expected)
        let snapshot = try fixture.snapshot()
        let stored = StoredParses(gitDirectory: fixture.path)
        let commit = try #require(snapshot.commit)
        let text = try #require(try fixture.record.repository.entry(RecordLayout.text(pact), at: commit))
        #expect(stored.load(RecordLayout.text(pact), id: text.id, as: .resolutionText) == expected.0, "written again")
    }

    @Test("every shipped workflow comes back from its stored form as it was parsed")
    func workflowsRoundTrip() throws {
        let id = try #require(ObjectID(hex: String(repeating: "0", count: 40)))
        for (name, yaml) in Shipped.workflows {
            let workflow = try WorkflowDefinition.parse(yaml, file: name, vocabulary: .accord(forWorkflow: name))
            let data = ParsedFile.encode(kind: ParsedCodec<WorkflowDefinition>.workflow.kind, id: id) { writer in
                ParsedCodec<WorkflowDefinition>.workflow.encode(workflow, &writer)
            }
            let decoded = try ParsedFile.decode(data, kind: ParsedCodec<WorkflowDefinition>.workflow.kind, id: id,
                                                ParsedCodec<WorkflowDefinition>.workflow.decode)
            #expect(decoded == workflow, "\(name)")
        }
    }

    @Test("a path that is not a plain record path has no stored file")
    func onlyPlainPaths() {
        let stored = StoredParses(gitDirectory: "/tmp/x.git")
        #expect(stored.file("resolutions/pact-2026/text.md") == "/tmp/x.git/accord/cache/resolutions.pact-2026.text.md.parsed")
        #expect(stored.file("../escape") == nil)
        #expect(stored.file("a/../b") == nil)
        #expect(stored.file("") == nil)
        #expect(stored.file("with space") == nil)
    }
}
