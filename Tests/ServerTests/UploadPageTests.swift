import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Resolutions
import Server
import Testing

/// The upload page: a member's marked-up Word copy sent as a browser sends a file
/// (multipart/form-data, the form's token among its fields); a preview writes nothing, tabling
/// records one commit per changed provision, and a form without its token is refused.
@Suite struct UploadPageTests {
    static let page = "/resolutions/\(pact)/upload"

    /// A form with a file, as a browser encodes it.
    static func multipart(_ fields: [(String, String)], file: Data?, boundary: String) -> ByteBuffer {
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let file {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"document\"; filename=\"pact-afccre.docx\"\r\n")
            body.writeString("Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n\r\n")
            body.writeBytes(file)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return body
    }

    static func send(_ client: any TestClientProtocol, _ fields: [(String, String)], file: Data?, as caller: Caller, csrf: Bool = true) async throws -> TestResponse {
        guard case .session(let cookie, let token) = caller else { preconditionFailure("a browser session") }
        let boundary = "----AccordTest\(UUID().uuidString)"
        let all = fields + (csrf ? [("csrf", token ?? "")] : [])
        return try await client.executeRequest(
            uri: page, method: .post,
            headers: [.cookie: "accord_session=\(cookie)", .contentType: "multipart/form-data; boundary=\(boundary)"],
            body: multipart(all, file: file, boundary: boundary))
    }

    @Test func aMemberPreviewsThenTablesTheAmendmentsOfAMarkedUpCopy() async throws {
        let fixture = try UploadRouteTests.openForAmendments()
        let token = try fixture.token("amelie")
        try await fixture.serve { client in
            try await setPassword("amelie", "a long enough password", fixture: fixture, client: client)
            let amelie = try await client.signInPage("amelie.durand@example.org", "a long enough password")
            let form = try await client.page(Self.page, as: amelie)
            #expect(form.status == .ok)
            #expect(form.text.contains(#"enctype="multipart/form-data""#))
            #expect(form.text.contains("/api/v1/resolutions/\(pact)/export?format=docx&amp;view=text"), "a link to the text to mark up")
            let marked = try await UploadRouteTests.markedCopy(fixture, client, token: token, UploadRouteTests.memberChanges, name: "page")
            let before = try fixture.commitCount()

            let preview = try await Self.send(client, [("justification", "Agreed by the board."), ("mode", "preview")], file: marked, as: amelie)
            #expect(preview.status == .ok, "\(preview.text)")
            #expect(preview.text.contains("What the document would table"))
            #expect(preview.text.contains("Deletion of recital D (rec-d)"))
            #expect(preview.text.contains("Short calls exclude small &lt;towns&gt; &amp; villages."), "a comment is shown as text")
            #expect(try fixture.commitCount() == before, "a preview writes nothing")

            let forged = try await Self.send(client, [("mode", "table")], file: marked, as: amelie, csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try fixture.commitCount() == before)

            let tabled = try await Self.send(client, [("justification", "Agreed by the board."), ("mode", "table")], file: marked, as: amelie)
            #expect(tabled.status == .created, "\(tabled.text)")
            #expect(tabled.text.contains("Tabled 3 amendments from the document."))
            #expect(try fixture.commitCount() == before + 3)
            let amendments = try fixture.snapshot().amendments(pact)
            #expect(amendments.map(\.target) == ["rec-d", "par-4", "par-6"])
            #expect(amendments.allSatisfy { $0.tabledBy == "amelie" })
            for amendment in amendments {
                #expect(tabled.text.contains("/resolutions/\(pact)/amendments/\(amendment.id)"))
            }
            #expect(try fixture.git("log", "-3", "--format=%an %(trailers:key=Accord-Via,valueonly)").lines == Array(repeating: "Amélie Durand web", count: 3))

            let empty = try await Self.send(client, [("mode", "table")], file: nil, as: amelie)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("Choose the Word document to upload."))
        }
    }

    @Test func theSecretariatIsToldWhyItCannotUploadAmendments() async throws {
        let fixture = try UploadRouteTests.openForAmendments()
        try await fixture.serve { client in
            try await setPassword("tomasz", "a long enough password", fixture: fixture, client: client)
            let tomasz = try await client.signInPage("tomasz.wisniewski@example.org", "a long enough password")
            let form = try await client.page(Self.page, as: tomasz)
            #expect(form.text.contains("Amendments cannot be tabled now"))
            #expect(!form.text.contains(#"type="file""#), "no form for someone who may not table")
        }
    }
}
