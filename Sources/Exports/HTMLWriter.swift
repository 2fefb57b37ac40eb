import Foundation
import Resolutions

/// Builds one self-contained HTML page by appending to a single string.
///
/// The page carries its own CSS and no script or external asset, so it can be
/// mailed, archived and printed as one file. Every text from the record is
/// escaped with `Markup.escape` on the way in.
struct HTMLWriter {
    private(set) var out = ""

    init(capacity: Int) {
        out.reserveCapacity(capacity)
    }

    mutating func raw(_ html: String) { out += html }
    mutating func text(_ text: String) { out += Markup.escape(text) }

    /// `<tag attributes>escaped text</tag>`.
    mutating func element(_ tag: String, _ text: String, attributes: String = "") {
        out += "<\(tag)\(attributes)>"
        out += Markup.escape(text)
        out += "</\(tag)>"
    }

    /// Opens the page: doctype, language, title, styles and the header with the version line.
    mutating func open(title: String, kicker: String, language: String, versionLine: String) {
        let lang = Markup.escape(language.isEmpty ? "und" : language)
        let direction = LanguageCode.isRightToLeft(language) ? " dir=\"rtl\"" : ""
        out += "<!DOCTYPE html>\n<html lang=\"\(lang)\"\(direction)>\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        text("\(title) — \(kicker)")
        out += "</title>\n<style>\n\(Self.styles)</style>\n</head>\n<body>\n<header>\n"
        element("p", kicker, attributes: " class=\"kicker\"")
        out += "\n"
        element("h1", title)
        out += "\n"
        element("p", versionLine, attributes: " class=\"meta\"")
        out += "\n</header>\n"
    }

    /// Closes the page with a footer saying where it came from.
    mutating func close(footer: String) {
        out += "<footer>\n"
        element("p", footer, attributes: " class=\"meta\"")
        out += "\n</footer>\n</body>\n</html>\n"
    }

    /// A table of contents linking to the sections, for long texts on screen (hidden in print).
    mutating func contents(_ sections: [Section], idPrefix: String = "") {
        guard sections.count > 1 else { return }
        out += "<nav aria-label=\"Contents\">\n<h2>Contents</h2>\n<ol>\n"
        for section in sections {
            out += "<li><a href=\"#\(Markup.escape(idPrefix + section.id))\">"
            text(section.title)
            out += "</a></li>\n"
        }
        out += "</ol>\n</nav>\n"
    }

    /// One provision: its number, a link to itself, and its text.
    mutating func provision(_ provision: Provision, number: String, idPrefix: String = "") {
        let id = Markup.escape(idPrefix + provision.id)
        out += "<p class=\"provision \(provision.kind.rawValue)\" id=\"\(id)\"><a class=\"num\" href=\"#\(id)\">"
        text(number + ".")
        out += "</a> "
        text(provision.text)
        out += "</p>\n"
    }

    /// Word runs with insertions in `<ins>` and deletions in `<del>`.
    ///
    /// Colour alone must not carry the meaning: the elements are underlined and
    /// struck through by the styles, and each carries a visually hidden label that
    /// screen readers announce and that survives copying the text.
    mutating func runs(_ runs: [TextDiff.Run]) {
        for (index, run) in runs.enumerated() {
            if index > 0 { out += " " }
            switch run {
            case .same(let words):
                text(words)
            case .inserted(let words):
                out += "<ins><span class=\"vh\">[inserted: </span>"
                text(words)
                out += "<span class=\"vh\">]</span></ins>"
            case .deleted(let words):
                out += "<del><span class=\"vh\">[deleted: </span>"
                text(words)
                out += "<span class=\"vh\">]</span></del>"
            }
        }
    }

    /// The styles of every page: readable on screen, A4 in print, contrast ≥ 4.5:1 throughout.
    ///
    /// Colours: body text #1a1a1a, secondary #454545, links #0b4f9c, insertions
    /// #0b4d1c on #e6f4ea, deletions #8b1a1a on #fdeaea, all above 7:1 on their background.
    static let styles = """
    body { font-family: Georgia, "DejaVu Serif", "Times New Roman", serif; line-height: 1.5; color: #1a1a1a; background: #fff;
           max-width: 48rem; margin: 0 auto; padding: 1.5rem; }
    header { border-bottom: 2px solid #1a1a1a; margin-bottom: 1.5rem; }
    h1 { font-size: 1.7rem; line-height: 1.25; margin: .25rem 0 .5rem; }
    h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; }
    h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
    h4 { font-size: 1rem; margin: .75rem 0 .25rem; }
    a { color: #0b4f9c; }
    .kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; margin: 0; color: #454545; }
    .meta { color: #454545; font-size: .9rem; }
    .opening { font-style: italic; }
    .provision { margin: .5rem 0; padding-left: 2.75rem; text-indent: -2.75rem; }
    .provision .num { display: inline-block; min-width: 2.5rem; text-indent: 0; font-weight: bold; color: inherit; text-decoration: none; }
    .provision.deleted-provision, .provision.added-provision { font-style: italic; }
    ins { text-decoration: underline; background: #e6f4ea; color: #0b4d1c; }
    del { text-decoration: line-through; background: #fdeaea; color: #8b1a1a; }
    .vh { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
    .notice { border: 2px solid #1a1a1a; padding: .5rem 1rem; }
    .amendment { border: 1px solid #767676; border-left: 6px solid #1a1a1a; padding: .5rem 1rem; margin: .75rem 0 1.5rem 2.75rem; }
    .amendment h3 { margin-top: .25rem; }
    .amendment .change { padding: .25rem .5rem; background: #f6f6f6; }
    .amendment dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; font-size: .95rem; }
    .amendment dt { font-weight: bold; }
    .amendment dd { margin: 0; }
    .state { display: inline-block; font-size: .8rem; font-weight: bold; text-transform: uppercase; letter-spacing: .05em;
             border: 1px solid currentColor; padding: 0 .4rem; vertical-align: middle; }
    table { border-collapse: collapse; width: 100%; font-size: .95rem; }
    caption { text-align: left; font-weight: bold; padding: .25rem 0; }
    th, td { border: 1px solid #767676; padding: .3rem .5rem; text-align: left; vertical-align: top; }
    thead th { background: #f0f0f0; }
    nav ol { columns: 2; }
    footer { border-top: 1px solid #767676; margin-top: 2.5rem; }
    @page { size: A4; margin: 20mm 18mm; }
    @media print {
      body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
      nav { display: none; }
      a { color: inherit; text-decoration: none; }
      h2, h3, h4 { break-after: avoid; }
      .amendment, tr, .provision { break-inside: avoid; }
      ins, del, .amendment .change, thead th { background: none; }
    }

    """
}
