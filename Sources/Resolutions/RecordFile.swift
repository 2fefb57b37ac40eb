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
///
/// The rules are decided on `Character`s, as `String` decides them: a combining mark
/// after `"` or `:` makes another character, and U+1FEF equals a backtick. On a text
/// whose every character is a single scalar that equals no ASCII character (nearly
/// every record file, French ones included) the same rules are byte comparisons, read
/// more than ten times faster; any other text is read by characters, as before.
enum FlatYAML {
    /// The mapping, with scalars as strings and lists as `[String]`; nil when
    /// the text is outside the subset (then a full parser must read it).
    static func parse(_ text: String) -> [String: Any]? {
        var utf8 = text
        return utf8.withUTF8 { bytes in
            hasOnlySimpleCharacters(bytes) ? parse(bytes: bytes) : parse(characters: text)
        }
    }

    /// Whether every scalar of the UTF-8 text is ASCII or one of U+0080–U+02FF (Latin,
    /// IPA, modifier letters), U+0380–U+047F (Greek, Cyrillic) or U+2000–U+20BF (general
    /// punctuation, currency signs) but the zero-width non-joiner and joiner. None of those
    /// joins a neighbour into one character or equals an ASCII one, so there every
    /// character is one scalar, bar CR LF, and comparing bytes decides as comparing
    /// characters does. The bytes are a `String`'s: valid UTF-8.
    static func hasOnlySimpleCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            switch bytes[index] {
            case 0..<0x80: index += 1
            case 0xC2...0xCB, 0xCE...0xD1: index += 2
            case 0xE2 where bytes[index + 1] <= 0x82 && !(bytes[index + 1] == 0x80 && (0x8C...0x8D).contains(bytes[index + 2])):
                index += 3
            default: return false
            }
        }
        return true
    }

    private static func isKeyCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_"
    }

    // MARK: On bytes

    private typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    /// `parse(characters:)` on the bytes of a text of simple characters.
    private static func parse(bytes text: UnsafeBufferPointer<UInt8>) -> [String: Any]? {
        // More than any record file has (an amendment, at most 18): the table never grows.
        var values: [String: Any] = Dictionary(minimumCapacity: 20)
        var line = 0
        // A line feed after a carriage return is part of one character, CR LF, and ends no line.
        for end in 0...text.count where end == text.count || text[end] == .lf && (end == 0 || text[end - 1] != .cr) {
            if end > line {
                guard let (key, value) = entry(text[line..<end]), values.updateValue(value, forKey: key) == nil else { return nil }
            }
            line = end + 1
        }
        return values
    }

    private static func entry(_ line: Bytes) -> (String, Any)? {
        guard let colon = line.firstIndex(of: .colon) else { return nil }
        let key = line[..<colon]
        let rest = line[(colon + 1)...]
        guard !key.isEmpty, isKey(key), rest.first == .space, let value = value(rest.dropFirst()) else { return nil }
        return (String(decoding: key, as: UTF8.self), value)
    }

    /// Letters, digits, `-` and `_`; a key with other bytes may hold non-ASCII letters,
    /// so it is checked on its characters.
    private static func isKey(_ key: Bytes) -> Bool {
        key.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"): true
            default: false
            }
        } || String(decoding: key, as: UTF8.self).allSatisfy(isKeyCharacter)
    }

    private static func value(_ text: Bytes) -> Any? {
        if text.first == .openBracket {
            guard text.last == .closeBracket else { return nil }
            var items: [String] = []
            var rest = text.dropFirst().dropLast()
            while true {
                rest = rest.drop { $0 == .space }
                if rest.isEmpty { break }
                if rest.first == .quote {
                    guard let (item, after) = quoted(rest) else { return nil }
                    items.append(item)
                    rest = after
                } else {
                    let end = rest.firstIndex(of: .comma) ?? rest.endIndex
                    guard let item = plainItem(rest[..<end]) else { return nil }
                    items.append(item)
                    rest = rest[end...]
                }
                rest = rest.drop { $0 == .space }
                if rest.first == .comma { rest = rest.dropFirst() } else if !rest.isEmpty { return nil }
            }
            return items
        }
        if text.first == .quote {
            guard let (value, after) = quoted(text), after.allSatisfy({ $0 == .space }) else { return nil }
            return value
        }
        guard plainIsSafe(text) else { return nil }
        return String(decoding: text, as: UTF8.self)
    }

    /// A plain list item without the whitespace around it, as `trimmingCharacters(in: .whitespaces)`
    /// gives it: spaces and tabs here, or Foundation itself when a non-ASCII character (a no-break
    /// space, maybe) is at an end.
    private static func plainItem(_ text: Bytes) -> String? {
        let start = text.firstIndex { $0 != .space && $0 != .tab } ?? text.endIndex
        let end = text.lastIndex { $0 != .space && $0 != .tab }.map { $0 + 1 } ?? start
        let item = text[start..<end]
        if let first = item.first, let last = item.last, first >= 0x80 || last >= 0x80 {
            var trimmed = String(decoding: item, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            return trimmed.withUTF8 { plainIsSafe($0[...]) } ? trimmed : nil
        }
        return plainIsSafe(item) ? String(decoding: item, as: UTF8.self) : nil
    }

    /// `plainIsSafe(_:)` on bytes.
    private static func plainIsSafe(_ text: Bytes) -> Bool {
        guard let first = text.first, let last = text.last, first != .space, last != .space else { return false }
        if indicators.contains(first) { return false }
        if first == .dash && (text.count == 1 || text[text.startIndex + 1] == .space) { return false }
        return !contains(text, .colon, .space) && !contains(text, .space, .hash) && last != .colon
    }

    private static let indicators = Array("[]{}#&*!|>'\"%@`,?".utf8)

    /// Whether the byte `first` is followed by `second` somewhere in the text.
    private static func contains(_ text: Bytes, _ first: UInt8, _ second: UInt8) -> Bool {
        zip(text, text.dropFirst()).contains { $0 == first && $1 == second }
    }

    /// `quoted(_:)` on bytes: runs without escapes are copied whole, and a scalar with
    /// none is made straight from its bytes.
    private static func quoted(_ text: Bytes) -> (String, Bytes)? {
        var decoded: [UInt8] = []
        var run = text.startIndex + 1
        var index = run
        while index < text.endIndex {
            let byte = text[index]
            if byte == .quote {
                // Every escape adds a byte: an empty `decoded` means there was none.
                if decoded.isEmpty { return (String(decoding: text[run..<index], as: UTF8.self), text[(index + 1)...]) }
                decoded.append(contentsOf: text[run..<index])
                return (String(decoding: decoded, as: UTF8.self), text[(index + 1)...])
            }
            guard byte == .backslash else {
                index += 1
                continue
            }
            decoded.append(contentsOf: text[run..<index])
            guard index + 1 < text.endIndex else { return nil }
            switch text[index + 1] {
            case .quote, .backslash, UInt8(ascii: "/"): decoded.append(text[index + 1])
            case UInt8(ascii: "n"): decoded.append(.lf)
            case UInt8(ascii: "t"): decoded.append(.tab)
            case UInt8(ascii: "r"): decoded.append(.cr)
            case UInt8(ascii: "0"): decoded.append(0)
            case UInt8(ascii: "x"):
                // The same reading of the two digits as the character path's (`UInt32` takes "+F").
                guard index + 3 < text.endIndex,
                      let value = UInt32(String(decoding: text[(index + 2)...(index + 3)], as: UTF8.self), radix: 16),
                      let scalar = Unicode.Scalar(value) else { return nil }
                decoded.append(contentsOf: String(scalar).utf8)
                index += 2
            default: return nil
            }
            index += 2
            run = index
        }
        return nil
    }
}

private extension UInt8 {
    static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), tab = UInt8(ascii: "\t"), space = UInt8(ascii: " ")
    static let colon = UInt8(ascii: ":"), comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    static let openBracket = UInt8(ascii: "["), closeBracket = UInt8(ascii: "]"), dash = UInt8(ascii: "-"), hash = UInt8(ascii: "#")
}

// MARK: On characters

extension FlatYAML {
    /// The reading on `Character`s, for texts with other characters (combining marks,
    /// emoji, other scripts): slower, and the reference the byte reading follows.
    private static func parse(characters text: String) -> [String: Any]? {
        var values: [String: Any] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[..<colon]
            guard !key.isEmpty, key.allSatisfy(isKeyCharacter) else { return nil }
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
