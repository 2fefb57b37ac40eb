import Exports
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Resolutions
import Server
import Testing

/// A member's marked-up Word copy uploaded through the API: one amendment per changed provision,
/// each its own commit through the server's queue; a dry run, a refusal and someone without the
/// right write nothing.
@Suite struct UploadRouteTests {
    static let tool = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Docx/docx_tool.py").path
    static let wordType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    static let upload = "/api/v1/resolutions/\(pact)/amendments/from-docx"

    /// The changes a member of AFCCRE makes in Word with Track Changes on (see docx_tool.py markup).
    static let memberChanges: [[String: String]] = [
        ["replace": "par-6", "old": "rather than short-term project calls", "new": "with a dedicated envelope for small municipalities"],
        ["comment": "par-6", "text": "Short calls exclude small <towns> & villages."],
        ["delete": "rec-d"],
        ["insertAfter": "par-4", "text": "Calls for specific support to unaccompanied minors;"],
    ]

    /// A record open for amendments, its clock in the tabling period.
    static func openForAmendments() throws -> ServerFixture {
        let fixture = try ServerFixture()
        try fixture.perform(.transition(resolution: pact, name: "open-amendments", deadline: TestClock.date(When.deadline)), by: "claire", at: When.opened)
        fixture.clock.set(When.tabling)
        return fixture
    }

    /// The Word text export, fetched through the API, marked up with python-docx as `changes` says.
    static func markedCopy(_ fixture: ServerFixture, _ client: any TestClientProtocol, token: String, _ changes: [[String: String]],
                           name: String) async throws -> Data {
        let export = try await client.call(.get, "/api/v1/resolutions/\(pact)/export?format=docx", as: .token(token))
        try #require(export.status == .ok, "\(export.status) \(export.text)")
        let copy = fixture.folder + "/\(name)-copy.docx"
        try Data(buffer: export.body).write(to: URL(fileURLWithPath: copy))
        let spec = fixture.folder + "/\(name).json"
        try JSONSerialization.data(withJSONObject: ["changes": changes]).write(to: URL(fileURLWithPath: spec))
        let marked = fixture.folder + "/\(name).docx"
        let outcome = try Binaries.run("/usr/bin/env", ["python3", tool, "markup", copy, marked, spec])
        try #require(outcome.status == 0, "docx_tool.py markup (python-docx; scripts/setup installs it): \(outcome.stderr)")
        return try Data(contentsOf: URL(fileURLWithPath: marked))
    }

    static func post(_ client: any TestClientProtocol, _ document: Data, query: String = "", token: String,
                     type: String = wordType) async throws -> TestResponse {
        try await client.executeRequest(uri: upload + (query.isEmpty ? "" : "?\(query)"), method: .post,
                                        headers: [.authorization: "Bearer \(token)", .contentType: type], body: ByteBuffer(bytes: document))
    }

    static func summaries(_ response: TestResponse) -> [String] {
        (response.json["amendments"] as? [[String: Any]] ?? []).compactMap { $0["summary"] as? String }
    }

    @Test func trackedChangesAreTabledOneCommitEachAsTheSignedInMember() async throws {
        let fixture = try Self.openForAmendments()
        let amelie = try fixture.token("amelie")
        let before = try fixture.tip()
        try await fixture.serve { client in
            let marked = try await Self.markedCopy(fixture, client, token: amelie, Self.memberChanges, name: "afccre")

            let dry = try await Self.post(client, marked, query: "dry-run=true", token: amelie)
            #expect(dry.status == .ok, "\(dry.status) \(dry.text)")
            #expect(dry.json["tabled"] as? Bool == false)
            #expect(Self.summaries(dry) == [
                "Deletion of recital D (rec-d)",
                "Insertion after paragraph 4 (par-4): “Calls for specific support to unaccompanied minors;”",
                "Replacement of paragraph 6 (par-6): “Asks for stable, multiannual funding of local integration services with a dedicated envelope for small municipalities;” — justification: “Short calls exclude small <towns> & villages.”",
            ])
            #expect(try fixture.tip() == before, "a dry run writes nothing")

            let justification = "Agreed by the AFCCRE board.".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let tabled = try await Self.post(client, marked, query: "justification=\(justification)", token: amelie)
            #expect(tabled.status == .created, "\(tabled.status) \(tabled.text)")
            #expect(tabled.json["tabled"] as? Bool == true)
            let amendments = tabled.json["amendments"] as? [[String: Any]] ?? []
            #expect(amendments.compactMap { $0["id"] as? String } == ["A1", "A2", "A3"])
            #expect(amendments.compactMap { $0["justification"] as? String }
                    == ["Agreed by the AFCCRE board.", "Agreed by the AFCCRE board.", "Short calls exclude small <towns> & villages."])

            // Recorded in git: one commit per amendment, in text order, by Amélie, through the web.
            let commits = try fixture.git("rev-list", "--reverse", "\(before)..main").text.split(separator: "\n").map(String.init)
            #expect(commits == amendments.compactMap { $0["commit"] as? String })
            let log = try fixture.git("log", "--reverse", "--format=%an|%(trailers:key=Accord-Via,valueonly,separator=)|%(trailers:key=Accord-Item,valueonly,separator=)",
                                      "\(before)..main").text
            #expect(log.split(separator: "\n").map(String.init) == ["Amélie Durand|web|A1", "Amélie Durand|web|A2", "Amélie Durand|web|A3"], "\(log)")
            try fixture.git("fsck", "--strict")
            let status = try fixture.snapshot().status(pact, now: TestClock.date(When.tabling))
            #expect(status.amendments.map { "\($0.kind) \($0.target) \($0.organisation)" }
                    == ["delete rec-d afccre", "insert-after par-4 afccre", "replace par-6 afccre"])
        }
    }

    @Test func refusalsSayWhereAndWriteNothing() async throws {
        let fixture = try Self.openForAmendments()
        let amelie = try fixture.token("amelie")
        let tomasz = try fixture.token("tomasz")
        let before = try fixture.tip()
        try await fixture.serve { client in
            let untracked = try await Self.markedCopy(fixture, client, token: amelie,
                                                      [["untracked": "par-2", "text": "Stresses nothing;"]] + Self.memberChanges, name: "untracked")
            let refused = try await Self.post(client, untracked, query: "file=afccre.docx", token: amelie)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.reasons.contains("afccre.docx: paragraph 13 (‘Stresses nothing;…’): paragraph 2 was changed without Track Changes: turn Track Changes on and make the change again in a fresh copy"),
                    "\(refused.reasons)")
            let heading = try await Self.markedCopy(fixture, client, token: amelie, [["heading": "Preamble", "new": " and reasons"]], name: "heading")
            let outside = try await Self.post(client, heading, token: amelie)
            #expect(outside.status == .unprocessableContent)
            #expect(outside.reasons.contains { $0.hasPrefix("the uploaded document: paragraph 4 (‘Preamble and reasons…’): this change is outside the provisions") },
                    "\(outside.reasons)")

            // The secretariat's Tomasz may not table amendments: refused for who he is.
            let marked = try await Self.markedCopy(fixture, client, token: amelie, Self.memberChanges, name: "afccre")
            let forbidden = try await Self.post(client, marked, token: tomasz)
            #expect(forbidden.status == .forbidden, "\(forbidden.status) \(forbidden.text)")
            #expect(!forbidden.reasons.isEmpty)
            let anonymous = try await client.executeRequest(uri: Self.upload, method: .post, headers: [.contentType: Self.wordType],
                                                            body: ByteBuffer(bytes: marked))
            #expect(anonymous.status == .unauthorized)

            let notWord = try await Self.post(client, Data("{\"a\": 1}".utf8), token: amelie, type: "application/json")
            #expect(notWord.status == .unsupportedMediaType)
            let notZip = try await Self.post(client, Data("plain words".utf8), token: amelie)
            #expect(notZip.status == .unprocessableContent)
            #expect(notZip.reasons == ["the uploaded document: cannot be read: it is not a Word document (.docx): the file is not a ZIP archive"])
            // A small ZIP that would unpack to 65 MB of text.
            let bomb = fixture.folder + "/bomb.docx"
            let made = try Binaries.run("/usr/bin/env", ["python3", "-c", """
                import sys, zipfile
                with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
                    z.writestr("word/document.xml", " " * (65 * 1024 * 1024))
                """, bomb])
            try #require(made.status == 0, "\(made.stderr)")
            let unpacked = try await Self.post(client, try Data(contentsOf: URL(fileURLWithPath: bomb)), token: amelie)
            #expect(unpacked.status == .unprocessableContent)
            #expect(unpacked.reasons == ["the uploaded document: cannot be read: its part word/document.xml unpacks to more than 64 MB, far more than any resolution needs"])
            let huge = try await Self.post(client, Data(count: 10 * 1024 * 1024 + 1), token: amelie)
            #expect(huge.status == .contentTooLarge)
            #expect(huge.reasons.first?.contains("at most 10 MB") == true, "\(huge.text)")
        }
        #expect(try fixture.tip() == before, "no refusal wrote anything")
    }
}
