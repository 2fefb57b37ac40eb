import Foundation
import GitStore
import Resolutions
import Testing

/// Inputs at the edges of the formats, each refused before it could damage the record.
@Suite("Edge cases") struct EdgeCaseTests {
    static func draft(_ body: String, language: String = "en") -> String {
        "---\ntitle: Edge\nid: edge\nlanguage: \(language)\n---\n## Part\n\(body)\n"
    }

    @Test("an explicit id on a continuation line is checked like any other")
    func continuationIDIsClaimed() throws {
        let markdown = Self.draft("1. First,\ncontinued {#par-2}\n2. Second.")
        let error = try #require(throws: InvalidInput.self) { try ResolutionText(markdown: markdown, file: "edge.md") }
        #expect(error.problems.contains { $0.message.contains("‘par-2’ is already used") })
    }

    @Test("a language must be a language code", arguments: ["en: x", "english", "e", "fr_FR"])
    func languageIsChecked(_ language: String) throws {
        let markdown = Self.draft("1. Text.", language: "\"\(language)\"")
        let error = try #require(throws: InvalidInput.self) { try ResolutionText(markdown: markdown, file: "edge.md") }
        #expect(error.problems.contains { $0.message.contains("not a language code") })
    }

    @Test("language codes with regions and scripts are accepted", arguments: ["en", "fra", "pt-BR", "sr-Latn"])
    func languageCodes(_ language: String) throws {
        #expect(try ResolutionText(markdown: Self.draft("1. Text.", language: language), file: "edge.md").language == language)
    }

    @Test("a draft may not take the id of a provision an amendment could insert")
    func insertedIDsAreReserved() throws {
        let fixture = try TestRecord()
        let text = try ResolutionText(markdown: Self.draft("1. Text. {#par-a3}"), file: "edge.md")
        let error = try #require(try fixture.refusal(.importDraft(text), by: People.secretariat, at: When.created))
        #expect(error.blockers.contains { $0.code == "reserved-id" })
    }

    @Test("amendment ids are A and a number without sign or leading zero", arguments: [
        ("A12", 12), ("a7", 7), ("A0", nil), ("A007", nil), ("A+5", nil), ("A-1", nil), ("A", nil), ("B2", nil),
    ] as [(String, Int?)])
    func amendmentIDs(_ id: String, _ number: Int?) {
        #expect(Amendment.number(id) == number)
    }

    @Test("people's own tags are theirs; tags under a resolution's id are Accord's")
    func ownTagsAreLeftAlone() throws {
        let fixture = try TestRecord()
        try fixture.importSample()
        try fixture.git("tag", "release-1", "main")
        #expect(try Verifier(record: fixture.record).verify().failure == nil)
        try fixture.git("tag", "pact-2026/final", "main")
        #expect(try Verifier(record: fixture.record).verify().failure?.reason.contains("pact-2026/final") == true)
    }

    @Test("a record is never created in a folder that holds files")
    func createRefusesAFolderWithFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        FileManager.default.createFile(atPath: folder + "/notes.txt", contents: Data("mine".utf8))
        #expect(throws: AccordError.self) { try Record.create(at: folder, workflows: Shipped.workflows, now: When.created) }
        #expect(FileManager.default.contents(atPath: folder + "/notes.txt") == Data("mine".utf8))
    }
}
