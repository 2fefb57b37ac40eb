import Foundation
import Resolutions

extension HTMLExport {
    /// The text in several languages side by side, piece by piece (the title, the opening
    /// formula, each heading and provision in a row of its own), each cell in its language,
    /// out-of-date and missing translations marked in words.
    /// - Parameter versions: the languages in column order, the first being the page's own.
    public static func bilingual(_ export: ResolutionExport, versions: [LanguageVersion]) -> String {
        let first = versions.first?.text ?? export.text
        var writer = HTMLWriter(capacity: versions.count * estimatedSize(export, view: .text) + 8_000)
        let names = versions.map { Translation.languageName($0.language) }
        writer.open(title: first.title, kicker: "Resolution \(export.text.id) in \(names.joined(separator: " and "))",
                    language: first.language, versionLine: versionLine(export))
        writer.raw("<main>\n<table class=\"bilingual\">\n<caption>")
        writer.text("The text in \(names.joined(separator: " and ")), side by side")
        writer.raw("</caption>\n<thead>\n<tr>")
        for (version, name) in zip(versions, names) {
            writer.raw("<th scope=\"col\" lang=\"en\">")
            writer.text("\(name) (\(version.language))")
            writer.raw("</th>")
        }
        writer.raw("</tr>\n</thead>\n<tbody>\n")
        let numbers = first.displayNumbers
        let columns = versions.map { ($0, $0.text.wordingByID) }
        for item in first.sourceItems {
            let isHeading = item.id.hasPrefix("sec-") || item.id == Translation.titleItem
            writer.raw("<tr id=\"\(Markup.escape(item.id))\">")
            for (version, wording) in columns {
                let state = version.states[item.id] ?? .missing
                let lang = Markup.escape(version.language)
                writer.raw("<td lang=\"\(lang)\"\(state == .current ? "" : " class=\"\(state.rawValue)\"")>")
                if state != .current {
                    writer.raw("<span class=\"state\" lang=\"en\">")
                    writer.text(state == .stale ? "translation out of date" : "not translated")
                    writer.raw("</span> ")
                }
                if state != .missing {
                    let words = wording[item.id] ?? ""
                    if isHeading {
                        writer.element("strong", words)
                    } else if let number = numbers[item.id] {
                        writer.element("span", "\(number).", attributes: " class=\"num\"")
                        writer.raw(" ")
                        writer.text(words)
                    } else {
                        writer.text(words)
                    }
                }
                writer.raw("</td>")
            }
            writer.raw("</tr>\n")
        }
        writer.raw("</tbody>\n</table>\n</main>\n")
        writer.close(footer: footer(export))
        return writer.out
    }
}
