import Foundation
import Resolutions

/// The formats `accord export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// The text as a draft, importable again with the same provisions, ids and numbers.
    case markdown = "md"
    /// One self-contained page for people, on screen and on A4.
    case html
    /// Akoma Ntoso 3.0 XML for other systems.
    case akn
    /// A Word document (`.docx`): styles, list numbering, bookmarks, tracked changes and comments.
    case docx

    /// The views a format offers, the first being its default.
    public var views: [HTMLView] {
        switch self {
        case .markdown: [.text]
        case .html: HTMLView.allCases
        case .akn: [.text, .amendments]
        case .docx: HTMLView.allCases
        }
    }
}

/// One entry point over the formats.
public enum Exporter {
    /// Renders a view of a resolution in a text format, or nil when the format has no such view
    /// or is not text (`docx`: see `file`).
    ///
    /// Markdown is `ResolutionText.markdown` of the text at this version: the draft
    /// format itself, so that exporting and importing again is lossless.
    public static func render(_ export: ResolutionExport, format: ExportFormat, view: HTMLView? = nil,
                              settings: AkomaNtoso.Settings = AkomaNtoso.Settings()) -> String? {
        let chosen = view ?? format.views[0]
        guard format.views.contains(chosen) else { return nil }
        switch format {
        case .markdown: return export.text.markdown
        case .html: return HTMLExport.render(export, view: chosen)
        case .akn: return chosen == .amendments ? AkomaNtoso.amendmentList(export, settings: settings) : AkomaNtoso.statement(export, settings: settings)
        case .docx: return nil
        }
    }

    /// The file's bytes for a view of a resolution in any format (`render`'s text in UTF-8,
    /// or a Word document), or nil when the format has no such view.
    public static func file(_ export: ResolutionExport, format: ExportFormat, view: HTMLView? = nil,
                            settings: AkomaNtoso.Settings = AkomaNtoso.Settings()) throws -> Data? {
        let chosen = view ?? format.views[0]
        guard format.views.contains(chosen) else { return nil }
        if format == .docx { return try DocxExport.render(export, view: chosen) }
        return render(export, format: format, view: chosen, settings: settings).map { Data($0.utf8) }
    }
}
