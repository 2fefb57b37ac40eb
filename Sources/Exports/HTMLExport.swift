import Foundation
import Resolutions

/// A resolution as one self-contained HTML page, in one of four views.
///
/// Pure functions of values: the same `ResolutionExport` always gives the same page.
public enum HTMLExport {
    /// The page for a view of a resolution at a version.
    /// - Complexity: linear in the size of the text and the amendments (each replacement
    ///   is compared with its target word by word).
    public static func render(_ export: ResolutionExport, view: HTMLView = .text) -> String {
        var writer = HTMLWriter(capacity: estimatedSize(export, view: view))
        let title = export.text.title
        let kicker: String
        switch view {
        case .text: kicker = "Resolution \(export.text.id)"
        case .amendments: kicker = "Amendments to \(export.text.id)"
        case .votingList: kicker = "Voting list for \(export.text.id)"
        case .adopted: kicker = export.isAdopted ? "Adopted text of \(export.text.id)" : "Current text of \(export.text.id)"
        }
        writer.open(title: title, kicker: kicker, language: export.text.language, versionLine: versionLine(export))
        switch view {
        case .text: writeText(export, into: &writer)
        case .amendments: writeAmendments(export, into: &writer)
        case .votingList: writeVotingList(export, into: &writer)
        case .adopted: writeAdopted(export, into: &writer)
        }
        writer.close(footer: footer(export))
        return writer.out
    }

    /// A page comparing two versions of a text word by word: what `accord diff --format html` prints.
    public static func comparison(from old: ResolutionText, to new: ResolutionText, fromLabel: String, toLabel: String) -> String {
        var writer = HTMLWriter(capacity: (old.provisions.count + new.provisions.count) * 400 + 8_000)
        writer.open(title: new.title, kicker: "Changes to \(new.id)", language: new.language,
                    versionLine: "From \(fromLabel) to \(toLabel)")
        writer.raw("<main>\n")
        writeComparison(from: old, to: new, headingLevel: 2, idPrefix: "", into: &writer)
        writer.raw("</main>\n")
        writer.close(footer: "Exported by Accord: \(new.id) from \(fromLabel) to \(toLabel).")
        return writer.out
    }

    static func versionLine(_ export: ResolutionExport) -> String {
        var line = "Version: \(export.revision)"
        if let commit = export.commit { line += " (commit \(commit.prefix(7)))" }
        if export.date.timeIntervalSince1970 > 0 { line += ", recorded \(HumanDate.format(export.date))" }
        line += " · State: \(export.state) · Round \(export.round)"
        return line
    }

    static func footer(_ export: ResolutionExport) -> String {
        var line = "Exported by Accord from the record of \(export.text.id) at \(export.revision)"
        if let commit = export.commit { line += ", commit \(commit)" }
        return line + "."
    }

    /// A first guess at the page's size, so the string grows rarely.
    static func estimatedSize(_ export: ResolutionExport, view: HTMLView) -> Int {
        let textSize = export.text.provisions.reduce(0) { $0 + $1.text.utf8.count + 120 }
        switch view {
        case .amendments: return textSize + export.amendments.count * 1_200 + 8_000
        case .votingList: return export.amendments.count * 400 + 8_000
        case .text, .adopted: return textSize * 3 + 8_000
        }
    }

    // MARK: Text

    /// The opening formula and every section with its numbered provisions.
    static func writeSections(_ text: ResolutionText, headingLevel: Int, idPrefix: String, into writer: inout HTMLWriter) {
        if !text.opening.isEmpty { writer.element("p", text.opening, attributes: " class=\"opening\"") }
        writer.raw("\n")
        let numbers = text.displayNumbers
        for section in text.sections {
            let id = Markup.escape(idPrefix + section.id)
            writer.raw("<section id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n")
            writer.element("h\(headingLevel)", section.title, attributes: " id=\"\(id)-title\"")
            writer.raw("\n")
            for provision in section.provisions {
                writer.provision(provision, number: numbers[provision.id] ?? "?", idPrefix: idPrefix)
            }
            writer.raw("</section>\n")
        }
    }

    static func writeText(_ export: ResolutionExport, into writer: inout HTMLWriter) {
        writer.contents(export.text.sections)
        writer.raw("<main>\n")
        if !export.isAdopted {
            writer.element("p", "This is the text as it stands in state ‘\(export.state)’; it has not been adopted.",
                           attributes: " class=\"notice\"")
            writer.raw("\n")
        }
        writeSections(export.text, headingLevel: 2, idPrefix: "", into: &writer)
        writer.raw("</main>\n")
    }

    // MARK: Adopted and comparisons

    static func writeAdopted(_ export: ResolutionExport, into writer: inout HTMLWriter) {
        writer.raw("<nav aria-label=\"Parts\">\n<ul>\n<li><a href=\"#text\">Text</a></li>\n")
        writer.raw("<li><a href=\"#changes\">Changes from the original draft</a></li>\n</ul>\n</nav>\n<main>\n")
        if !export.isAdopted {
            writer.element("p", "Not adopted yet (state: \(export.state)): this is the current text, not an adopted one.",
                           attributes: " class=\"notice\"")
            writer.raw("\n")
        }
        writer.raw("<section id=\"text\" aria-labelledby=\"text-title\">\n")
        writer.element("h2", export.isAdopted ? "Adopted text" : "Current text", attributes: " id=\"text-title\"")
        writer.raw("\n")
        writeSections(export.text, headingLevel: 3, idPrefix: "", into: &writer)
        writer.raw("</section>\n<section id=\"changes\" aria-labelledby=\"changes-title\">\n")
        writer.element("h2", "Changes from the original draft", attributes: " id=\"changes-title\"")
        writer.raw("\n")
        if let original = export.original {
            writeComparison(from: original, to: export.text, headingLevel: 3, idPrefix: "changes-", into: &writer)
        } else {
            writer.element("p", "The original draft is not in the record’s history at this version.")
        }
        writer.raw("</section>\n</main>\n")
    }

    /// Every provision of the newer text, changed words marked; deleted provisions where they stood.
    static func writeComparison(from old: ResolutionText, to new: ResolutionText, headingLevel: Int, idPrefix: String,
                                into writer: inout HTMLWriter) {
        let diff = TextDiff(from: old, to: new)
        var counts: [TextDiff.ProvisionChange.Kind: Int] = [:]
        for change in diff.provisions { counts[change.kind, default: 0] += 1 }
        let summary = diff.isEmpty ? "No change in the text."
            : "\(counts[.changed] ?? 0) provisions changed, \(counts[.added] ?? 0) added, \(counts[.deleted] ?? 0) deleted; "
              + "inserted words are underlined, deleted words struck through."
        writer.element("p", summary, attributes: " class=\"meta\"")
        writer.raw("\n")
        var sectionOf: [String: Section] = [:]
        for section in old.sections { for provision in section.provisions { sectionOf[provision.id] = section } }
        for section in new.sections { for provision in section.provisions { sectionOf[provision.id] = section } }
        var current: String?
        var opened: Set<String> = []
        for change in diff.provisions {
            let section = sectionOf[change.id]
            if let section, section.id != current {
                if current != nil { writer.raw("</section>\n") }
                current = section.id
                // A section met again (deleted provisions listed at the end) gets a second, distinct anchor.
                let anchor = opened.insert(section.id).inserted ? section.id : section.id + "-continued"
                let id = Markup.escape(idPrefix + anchor)
                writer.raw("<section id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n")
                writer.element("h\(headingLevel)", section.title, attributes: " id=\"\(id)-title\"")
                writer.raw("\n")
            }
            let id = Markup.escape(idPrefix + change.id)
            let number = change.newNumber.map { "\($0)." } ?? "(was \(change.oldNumber ?? "?").)"
            let kindClass: String
            switch change.kind {
            case .added: kindClass = " added-provision"
            case .deleted: kindClass = " deleted-provision"
            case .changed, .unchanged: kindClass = ""
            }
            writer.raw("<p class=\"provision\(kindClass)\" id=\"\(id)\"><a class=\"num\" href=\"#\(id)\">")
            writer.text(number)
            writer.raw("</a> ")
            switch change.kind {
            case .added: writer.raw("<span class=\"vh\">New provision: </span>")
            case .deleted: writer.raw("<span class=\"vh\">Deleted provision: </span>")
            case .changed, .unchanged: break
            }
            writer.runs(change.runs)
            writer.raw("</p>\n")
        }
        if current != nil { writer.raw("</section>\n") }
    }
}
