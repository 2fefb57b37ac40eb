import Exports
import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

/// The exports through the API: the same bytes as the library and as `accord export`, named and
/// typed for a browser; language versions, their figures in the status, and the refusals in words.
@Suite struct ExportRouteTests {
    /// Every format and its views.
    static let combinations: [(ExportFormat, HTMLView)] = ExportFormat.allCases.flatMap { format in format.views.map { (format, $0) } }

    static let mediaTypes: [ExportFormat: String] = [
        .markdown: "text/markdown; charset=utf-8", .html: "text/html; charset=utf-8", .akn: "application/akn+xml; charset=utf-8",
        .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]

    /// What the library renders, through its own entry points (not the request the routes share with the CLI).
    static func library(_ fixture: ServerFixture, _ format: ExportFormat, _ view: HTMLView, language: String? = nil,
                        allowStale: Bool = false, at revision: String? = nil) throws -> Data {
        let record = try Record.open(at: fixture.path)
        let export = if let language {
            try ResolutionExport.load(from: record, resolution: pact, at: revision, language: language, allowStale: allowStale)
        } else {
            try ResolutionExport.load(from: record, resolution: pact, at: revision)
        }
        return try #require(try Exporter.file(export, format: format, view: view))
    }

    static func path(_ query: String) -> String { "/api/v1/resolutions/\(pact)/export?\(query)" }

    @Test func everyFormatAndViewGivesTheLibrarysBytesAndTheCLIsAsANamedAttachment() async throws {
        let fixture = try ServerFixture()
        _ = try AuthorisationTests.prepare("review", fixture)
        let accord = try #require(Binaries.path("accord"), "build the products first (swift build)")
        let token = try fixture.token("amelie")
        let adopted = try fixture.tip()
        // One more action after the version asked for with at=, which the export must not show.
        try fixture.perform(.vote(resolution: pact, item: "sec-preamble", choice: .for), by: "amelie", at: When.review)
        try await fixture.serve { client in
            #expect(Self.combinations.count == 11)
            for (format, view) in Self.combinations {
                let response = try await client.call(.get, Self.path("format=\(format.rawValue)&view=\(view.rawValue)"), as: .token(token))
                let label = "\(format.rawValue) \(view.rawValue)"
                try #require(response.status == .ok, "\(label): \(response.status) \(response.text)")
                let body = Data(buffer: response.body)
                #expect(body == (try Self.library(fixture, format, view)), "\(label): the API's bytes differ from the library's")
                #expect(response.headers[.contentType] == Self.mediaTypes[format], "\(label)")
                let name = "\(pact)\(view == .text ? "" : "-\(view.rawValue)").\(format == .akn ? "xml" : format.rawValue)"
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(name)\"", "\(label)")
                let file = fixture.folder + "/cli-\(format.rawValue)-\(view.rawValue)"
                let cli = try Binaries.run(accord, ["-C", fixture.path, "export", pact, "--format", format.rawValue, "--view", view.rawValue, "-o", file])
                #expect(cli.status == 0, "\(label): \(cli.stderr)")
                #expect(FileManager.default.contents(atPath: file) == body, "\(label): the API's bytes differ from accord export's")
            }
            // The defaults: HTML, its text view.
            let plain = try await client.call(.get, Self.path(""), as: .token(token))
            #expect(Data(buffer: plain.body) == (try Self.library(fixture, .html, .text)))
            #expect(plain.headers[.contentDisposition] == "attachment; filename=\"\(pact).html\"")
            // An earlier version, by commit.
            let earlier = try await client.call(.get, Self.path("format=akn&at=\(adopted)"), as: .token(token))
            #expect(earlier.status == .ok)
            #expect(Data(buffer: earlier.body) == (try Self.library(fixture, .akn, .text, at: adopted)))
            #expect(Data(buffer: earlier.body) != (try Self.library(fixture, .akn, .text)), "the version asked for, not the tip")
        }
    }

    @Test func refusalsAre4xxInTheCLIsWordsWithTheQuerysNames() async throws {
        let fixture = try ServerFixture()
        let token = try fixture.token("pieter")
        try await fixture.serve { client in
            let anonymous = try await client.call(.get, Self.path("format=md"))
            #expect(anonymous.status == .unauthorized)
            let refusals: [(String, HTTPResponse.Status, String)] = [
                ("format=pdf", .unprocessableContent, "‘format’ must be md, html, akn or docx (not ‘pdf’)"),
                ("format=html&view=summary", .unprocessableContent, "‘view’ must be text, amendments, voting-list or adopted (not ‘summary’)"),
                ("format=md&view=amendments", .unprocessableContent, "format=md has the views text, not ‘amendments’"),
                ("format=akn&view=adopted", .unprocessableContent, "format=akn has the views text, amendments, not ‘adopted’"),
                ("format=md&allow-stale=true", .unprocessableContent, "allow-stale=true goes with ‘language’"),
                ("format=html&view=amendments&language=fr", .unprocessableContent, "‘language’ exports the text view; the ‘amendments’ view is in the resolution’s own language only"),
                ("format=docx&view=bilingual&languages=en,fr", .unprocessableContent, "‘languages’ goes with format=html view=bilingual"),
                ("format=html&view=bilingual&languages=en", .unprocessableContent, "the bilingual view shows two or more different languages side by side"),
                ("format=md&allow-stale=yes", .unprocessableContent, "‘allow-stale’ is true or false"),
                ("format=md&language=de", .notFound, "pact-2026 is not published in German (‘de’): it is in en only"),
                ("format=md&at=no-such-tag", .notFound, "the revision ‘no-such-tag’ names no version in this record"),
                ("format=md&at=main%40%7B1%7D", .notFound, "‘at’ names no version of the record"),
            ]
            for (query, status, words) in refusals {
                let response = try await client.call(.get, Self.path(query), as: .token(token))
                #expect(response.status == status, "\(query): \(response.status) \(response.text)")
                #expect(response.reasons.contains { $0.contains(words) }, "\(query): \(response.reasons)")
            }
            let unknown = try await client.call(.get, "/api/v1/resolutions/no-such-resolution/export?format=md", as: .token(token))
            #expect(unknown.status == .notFound)
        }
    }

    /// The sample's French version, recorded as `accord translation import` records it.
    static func publishInFrench(_ fixture: ServerFixture) throws {
        try fixture.perform(.addLanguage(resolution: pact, language: "fr"), by: "claire", at: When.created)
        let snapshot = try fixture.snapshot()
        let french = try TranslationFile(markdown: Shipped.draftFrench, file: "pact-resolution.fr.md", source: try snapshot.currentText(pact),
                                         language: "fr", declared: try snapshot.meta(pact).languages)
        try fixture.perform(.importTranslation(resolution: pact, language: "fr", texts: french.texts), by: "claire", at: When.created)
    }

    /// The draft updated so that paragraph 6 says something else than its translation.
    static func changeParagraphSix(_ fixture: ServerFixture) throws {
        let draft = Shipped.draft.replacingOccurrences(of: "rather than short-term project calls;", with: "and flexible rules for small municipalities;")
        try fixture.perform(.updateDraft(try ResolutionText(markdown: draft, file: "draft.md")), by: "claire", at: When.created)
    }

    @Test func theFrenchVersionItsFiguresAndAStaleRefusal() async throws {
        let fixture = try ServerFixture()
        try Self.publishInFrench(fixture)
        let token = try fixture.token("amelie")
        try await fixture.serve { client in
            for format in ["md", "html", "akn", "docx"] {
                let chosen = try #require(ExportFormat(rawValue: format))
                let response = try await client.call(.get, Self.path("format=\(format)&language=fr"), as: .token(token))
                try #require(response.status == .ok, "\(format): \(response.status) \(response.text)")
                #expect(Data(buffer: response.body) == (try Self.library(fixture, chosen, .text, language: "fr")), "\(format) in French")
                #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(pact).fr.\(chosen.fileExtension)\"")
            }
            let markdown = try await client.call(.get, Self.path("format=md&language=fr"), as: .token(token))
            #expect(markdown.text.contains("title: Résolution sur le nouveau Pacte sur la migration et l’asile"))
            let html = try await client.call(.get, Self.path("format=html&language=fr"), as: .token(token))
            #expect(html.text.contains("<html lang=\"fr\""), "\(html.text.prefix(300))")
            let status = try await client.call(.get, "/api/v1/resolutions/\(pact)", as: .token(token))
            let figures = try #require((status.json["translations"] as? [String: Any])?["fr"] as? [String: Any], "\(status.text)")
            #expect(figures["current"] as? Int == 27)
            #expect(figures["stale"] as? [String] == [] && figures["missing"] as? [String] == [])
        }

        try Self.changeParagraphSix(fixture)
        try await fixture.serve { client in
            let status = try await client.call(.get, "/api/v1/resolutions/\(pact)", as: .token(token))
            let figures = try #require((status.json["translations"] as? [String: Any])?["fr"] as? [String: Any], "\(status.text)")
            #expect(figures["stale"] as? [String] == ["par-6"])
            #expect(figures["current"] as? Int == 26)
            // The same figures as the library's status.
            let library = try JSONSerialization.jsonObject(with: Data(try fixture.snapshot().status(pact, now: TestClock.date(When.created)).jsonText.utf8)) as? [String: Any]
            #expect(NSDictionary(dictionary: library?["translations"] as? [String: Any] ?? [:]) == NSDictionary(dictionary: status.json["translations"] as? [String: Any] ?? ["": ""]))

            let refused = try await client.call(.get, Self.path("format=docx&language=fr"), as: .token(token))
            #expect(refused.status == .conflict, "\(refused.status) \(refused.text)")
            #expect(refused.reasons == [
                "the French version of pact-2026 is not complete and up to date; export it anyway, with the gaps marked, with allow-stale=true",
                "out of date: paragraph 6 (par-6)",
            ])
            let marked = try await client.call(.get, Self.path("format=md&language=fr&allow-stale=true"), as: .token(token))
            #expect(marked.status == .ok)
            #expect(marked.text.contains("6. [translation out of date] Demande un financement stable"), "\(marked.text)")
            #expect(Data(buffer: marked.body) == (try Self.library(fixture, .markdown, .text, language: "fr", allowStale: true)))

            let bilingual = try await client.call(.get, Self.path("format=html&view=bilingual&languages=en,fr"), as: .token(token))
            #expect(bilingual.status == .ok)
            #expect(bilingual.headers[.contentDisposition] == "attachment; filename=\"\(pact)-bilingual.en-fr.html\"")
            let record = try Record.open(at: fixture.path)
            let loaded = try ResolutionExport.load(from: record, resolution: pact, languages: ["en", "fr"])
            #expect(bilingual.text == HTMLExport.bilingual(loaded.export, versions: loaded.versions))
            #expect(bilingual.text.contains("translation out of date"))
        }
    }
}
