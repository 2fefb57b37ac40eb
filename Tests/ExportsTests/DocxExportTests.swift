import Foundation
@testable import Exports
@testable import Resolutions
import Testing

/// Word documents as python-docx and LibreOffice read them.
@Suite(.serialized) struct DocxExportTests {
    static func write(_ data: Data, _ name: String, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("\(name).docx")
        try data.write(to: file)
        return file
    }

    @Test func trackedPiecesGiveBothWordingsExactly() {
        let cases: [(String, String)] = [
            ("Calls on the Commission to act;", "Calls on the Council and the Commission to act now;"),
            ("Deleted first words stay apart;", "words stay apart;"),
            ("Same", "Same"), ("", "All new"), ("All gone", ""),
            ("Two  spaces\tand a tab", "Two spaces and no tab"),
            ("a b c d", "x b y d z"),
        ]
        for (old, new) in cases {
            let pieces = DocxChanges.pieces(from: old, to: new)
            #expect(DocxChanges.accepted(pieces) == new, "\(old) → \(new)")
            #expect(DocxChanges.rejected(pieces) == old, "\(old) → \(new)")
        }
        #expect(DocxChanges.pieces(from: "a b c", to: "a x c") == [.same("a"), .deleted(" b"), .inserted(" x"), .same(" c")])
    }

    @Test func bookmarkNamesFollowWordsRulesAndGiveIdsBack() {
        let long = "sec-" + String(repeating: "integration-and-inclusion-", count: 3)
        for id in ["par-4", "rec-a", "par-a12", "sec-governance", long, "12-first"] {
            let name = DocxBookmark.name(for: id)
            #expect(name.count <= 40 && !name.hasPrefix("_") && name.first?.isLetter == true, "\(name)")
            #expect(name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            let hashed = DocxBookmark.parseHashedNames(DocxBookmark.hashedNames([id]))
            #expect(DocxBookmark.id(for: name, hashed: hashed) == id)
        }
        #expect(DocxBookmark.id(for: "_GoBack", hashed: [:]) == nil)
        #expect(DocxBookmark.id(for: "accord_0123456789abcdef", hashed: [:]) == nil)
    }

    @Test func theTextViewHasWordsStylesNumberingBookmarksAndLanguage() throws {
        let folder = try Paths.temporaryFolder("docx-text")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try Samples.text(Samples.french)
        let file = try Self.write(try DocxExport.render(ResolutionExport(text: text), view: .text), "french-text", in: folder)
        let read = try DocxTool.inspect(file)
        #expect(read.accepted == DocxTool.paragraphs(text))
        #expect(read.paragraphs.first?.style == "Title")
        #expect(read.paragraphs.filter { $0.style == "Heading 1" }.map(\.text) == text.sections.map(\.title))
        #expect(read.paragraphs.filter { $0.style == "Operative Paragraph" }.count == 2)
        #expect(read.language == "fr" && read.defaultLanguage == "fr")
        let ids = Dictionary(read.bookmarks.compactMap { mark in DocxBookmark.id(for: mark.name, hashed: [:]).map { ($0, mark.text) } },
                             uniquingKeysWith: { first, _ in first })
        for provision in text.provisions { #expect(ids[provision.id] == provision.text) }
        for section in text.sections { #expect(ids[section.id] == section.title) }
    }

    @Test func everythingTypedIsEscapedAndReadBackAsText() throws {
        let folder = try Paths.temporaryFolder("docx-tricky")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try Samples.text(Samples.tricky)
        let export = ResolutionExport(text: text, amendments: [
            Samples.amendment(1, "par-1", .replace, "Calls for <script>x()</script> & \"more\";", why: "<b>bold</b> & 'quotes'"),
        ])
        for view in HTMLView.allCases {
            let file = try Self.write(try DocxExport.render(export, view: view), "tricky-\(view.rawValue)", in: folder)
            let read = try DocxTool.inspect(file)
            #expect(read.title == text.title)
            if view == .text { #expect(read.accepted == DocxTool.paragraphs(text)) }
            if view == .amendments {
                #expect(read.comments.map(\.text) == ["<b>bold</b> & 'quotes'"])
                #expect(read.paragraphs.contains { $0.style == "Amendment Text" && $0.text == "Calls for <script>x()</script> & \"more\";" })
                #expect(read.revisions.contains { $0.kind == "ins" && $0.text.contains("<script>x()</script>") })
            }
        }
    }

    /// The adopted view of a real consultation: accept-all is the adopted text, reject-all the draft
    /// as imported, each change by the organisation whose amendment made it, dated at the vote's close.
    @Test func acceptingAllGivesTheAdoptedTextAndRejectingAllTheDraft() throws {
        let consultation = try Consultation.play()
        defer { consultation.remove() }
        let export = try ResolutionExport.load(from: consultation.record, resolution: Consultation.resolution)
        let original = try #require(export.original)
        let file = try Self.write(try DocxExport.render(export, view: .adopted), "adopted", in: consultation.folder)
        let read = try DocxTool.inspect(file)
        #expect(read.accepted == DocxTool.paragraphs(export.text))
        #expect(read.rejected == DocxTool.paragraphs(original))
        // The consultation closes the vote 110 hours after it starts (2 November 2026 at 09:00 UTC).
        let closed = "2026-11-06T23:00:00Z"
        #expect(RecordDate.format(try #require(export.events.last { $0.name == "close-voting" }).date) == closed)
        let authors = Set(read.revisions.compactMap(\.author))
        #expect(authors == ["AFCCRE — Amélie Durand", "DST — Katrin Böhm"], "\(authors)")
        #expect(read.revisions.allSatisfy { $0.date == closed })
        #expect(read.revisions.contains { $0.kind == "ins" && $0.text.contains("unaccompanied minors") && $0.author == "DST — Katrin Böhm" })
        // The deleted recital was rejected: it stays, unmarked.
        #expect(read.accepted.contains(original.locate("rec-d")?.provision.text ?? "?"))
    }

    @Test func aCompromiseIsTheSecretariatsAndDeletionsAreWholeParagraphs() throws {
        let folder = try Paths.temporaryFolder("docx-pact")
        defer { try? FileManager.default.removeItem(at: folder) }
        var export = try Samples.pactExport(adopted: true)
        export.amendments.append(Samples.amendment(8, "rec-b", .delete, nil, state: .adopted, organisation: "skr", by: "annika"))
        export.text = Tally.consolidate(export.draft, adopted: export.amendments.filter { $0.state == .adopted })
        let file = try Self.write(try DocxExport.render(export, view: .adopted), "pact-adopted", in: folder)
        let read = try DocxTool.inspect(file)
        #expect(read.accepted == DocxTool.paragraphs(export.text))
        #expect(read.rejected == DocxTool.paragraphs(export.draft))
        #expect(read.revisions.contains { $0.author == "Secretariat" && $0.kind == "ins" && $0.text.contains("permanent") })
        #expect(read.paragraphs.contains { $0.mark == "del" && $0.style == "Recital" })
        #expect(read.revisions.contains { $0.author?.hasPrefix("SKR — ") == true && $0.kind == "del" })
    }

    /// Sections that go or come, a changed title and opening: headings and paragraphs as whole tracked paragraphs.
    @Test func sectionsThatGoOrComeAreTrackedWholeAndBothTextsComeBack() throws {
        let folder = try Paths.temporaryFolder("docx-sections")
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = try Samples.text(Samples.french)
        var new = old
        new.title = "Résolution sur l’œuvre commune des villes"
        new.opening = "Le Conseil des communes et régions d’Europe, réuni à Lyon,"
        new.sections.removeFirst()
        new.sections.append(Section(id: "sec-suivi", title: "Suivi", provisions: [
            Provision(id: "par-3", kind: .paragraph, text: "Charge son président de transmettre la présente résolution."),
        ]))
        new.sections[0].provisions[0].text = "Appelle à une coopération renforcée entre toutes les villes ;"
        let export = ResolutionExport(text: new, draft: old, original: old, isAdopted: true)
        let read = try DocxTool.inspect(try Self.write(try DocxExport.render(export, view: .adopted), "sections", in: folder))
        #expect(read.accepted == DocxTool.paragraphs(new))
        #expect(read.rejected == DocxTool.paragraphs(old))
        #expect(read.paragraphs.filter { $0.style == "Heading 1" }.map(\.mark) == [.some("del"), nil, .some("ins")])
        #expect(Set(read.revisions.compactMap(\.author)) == ["Secretariat"])
    }

    @Test func theAmendmentsAndVotingListViewsShowEachAmendment() throws {
        let folder = try Paths.temporaryFolder("docx-views")
        defer { try? FileManager.default.removeItem(at: folder) }
        let export = try Samples.pactExport(adopted: true)
        let amendments = try DocxTool.inspect(try Self.write(try DocxExport.render(export, view: .amendments), "amendments", in: folder))
        #expect(amendments.paragraphs.filter { $0.style == "Amendment Label" }.count == export.amendments.count)
        #expect(amendments.comments.count == export.amendments.count)
        #expect(amendments.comments.contains { $0.text == "Small <municipalities> & towns." && $0.author == "VNG — Sanne de Vries" })
        #expect(amendments.paragraphs.contains { $0.text.contains("Compromise amendment A6") && $0.text.contains("replaces A4, A5") })
        let voting = try DocxTool.inspect(try Self.write(try DocxExport.render(export, view: .votingList), "voting", in: folder))
        let table = try #require(voting.tables.first)
        #expect(table.first?.first == "Vote")
        #expect(table.count == export.votingList.count + 1)
        #expect(table.contains { $0.contains("A6 (compromise, replaces A4, A5)") })
    }

    /// Every view opens in python-docx, converts to PDF in LibreOffice, and its first page is kept as a PNG.
    @Test func everyViewConvertsInLibreOfficeAndRendersAFirstPage() throws {
        let folder = try Paths.temporaryFolder("docx-office")
        defer { try? FileManager.default.removeItem(at: folder) }
        var exports = [("pact", try Samples.pactExport(adopted: true))]
        exports.append(("french", ResolutionExport(text: try Samples.text(Samples.french))))
        exports.append(("tricky", ResolutionExport(text: try Samples.text(Samples.tricky), amendments: [
            Samples.amendment(1, "par-1", .replace, "Calls for <script>x()</script> & \"more\";", why: "<b>bold</b>"),
        ])))
        for (name, export) in exports {
            for view in HTMLView.allCases where name != "french" || view == .text {
                let file = try Self.write(try DocxExport.render(export, view: view), "\(name)-\(view.rawValue)", in: folder)
                _ = try DocxTool.inspect(file)
                let png = try DocxTool.renderFirstPage(file, name: "\(name)-\(view.rawValue)")
                let bytes = try Data(contentsOf: png)
                #expect(bytes.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "a PNG for \(name) \(view.rawValue)")
                #expect(bytes.count > 5_000, "\(name) \(view.rawValue): a page of \(bytes.count) bytes is blank")
            }
        }
    }
}
