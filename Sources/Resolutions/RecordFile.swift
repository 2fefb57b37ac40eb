import Foundation
import Yams

/// A record file that Accord cannot read: the record was changed by hand or damaged.
public struct RecordDamaged: Error, Sendable, Equatable, CustomStringConvertible {
    /// The record file, relative to the repository's root.
    public let path: String
    /// What is wrong with it, in words.
    public let message: String

    /// A damage report for one record file.
    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "the record file ‘\(path)’ is damaged: \(message)" }
}

/// A YAML mapping written by Accord, read back with typed accessors.
///
/// Accord writes its record files in a small subset of YAML (`key: value`
/// lines; plain or double-quoted scalars; flow lists), which `FlatYAML` reads
/// about a hundred times faster than a full YAML parser. Anything outside
/// that subset (a file edited by hand) goes through Yams.
struct RecordFile {
    let values: [String: Any]
    let path: String

    init(yaml: String, path: String) throws(RecordDamaged) {
        self.path = path
        if let values = FlatYAML.parse(yaml) {
            self.values = values
            return
        }
        do {
            guard let values = try Yams.load(yaml: yaml) as? [String: Any] else {
                throw RecordDamaged(path: path, "it is not a YAML mapping")
            }
            self.values = values
        } catch let error as RecordDamaged {
            throw error
        } catch {
            throw RecordDamaged(path: path, YAMLText.describe(error))
        }
    }

    func string(_ key: String) throws(RecordDamaged) -> String {
        guard let value = optionalString(key) else { throw RecordDamaged(path: path, "‘\(key)’ is missing") }
        return value
    }

    func optionalString(_ key: String) -> String? {
        switch values[key] {
        case let text as String: text
        case let number as Int: String(number)
        case let date as Date: RecordDate.format(date)
        case let flag as Bool: String(flag)
        default: nil
        }
    }

    func int(_ key: String) throws(RecordDamaged) -> Int {
        if let value = values[key] as? Int { return value }
        guard let text = values[key] as? String, let value = Int(text) else {
            throw RecordDamaged(path: path, "‘\(key)’ must be a whole number")
        }
        return value
    }

    func optionalDate(_ key: String) throws(RecordDamaged) -> Date? {
        guard values[key] != nil else { return nil }
        if let date = values[key] as? Date { return date }
        guard let text = optionalString(key), let date = RecordDate.parse(text) else {
            throw RecordDamaged(path: path, "‘\(key)’ must be a date")
        }
        return date
    }

    func strings(_ key: String) -> [String] {
        (values[key] as? [Any])?.compactMap { item in
            switch item {
            case let text as String: text
            case let number as Int: String(number)
            default: nil
            }
        } ?? []
    }
}

/// The subset of YAML that `YAMLText` writes: one `key: value` per line, the
/// value a plain scalar, a double-quoted scalar or a flow list of those.
enum FlatYAML {
    /// The mapping, with scalars as strings and lists as `[String]`; nil when
    /// the text is outside the subset (then a full parser must read it).
    static func parse(_ text: String) -> [String: Any]? {
        var values: [String: Any] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[..<colon]
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else { return nil }
            var rest = line[line.index(after: colon)...]
            guard rest.first == " " else { return nil }
            rest = rest.dropFirst()
            guard let value = parseValue(rest), values[String(key)] == nil else { return nil }
            values[String(key)] = value
        }
        return values
    }

    private static func parseValue(_ text: Substring) -> Any? {
        if text.first == "[" {
            guard text.last == "]" else { return nil }
            var items: [String] = []
            var rest = text.dropFirst().dropLast()[...]
            while true {
                rest = rest.drop { $0 == " " }
                if rest.isEmpty { break }
                let item: String
                if rest.first == "\"" {
                    guard let (text, after) = quoted(rest) else { return nil }
                    item = text
                    rest = after
                } else {
                    let end = rest.firstIndex(of: ",") ?? rest.endIndex
                    item = String(rest[..<end]).trimmingCharacters(in: .whitespaces)
                    guard plainIsSafe(item[...]) else { return nil }
                    rest = rest[end...]
                }
                items.append(item)
                rest = rest.drop { $0 == " " }
                if rest.first == "," { rest = rest.dropFirst() } else if !rest.isEmpty { return nil }
            }
            return items
        }
        if text.first == "\"" {
            guard let (value, after) = quoted(text), after.allSatisfy({ $0 == " " }) else { return nil }
            return value
        }
        guard plainIsSafe(text) else { return nil }
        return String(text)
    }

    /// A plain scalar that YAML reads as the same string (no comment, no
    /// nested structure, no quoting or block indicator).
    private static func plainIsSafe(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last, first != " ", last != " " else { return false }
        if "[]{}#&*!|>'\"%@`,?".contains(first) { return false }
        if first == "-" && (text.count == 1 || text.dropFirst().first == " ") { return false }
        return !text.contains(": ") && !text.contains(" #") && last != ":"
    }

    /// A double-quoted scalar with YAML's escapes, and what follows it.
    private static func quoted(_ text: Substring) -> (String, Substring)? {
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { return (result, text[text.index(after: index)...]) }
            if character == "\\" {
                index = text.index(after: index)
                guard index < text.endIndex else { return nil }
                switch text[index] {
                case "\"": result.append("\"")
                case "\\": result.append("\\")
                case "/": result.append("/")
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "0": result.append("\0")
                case "x":
                    let digits = text[text.index(after: index)...].prefix(2)
                    guard digits.count == 2, let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else { return nil }
                    result.unicodeScalars.append(scalar)
                    index = text.index(index, offsetBy: 2)
                default: return nil
                }
            } else {
                result.append(character)
            }
            index = text.index(after: index)
        }
        return nil
    }
}
