@testable import Exports
@testable import Resolutions
import Testing

/// Markdown export is the draft format: exporting and importing again loses nothing.
@Suite struct MarkdownExportTests {
    func roundTrip(_ text: ResolutionText) throws {
        let markdown = try #require(Exporter.render(ResolutionExport(text: text), format: .markdown))
        let again = try ResolutionText(markdown: markdown, file: "export.md")
        #expect(again == text)
        #expect(again.provisions.map(\.id) == text.provisions.map(\.id))
        #expect(again.displayNumbers == text.displayNumbers)
    }

    @Test func theShippedDraftRoundTrips() throws {
        try roundTrip(try Samples.text(Shipped.draft))
    }

    @Test func aConsolidatedTextWithInsertedAndDeletedProvisionsRoundTrips() throws {
        // After consolidation ids no longer follow numbers (par-a3, gaps): they must be written out.
        let export = try Samples.pactExport()
        #expect(export.text.provisions.contains { $0.id == "par-a3" })
        try roundTrip(export.text)
    }

    @Test func markupFrenchAndRightToLeftTextRoundTrip() throws {
        try roundTrip(try Samples.text(Samples.tricky))
        try roundTrip(try Samples.text(Samples.french))
    }

    @Test func markdownHasOnlyTheTextView() {
        #expect(ExportFormat.markdown.views == [.text])
    }
}
