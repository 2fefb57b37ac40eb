import Foundation
@testable import Exports
@testable import Resolutions
import Testing

/// Drafts written in Word (made with python-docx), read with the Markdown draft's rules.
@Suite(.serialized) struct DocxImportTests {
    static func read(_ file: URL, id: String? = nil) throws -> DocxDraft.Reading {
        try DocxDraft.read(try Data(contentsOf: file), file: file.lastPathComponent, id: id)
    }

    @Test(arguments: ["list", "typed"]) func listNumberedAndTypedDraftsGiveTheSameIds(kind: String) throws {
        let folder = try Paths.temporaryFolder("docx-draft")
        defer { try? FileManager.default.removeItem(at: folder) }
        let reading = try Self.read(try DocxTool.draft(kind, in: folder))
        let text = reading.text
        #expect(reading.warnings.isEmpty)
        #expect(text.id == kind && text.title == "Resolution on shared services" && text.workflow == "resolution")
        #expect(text.opening == "The Council of European Municipalities and Regions,")
        #expect(text.sections.map(\.id) == ["sec-reasons", "sec-decisions"])
        #expect(text.provisions.map(\.id) == ["rec-a", "rec-b", "par-1", "par-2", "par-3"])
        #expect(text.provisions.map(\.kind) == [.recital, .recital, .paragraph, .paragraph, .paragraph])
        #expect(text.provisions[1].text == "Whereas costs rise & budgets shrink;")
        #expect(text.provisions[4].text == "Invites members to report by 2027.")
        // The same text as the Markdown reader gives.
        #expect(try ResolutionText(markdown: text.markdown, file: "again.md") == text)
    }

    @Test func aFrenchDraftKeepsItsLanguageAndCharacters() throws {
        let folder = try Paths.temporaryFolder("docx-french")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try Self.read(try DocxTool.draft("french", in: folder), id: "oeuvre").text
        #expect(text.language == "fr-FR")
        #expect(text.title == "Résolution sur l’œuvre « commune » des villes & <régions>")
        #expect(text.sections.map(\.id) == ["sec-considerants", "sec-decisions"])
        #expect(text.provisions[1].text == "considérant que « 2 < 3 » & que les villes coopèrent ;")
    }

    @Test func aTableIsRefusedWithItsPlaceAndFirstWords() throws {
        let folder = try Paths.temporaryFolder("docx-table")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try DocxTool.draft("table", in: folder)
        #expect {
            _ = try Self.read(file)
        } throws: { error in
            let problems = (error as? InvalidInput)?.problems.map(\.description) ?? []
            return problems == ["table.docx: table at paragraph 9 (‘Budget line…’): a table cannot be placed in a resolution: write its content as provisions"]
        }
    }

    @Test func formattingIsDroppedWithAWarning() throws {
        let folder = try Paths.temporaryFolder("docx-formatted")
        defer { try? FileManager.default.removeItem(at: folder) }
        let reading = try Self.read(try DocxTool.draft("formatted", in: folder))
        #expect(reading.text.provisions[2].text == "Calls for shared services between neighbouring towns;")
        #expect(reading.warnings == ["bold, italic and other formatting were dropped from paragraph 7 (‘1. Calls for shared services between…’): Accord keeps plain text"])
    }

    @Test func problemsAreNamedByParagraph() throws {
        let text = try Samples.text(Samples.french)
        var broken = text
        broken.sections[1].provisions.append(Provision(id: "par-1", kind: .paragraph, text: "Twice the same id;"))
        let data = try DocxExport.render(ResolutionExport(text: broken), view: .text)
        #expect {
            _ = try DocxDraft.read(data, file: "broken.docx")
        } throws: { error in
            (error as? InvalidInput)?.problems.map(\.description) == ["broken.docx: paragraph 9 (‘Twice the same id;…’): the id ‘par-1’ is already used on paragraph 7"]
        }
    }

    /// Accord's own text export read back: the same text, ids included (explicit, inserted and long ones).
    @Test func theTextExportReadsBackAsTheSameText() throws {
        var long = try Samples.text(Samples.tricky)
        long.sections[0].id = "sec-" + String(repeating: "a-very-long-section-title-", count: 3) + "end"
        long.sections[0].provisions[1].id = "rec-a7"
        for text in [try Samples.text(Shipped.draft), try Samples.text(Samples.french), long] {
            let data = try DocxExport.render(ResolutionExport(text: text), view: .text)
            let reading = try DocxDraft.read(data, file: "copy.docx")
            #expect(reading.text == text)
            #expect(reading.warnings.isEmpty)
        }
    }

    /// The text export saved again by LibreOffice (another writer of Word's format) keeps its ids.
    @Test func aCopySavedAgainByLibreOfficeReadsBackTheSame() throws {
        let folder = try Paths.temporaryFolder("docx-resaved")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try Samples.text(Shipped.draft)
        let file = folder.appendingPathComponent("pact.docx")
        try DocxExport.render(ResolutionExport(text: text), view: .text).write(to: file)
        let reading = try Self.read(try DocxTool.resavedByLibreOffice(file))
        #expect(reading.text == text)
    }
}
