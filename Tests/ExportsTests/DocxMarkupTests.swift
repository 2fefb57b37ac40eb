import Foundation
@testable import Exports
@testable import Resolutions
import Testing

/// Amendments read from copies of the Word text export marked up with tracked changes (by python-docx).
@Suite(.serialized) struct DocxMarkupTests {
    static func marked(_ text: ResolutionText, view: HTMLView = .text, _ changes: [[String: String]], in folder: URL) throws -> Data {
        let copy = folder.appendingPathComponent("copy-\(view.rawValue).docx")
        try DocxExport.render(ResolutionExport(text: text), view: view).write(to: copy)
        return try Data(contentsOf: try DocxTool.markup(copy, ["changes": changes], into: folder, name: "marked-\(view.rawValue)"))
    }

    @Test func newParagraphsGoAfterTheProvisionBeforeThemInTheirSectionElseBeforeTheNext() throws {
        let folder = try Paths.temporaryFolder("docx-markup")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try Samples.text(Shipped.draft)
        let data = try Self.marked(text, [
            ["insertBefore": "rec-a", "text": "Having regard to the Treaty;"],
            ["insertBefore": "par-1", "text": "Recalls its earlier resolutions;"],
            ["insertBefore": "par-5", "text": "Welcomes the Urban Agenda;", "bookmarkMoves": "1"],
            ["insertAfter": "par-14", "text": "Instructs its President to forward this resolution."],
            ["deleteFromEnd": "par-11"],
            ["replace": "par-9", "old": "structured dialogue", "new": "permanent structured dialogue"],
            ["comment": "par-9", "text": "As agreed with FEMP & ANCI."],
        ], in: folder)
        let found = try DocxMarkup.amendments(from: data, file: "marked.docx", text: text, justification: "Default.")
        #expect(found.map(\.draft) == [
            AmendmentDraft(target: "rec-a", kind: .insertBefore, text: "Having regard to the Treaty;", justification: "Default."),
            AmendmentDraft(target: "par-1", kind: .insertBefore, text: "Recalls its earlier resolutions;", justification: "Default."),
            AmendmentDraft(target: "par-5", kind: .insertBefore, text: "Welcomes the Urban Agenda;", justification: "Default."),
            AmendmentDraft(target: "par-9", kind: .replace,
                           text: "Demands a permanent structured dialogue between the EU institutions and local and regional governments on the implementation of the Pact;",
                           justification: "As agreed with FEMP & ANCI."),
            AmendmentDraft(target: "par-11", kind: .delete, justification: "Default."),
            AmendmentDraft(target: "par-14", kind: .insertAfter, text: "Instructs its President to forward this resolution.", justification: "Default."),
        ])
        #expect(found[0].place.hasPrefix("paragraph 5 (‘Having regard to the Treaty;…’)"))
    }

    @Test func otherViewsAndOtherResolutionsAreRefused() throws {
        let folder = try Paths.temporaryFolder("docx-markup-refused")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try Samples.text(Shipped.draft)
        let amendments = try Self.marked(text, view: .amendments, [["insertAfter": "par-4", "text": "New;"]], in: folder)
        #expect {
            _ = try DocxMarkup.amendments(from: amendments, file: "a.docx", text: text)
        } throws: { error in
            (error as? InvalidInput)?.description == "a.docx: this is the ‘amendments’ view: mark up a copy of the text view (accord export pact-2026 --format docx)"
        }
        var other = text
        other.id = "other-2026"
        let copy = try Self.marked(text, [["insertAfter": "par-4", "text": "New;"]], in: folder)
        #expect {
            _ = try DocxMarkup.amendments(from: copy, file: "b.docx", text: other)
        } throws: { error in
            (error as? InvalidInput)?.description == "b.docx: this is a copy of the resolution ‘pact-2026’, not of ‘other-2026’"
        }
        #expect {
            _ = try DocxMarkup.amendments(from: Data("not a zip".utf8), file: "c.docx", text: text)
        } throws: { error in
            (error as? InvalidInput)?.description == "c.docx: cannot be read: it is not a Word document (.docx): the file is not a ZIP archive"
        }
    }

    /// A marked-up copy saved again by LibreOffice keeps its tracked changes, comments and bookmarks.
    @Test func aMarkedCopySavedAgainByLibreOfficeGivesTheSameAmendments() throws {
        let folder = try Paths.temporaryFolder("docx-markup-resaved")
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try Samples.text(Shipped.draft)
        let changes = [
            ["replace": "par-6", "old": "rather than short-term project calls", "new": "with a dedicated envelope"],
            ["comment": "par-6", "text": "Small towns."],
            ["delete": "rec-d"],
            ["insertAfter": "par-4", "text": "Calls for support to unaccompanied minors;"],
        ]
        let marked = folder.appendingPathComponent("marked.docx")
        try Self.marked(text, changes, in: folder).write(to: marked)
        let resaved = try Data(contentsOf: try DocxTool.resavedByLibreOffice(marked))
        let expected = try DocxMarkup.amendments(from: try Data(contentsOf: marked), file: "marked.docx", text: text).map(\.draft)
        #expect(expected.map(\.kind) == [.delete, .insertAfter, .replace])
        #expect(try DocxMarkup.amendments(from: resaved, file: "marked.docx", text: text).map(\.draft) == expected)
    }
}
