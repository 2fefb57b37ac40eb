import Yams

extension WorkflowLinter {
    /// Keys renamed to this prefix are later duplicates that the YAML library would refuse; the reader skips them.
    static let duplicatePrefix = "__accord_duplicate_"

    /// Composes the YAML node tree, reporting malformed YAML with its position.
    ///
    /// Yams refuses a mapping with duplicate keys outright, which would hide every other problem in the
    /// file. So each later duplicate is reported, renamed in a private copy of the text, and composing is
    /// retried, until the tree loads or a problem cannot be located.
    static func compose(_ yaml: String, file: String) -> (node: Node?, issues: [LintIssue]) {
        var text = yaml
        var issues: [LintIssue] = []
        for attempt in 1...200 {
            do {
                return (try Yams.compose(yaml: text), issues)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let key = duplicates.first ?? ""
                guard let duplicate = DuplicateKeyLocator(text: text).locate(key: key, after: context.mark) else {
                    issues.append(LintIssue(
                        file: file, line: context.mark.line, column: context.mark.column,
                        code: "duplicate-name", message: "‘\(key)’ is declared more than once"
                    ))
                    return (nil, issues)
                }
                issues.append(LintIssue(
                    file: file, line: duplicate.line, column: duplicate.column, code: "duplicate-name",
                    message: "\(duplicate.kind) ‘\(key)’ is declared more than once (first on line \(context.mark.line))"
                ))
                text = duplicate.renamed(to: "\(duplicatePrefix)\(attempt)")
            } catch let error as YamlError {
                issues.append(malformed(error, file: file))
                return (nil, issues)
            } catch {
                issues.append(LintIssue(file: file, line: 1, code: "malformed-yaml", message: "the file is not valid YAML: \(error)"))
                return (nil, issues)
            }
        }
        return (nil, issues)
    }

    private static func malformed(_ error: YamlError, file: String) -> LintIssue {
        let located: (String, Mark)?
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            located = ("\(prefix)\(problem)", mark)
        default:
            located = nil
        }
        guard let (problem, mark) = located else {
            return LintIssue(file: file, line: 1, code: "malformed-yaml", message: "the file is not valid YAML: \(error)")
        }
        return LintIssue(
            file: file, line: mark.line, column: mark.column, code: "malformed-yaml",
            message: "the file is not valid YAML: \(problem)"
        )
    }
}

/// Finds the second occurrence of a mapping key in the source text, given the position of the first.
struct DuplicateKeyLocator {
    /// Where a later duplicate was found, and how to rename it.
    struct Occurrence {
        var line: Int
        var column: Int
        var kind: String
        var lines: [Substring]
        var range: Range<String.Index>

        /// The whole text with this occurrence's key replaced.
        func renamed(to replacement: String) -> String {
            var lines = lines
            let original = lines[line - 1]
            lines[line - 1] = original[..<range.lowerBound] + replacement[...] + original[range.upperBound...]
            return lines.joined(separator: "\n")
        }
    }

    let lines: [Substring]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func locate(key: String, after mark: Mark) -> Occurrence? {
        guard mark.line >= 1, mark.line <= lines.count else { return nil }
        let indent = mark.column - 1
        let kind = Self.kind(of: parentKey(above: mark.line, indent: indent))
        // A later key in the same flow mapping, on the same line.
        if let range = keyRange(in: lines[mark.line - 1], key: key, from: indent + key.count, flow: true) {
            let column = lines[mark.line - 1].distance(from: lines[mark.line - 1].startIndex, to: range.lowerBound) + 1
            return Occurrence(line: mark.line, column: column, kind: kind, lines: lines, range: range)
        }
        // A later key in the same block mapping: same indentation, before the mapping ends.
        for index in mark.line..<lines.count {
            let line = lines[index]
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let lineIndent = line.count - trimmed.count
            if lineIndent < indent { return nil }
            guard lineIndent == indent, let range = keyRange(in: line, key: key, from: indent, flow: false) else { continue }
            return Occurrence(line: index + 1, column: mark.column, kind: kind, lines: lines, range: range)
        }
        return nil
    }

    /// The range of `key` (quoted or not) followed by a colon, at `offset` or, for flow mappings, after a `,` or `{`.
    private func keyRange(in line: Substring, key: String, from offset: Int, flow: Bool) -> Range<String.Index>? {
        guard offset <= line.count else { return nil }
        var position = line.index(line.startIndex, offsetBy: offset)
        let candidates = [key, "\"\(key)\"", "'\(key)'"]
        while position < line.endIndex {
            var start = position
            if flow {
                guard let separator = line[position...].firstIndex(where: { $0 == "," || $0 == "{" }) else { return nil }
                start = line.index(after: separator)
                while start < line.endIndex, line[start] == " " { start = line.index(after: start) }
                position = line.index(after: separator)
            }
            for candidate in candidates where line[start...].hasPrefix(candidate) {
                let end = line.index(start, offsetBy: candidate.count)
                if line[end...].drop(while: { $0 == " " }).hasPrefix(":") {
                    return start..<end
                }
            }
            if !flow { return nil }
        }
        return nil
    }

    private func parentKey(above line: Int, indent: Int) -> String {
        var index = line - 2
        while index >= 0 {
            let text = lines[index]
            let trimmed = text.drop { $0 == " " }
            if !trimmed.isEmpty, !trimmed.hasPrefix("#"), text.count - trimmed.count < indent {
                return String(trimmed.prefix { $0 != ":" })
            }
            index -= 1
        }
        return ""
    }

    private static func kind(of parent: String) -> String {
        switch parent {
        case "states": "state"
        case "transitions": "transition"
        case "actions": "action"
        default: "key"
        }
    }
}
