import Foundation
import Yams

/// A language version written as a draft in which every section and provision names, with
/// `{#id}`, the piece of the source it translates: what `accord translation import` reads.
///
/// Ids are required since a translated title slugs differently and a translator may leave
/// provisions out; the title is required since a language version without one cannot be published.
public struct TranslationFile: Sendable, Equatable {
    /// One translated piece and the line it starts on.
    public struct Entry: Sendable, Equatable {
        /// `title`, `opening`, `sec-…` or a provision id.
        public let item: String
        public let text: String
        public let line: Int
    }

    /// The pieces in file order.
    public let entries: [Entry]

    /// The translated wording of each piece, by item.
    public var texts: [String: String] {
        Dictionary(entries.map { ($0.item, $0.text) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads a translation of `source` into `language`.
    /// - Parameters:
    ///   - file: the name used in error messages.
    ///   - declared: the resolution's languages; `language` must be one of them, and not the source's.
    /// - Throws: `InvalidInput` listing every problem with its line: a missing title, a section or
    ///   provision without its id, an id the source does not have, an id given twice, a language
    ///   not declared.
    public init(markdown: String, file: String, source: ResolutionText, language: String, declared: [String]) throws(InvalidInput) {
        var problems: [InputProblem] = []
        func problem(_ line: Int?, _ message: String) { problems.append(InputProblem(file: file, line: line, message)) }
        let lines = markdown.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        let items = source.sourceItems
        let known = Set(items.map(\.id))
        var entries: [Entry] = []
        var index = 0

        var languageLine: Int?
        var title: (text: String, line: Int)?
        if lines.first?.trimmedSpaces == "---", let end = lines.dropFirst().firstIndex(where: { $0.trimmedSpaces == "---" }) {
            for number in 1..<end {
                let line = lines[number].trimmedSpaces
                guard !line.isEmpty, !line.hasPrefix("#"), let colon = line.firstIndex(of: ":") else { continue }
                let key = String(line[..<colon]).trimmedSpaces
                let value = Self.scalar(String(line[line.index(after: colon)...]).trimmedSpaces)
                switch key {
                case "title": title = (value, number + 1)
                case "language":
                    languageLine = number + 1
                    if value != language {
                        problem(number + 1, "the file says it is in ‘\(value)’, but it is imported as ‘\(language)’ (--language)")
                    }
                default: continue
                }
            }
            index = end + 1
        } else {
            problem(1, "the translation must start with front matter (a ‘---’ line, ‘title: …’ in the translated language, and another ‘---’ line)")
        }
        if let title, !title.text.isEmpty {
            entries.append(Entry(item: Translation.titleItem, text: title.text, line: title.line))
        } else if problems.isEmpty {
            problem(title?.line ?? 1, "the translation has no title: add the translated title as ‘title: …’ to the front matter")
        }
        if language == source.language {
            problem(languageLine ?? 1, "‘\(language)’ is the language \(source.id) is written in: translations go into its other languages")
        } else if !declared.contains(language) {
            let others = declared.filter { $0 != source.language }
            problem(languageLine ?? 1, "\(source.id) is not published in ‘\(language)’ (\(others.isEmpty ? "it has no other language yet" : "its other languages: \(others.joined(separator: ", "))")); the secretariat adds one with ‘accord translation add-language \(source.id) \(language)’")
        }

        var opening: [String] = []
        var openingLine: Int?
        var open: (text: String, id: String?, line: Int)?
        var seenSection = false
        func finish() {
            guard let provision = open else { return }
            open = nil
            guard let id = provision.id else {
                problem(provision.line, "this provision (‘\(provision.text.prefix(40))…’) has no id: end it with {#…} naming the provision it translates, e.g. {#par-1}")
                return
            }
            entries.append(Entry(item: id, text: provision.text, line: provision.line))
        }
        while index < lines.count {
            let number = index + 1
            let line = lines[index].trimmedSpaces
            index += 1
            if line.isEmpty {
                finish()
                continue
            }
            if line.hasPrefix("## ") {
                finish()
                seenSection = true
                let (heading, explicit) = DraftParser.splitExplicitID(String(line.dropFirst(3)))
                guard let explicit else {
                    problem(number, "the heading ‘\(heading)’ has no id: end it with {#…} naming the section it translates, e.g. {#preamble}")
                    continue
                }
                entries.append(Entry(item: explicit.hasPrefix("sec-") ? explicit : "sec-" + explicit, text: heading, line: number))
                continue
            }
            if let (_, _, rest) = DraftParser.provisionStart(line) {
                finish()
                let (body, explicit) = DraftParser.splitExplicitID(rest)
                open = (body, explicit, number)
                continue
            }
            if var provision = open {
                let (more, explicit) = DraftParser.splitExplicitID(line)
                provision.text += " " + more
                provision.id = explicit ?? provision.id
                open = provision
            } else if !seenSection {
                opening.append(line)
                openingLine = openingLine ?? number
            } else {
                problem(number, "this line (‘\(line.prefix(40))’) is neither a heading nor a numbered provision")
            }
        }
        finish()
        if let openingLine { entries.append(Entry(item: Translation.openingItem, text: opening.joined(separator: " "), line: openingLine)) }

        var firstLine: [String: Int] = [:]
        for entry in entries.sorted(by: { $0.line < $1.line }) {
            if let earlier = firstLine[entry.item] {
                problem(entry.line, "‘\(entry.item)’ is translated twice (first on line \(earlier))")
                continue
            }
            firstLine[entry.item] = entry.line
            if !known.contains(entry.item) {
                let ids = items.map(\.id).filter { $0 != Translation.titleItem && $0 != Translation.openingItem }
                problem(entry.line, "\(source.id) has no ‘\(entry.item)’ to translate (its ids: \(Planner.span(ids)))")
            } else if entry.text.isEmpty {
                problem(entry.line, "the translation of ‘\(entry.item)’ is empty")
            }
        }
        if !problems.isEmpty {
            throw InvalidInput(problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        self.entries = entries.sorted { $0.line < $1.line }
    }

    /// A front matter value, unquoted when written in quotes.
    private static func scalar(_ value: String) -> String {
        guard value.hasPrefix("\"") || value.hasPrefix("'") else { return value }
        return ((try? Yams.load(yaml: value)) as? String) ?? value
    }
}
