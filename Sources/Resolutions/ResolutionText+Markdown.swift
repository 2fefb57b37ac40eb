import Foundation
import Yams

extension ResolutionText {
    /// The front matter keys a draft may use.
    static let frontMatterKeys: Set<String> = ["title", "id", "workflow", "language", "languages"]

    /// Reads a draft written as Markdown with YAML front matter.
    ///
    /// Recitals are lettered (`A.`), operative paragraphs numbered across
    /// sections (`1.`), headings (`## Title {#id}`) open sections, and a
    /// provision may end with `{#id}`. A provision may run over several lines.
    /// - Parameters:
    ///   - file: the name used in error messages.
    ///   - defaultID: the id when the front matter has none (the file name without `.md`).
    /// - Throws: `InvalidInput` listing every problem with its line.
    public init(markdown: String, file: String, defaultID: String? = nil) throws(InvalidInput) {
        var parser = DraftParser(file: file)
        self = try parser.parse(markdown, defaultID: defaultID)
    }

    /// The draft with the id, workflow or language its importer gives instead of its own (nil
    /// keeps its own); a new language becomes the first of `languages`, the draft's own.
    public func overriding(id: String?, workflow: String?, language: String?) -> ResolutionText {
        var text = self
        text.id = id ?? text.id
        text.workflow = workflow ?? text.workflow
        if let language {
            if !text.languages.isEmpty { text.languages = [language] + text.languages.dropFirst().filter { $0 != language } }
            text.language = language
        }
        return text
    }

    /// The text as a draft: importing it again gives the same provisions, ids and numbers.
    ///
    /// A provision or section whose id is not the one its number or title
    /// implies is written with `{#id}`, so that ids survive the round trip.
    public var markdown: String { markdown(showingIDs: false) }

    /// The text as the record stores it: every section and provision with its
    /// id, so that ids never depend on numbering or on how a title is slugged.
    public var recordMarkdown: String { markdown(showingIDs: true) }

    /// The text as a draft; with `showingIDs`, every section and provision
    /// shows its id, for people who cite them in amendments and votes.
    public func markdown(showingIDs: Bool) -> String {
        var out = "---\n"
        out += "title: \(YAMLText.scalar(title))\n"
        out += "id: \(id)\n"
        out += "workflow: \(workflow)\n"
        out += "language: \(language)\n"
        out += "---\n"
        if !opening.isEmpty { out += opening + "\n" }
        let numbers = displayNumbers
        for section in sections {
            out += "\n## \(section.title)"
            if showingIDs || section.id != "sec-" + Slug.make(section.title) {
                out += " {#\(section.id.dropFirst(4))}"
            }
            out += "\n"
            for provision in section.provisions {
                let number = numbers[provision.id] ?? "?"
                out += "\(number). \(provision.text)"
                if showingIDs || provision.id != Numbering.impliedID(kind: provision.kind, number: number) {
                    out += " {#\(provision.id)}"
                }
                out += "\n"
            }
        }
        return out
    }
}

/// The line-by-line reader behind `ResolutionText(markdown:)`: Markdown syntax here,
/// the rules of sections, numbering and ids in `DraftBuilder`.
package struct DraftParser {
    var builder: DraftBuilder

    init(file: String) {
        builder = DraftBuilder(wording: .markdown) { line, message in InputProblem(file: file, line: line, message) }
    }

    var problems: [InputProblem] { builder.problems }

    mutating func problem(_ line: Int?, _ message: String) {
        builder.problem(line, message)
    }

    mutating func parse(_ markdown: String, defaultID: String?) throws(InvalidInput) -> ResolutionText {
        // "\r\n" is one Character in Swift: splitting on either kind of line break reads both.
        let lines = markdown.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }.map(String.init)
        var index = 0
        var meta: [String: (value: String, line: Int)] = [:]
        if lines.first?.trimmedSpaces == "---" {
            guard let end = lines.dropFirst().firstIndex(where: { $0.trimmedSpaces == "---" }) else {
                problem(1, "the front matter opened with ‘---’ is never closed by another ‘---’ line")
                throw InvalidInput(problems)
            }
            meta = readFrontMatter(lines[1..<end].joined(separator: "\n"))
            index = end + 1
        } else {
            problem(1, "the draft must start with front matter (a ‘---’ line, ‘title: …’, and another ‘---’ line)")
        }

        var text = ResolutionText(title: meta["title"]?.value ?? "", id: meta["id"]?.value ?? defaultID ?? "",
                                  workflow: meta["workflow"]?.value ?? "resolution",
                                  language: meta["language"]?.value ?? "en")
        if text.title.isEmpty && !problems.contains(where: { $0.line == 1 }) {
            problem(meta["title"]?.line ?? 1, "the draft has no title: add ‘title: …’ to the front matter")
        }
        if text.id.isEmpty {
            problem(1, "the draft has no id: add ‘id: …’ to the front matter")
        } else if !Slug.isValidID(text.id) {
            problem(meta["id"]?.line ?? 1, "the id ‘\(text.id)’ may only hold lower-case letters, digits and ‘-’")
        }
        if !Self.isLanguageTag(text.language) {
            problem(meta["language"]?.line ?? 1, "the language ‘\(text.language)’ is not a language code such as en, fr or pt-BR")
        }
        if !Slug.isValidID(text.workflow) {
            problem(meta["workflow"]?.line ?? 1, "the workflow ‘\(text.workflow)’ is not a valid name")
        }
        if let languages = meta["languages"] {
            text.languages = readLanguages(languages.value, source: text.language, line: languages.line)
        }

        while index < lines.count {
            let lineNumber = index + 1
            let line = lines[index].trimmedSpaces
            index += 1
            if line.isEmpty {
                builder.finishProvision()
                continue
            }
            if line.hasPrefix("#") {
                guard line.hasPrefix("## "), !line.hasPrefix("### ") else {
                    builder.finishProvision()
                    problem(lineNumber, "only ‘## ’ headings are used, one per section (found ‘\(line.prefix(30))’)")
                    continue
                }
                let (title, explicit) = Self.splitExplicitID(String(line.dropFirst(3)))
                builder.heading(title, explicitID: explicit, at: lineNumber)
                continue
            }
            if let (kind, number, rest) = Self.provisionStart(line) {
                let (body, explicit) = Self.splitExplicitID(rest)
                builder.provision(kind: kind, number: number, text: body, explicitID: explicit, at: lineNumber)
                continue
            }
            if Self.looksLikeSubPoint(line) {
                problem(lineNumber, "sub-points within a provision are not supported yet: write the provision as one paragraph")
                continue
            }
            // A provision may run over several lines.
            let (more, explicit) = builder.hasOpenProvision ? Self.splitExplicitID(line) : (line, nil)
            builder.text(more, explicitID: explicit, continuing: true, at: lineNumber)
        }
        try builder.finish(into: &text)
        return text
    }

    private mutating func readFrontMatter(_ yaml: String) -> [String: (value: String, line: Int)] {
        var result: [String: (value: String, line: Int)] = [:]
        // Front matter as Accord writes it needs no full YAML parser; each key's line is found by its prefix.
        if let flat = FlatYAML.parse(yaml), flat.keys.allSatisfy(ResolutionText.frontMatterKeys.contains),
           flat.values.allSatisfy({ ($0 as? String)?.isEmpty == false }) {
            let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
            for (key, value) in flat {
                let line = (lines.firstIndex { $0.hasPrefix(key + ":") } ?? 0) + 2 // 1-based, after the opening ‘---’
                result[key] = ((value as? String ?? "").trimmedSpaces, line)
            }
            return result
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            problem(2, "the front matter is not valid YAML: \(YAMLText.describe(error))")
            return result
        }
        guard let mapping = node?.mapping else {
            problem(2, "the front matter must be ‘key: value’ lines")
            return result
        }
        for (key, value) in mapping {
            let line = (key.mark?.line ?? 0) + 1 // +1 for the opening ‘---’
            guard let name = key.string else { continue }
            guard ResolutionText.frontMatterKeys.contains(name) else {
                problem(line, "unknown front matter key ‘\(name)’ (known: title, id, workflow, language, languages)")
                continue
            }
            if name == "languages", let items = value.sequence {
                // A list is kept as one comma-separated value, read by `readLanguages`.
                result[name] = (items.map { $0.string ?? "" }.joined(separator: ","), line)
                continue
            }
            guard let text = value.string, !text.isEmpty else {
                problem(line, "‘\(name)’ needs a value")
                continue
            }
            result[name] = (text.trimmedSpaces, line)
        }
        return result
    }

    /// The languages of `languages: [en, fr]` (or `en, fr`), each a language tag and listed once,
    /// the draft's own among them; a problem at `line` for each that is not.
    private mutating func readLanguages(_ value: String, source: String, line: Int) -> [String] {
        let tags = value.split(separator: ",").map { String($0).trimmedSpaces }.filter { !$0.isEmpty }
        var seen: Set<String> = []
        for tag in tags {
            if !Self.isLanguageTag(tag) {
                problem(line, "the language ‘\(tag)’ in ‘languages’ is not a language code such as en, fr or pt-BR")
            } else if !seen.insert(tag).inserted {
                problem(line, "the language ‘\(tag)’ is listed twice in ‘languages’")
            }
        }
        if !tags.contains(source) {
            problem(line, "‘languages’ lists every language of the resolution, its own (‘\(source)’) included: add it")
        }
        return [source] + tags.filter { $0 != source }
    }

    /// A BCP 47 language tag in its common shape: `en`, `fra`, `pt-BR`, `sr-Latn`.
    package static func isLanguageTag(_ tag: String) -> Bool {
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { part in (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// `A. text` or `12. text`: the kind, the number and the rest.
    package static func provisionStart(_ line: String) -> (ProvisionKind, String, String)? {
        guard let dot = line.firstIndex(of: "."), dot != line.startIndex else { return nil }
        let number = String(line[..<dot])
        let afterDot = line[line.index(after: dot)...]
        guard afterDot.isEmpty || afterDot.first == " " else { return nil }
        let rest = String(afterDot).trimmedSpaces
        if number.allSatisfy({ $0.isASCII && $0.isNumber }) { return (.paragraph, number, rest) }
        if number.count <= 3, number.allSatisfy({ $0.isASCII && $0.isUppercase }) { return (.recital, number, rest) }
        return nil
    }

    /// Splits a trailing `{#id}` off a line.
    static func splitExplicitID(_ line: String) -> (String, String?) {
        let trimmed = line.trimmedSpaces
        guard trimmed.hasSuffix("}"), let brace = trimmed.lastIndex(of: "{"),
              trimmed[trimmed.index(after: brace)...].first == "#" else { return (trimmed, nil) }
        let id = String(trimmed[trimmed.index(brace, offsetBy: 2)..<trimmed.index(before: trimmed.endIndex)])
        return (String(trimmed[..<brace]).trimmedSpaces, id)
    }

    static func looksLikeSubPoint(_ line: String) -> Bool {
        if line.hasPrefix("- ") || line.hasPrefix("* ") || line.hasPrefix("+ ") { return true }
        // (a) or a) or (i)
        let head = line.prefix(5)
        if head.hasPrefix("("), head.contains(")") { return true }
        if let close = head.firstIndex(of: ")"), head[..<close].allSatisfy({ $0.isLetter && $0.isLowercase }) { return true }
        return false
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs, without Foundation's bridging.
    var trimmedSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
