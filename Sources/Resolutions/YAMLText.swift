import Foundation
import Yams

/// Writing and reading the small YAML files of the record.
///
/// Accord writes its YAML by hand, keys in a fixed order, so that the same
/// state always gives the same bytes: `verify` compares bytes, and `git diff`
/// of a record file shows only what changed.
enum YAMLText {
    /// A scalar, plain when YAML reads it back as the same string, double-quoted otherwise.
    static func scalar(_ text: String) -> String {
        var writer = YAMLWriter()
        writer.appendScalar(text)
        return writer.text
    }

    /// A flow list of scalars: `[a, b]`.
    static func list(_ items: [String]) -> String {
        var writer = YAMLWriter()
        writer.appendList(items)
        return writer.text
    }

    /// `text` double-quoted, its quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var text = text
        var out: [UInt8] = []
        text.withUTF8 { appendQuoted($0, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    fileprivate static func appendQuoted(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var run = 0
        for index in text.indices {
            let byte = text[index]
            guard escaped[Int(byte)] else { continue }
            let escape: UInt8
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): escape = byte
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            // The other control characters, as `\xHH`.
            default: escape = UInt8(ascii: "x")
            }
            // The bytes up to here go in as one run.
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[run..<index]))
            out.append(UInt8(ascii: "\\"))
            out.append(escape)
            if escape == UInt8(ascii: "x") {
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            }
            run = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[run...]))
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]

    /// Byte by byte: every character that decides it is ASCII (and U+FEFF), and the tally
    /// writes thousands of texts. No non-ASCII letter lowercases to a reserved word.
    fileprivate static func isPlainSafe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") || last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { return false }
        if indicators.contains(first) { return false }
        if bytes.count <= 5, bytes.allSatisfy({ $0 < 0x80 }),
           reserved.contains(String(decoding: bytes.map { $0 | (0x41...0x5A ~= $0 ? 0x20 : 0) }, as: UTF8.self)) { return false }
        // Numbers, dates and times are typed by YAML: quote anything that starts with a digit,
        // and anything else Double reads (+1, .5, inf, nan); those are the only other starts it takes.
        if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) { return false }
        if numberStarts.contains(first), Double(String(decoding: bytes, as: UTF8.self)) != nil { return false }
        // ": ", " #" and a final ":" are decided as String's search decides them, on characters:
        // in non-ASCII text a combining mark can make ": " part of another character.
        var structural = last == UInt8(ascii: ":")
        // Whether every byte before the one looked at is ASCII.
        var ascii = true
        for index in bytes.indices {
            let byte = bytes[index]
            guard notable[Int(byte)] else { continue }
            // Between ASCII bytes ": " and " #" are characters of their own: quoted, without reading further.
            let asciiAround = ascii && (index + 2 >= bytes.count || bytes[index + 2] < 0x80)
            switch byte {
            case 0..<0x20, 0x7F: return false
            // Flow lists end an item at a comma or bracket: quote them wherever they stand.
            case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"): return false
            case UInt8(ascii: ":"):
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: " ") {
                    if asciiAround { return false }
                    structural = true
                }
            case UInt8(ascii: "#"):
                if index > 0, bytes[index - 1] == UInt8(ascii: " ") {
                    if ascii && (index + 1 == bytes.count || bytes[index + 1] < 0x80) { return false }
                    structural = true
                }
            // U+FEFF, the byte order mark.
            case 0xEF:
                if index + 2 < bytes.count, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { return false }
                ascii = false
            default: ascii = false
            }
        }
        guard structural else { return true }
        if ascii { return false }
        let characters = String(decoding: bytes, as: UTF8.self)
        return !(characters.contains(": ") || characters.contains(" #") || characters.hasSuffix(":"))
    }

    private static let indicators = Set("-?:,[]{}#&*!|>'\"%@`".utf8)
    /// The bytes `isPlainSafe` stops at: control characters, flow and comment marks, non-ASCII.
    private static let notable = (0...255).map { $0 < 0x20 || $0 >= 0x7F || ",[]{}:#".utf8.contains(UInt8($0)) }
    /// The bytes a quoted scalar escapes.
    private static let escaped = (0...255).map { $0 < 0x20 || $0 == 0x7F || $0 == 0x22 || $0 == 0x5C }
    private static let numberStarts = Set("+.iInN".utf8)

    /// A parser error in a person's words, with its position when Yams gives one.
    static func describe(_ error: Error) -> String {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
                let where_ = "line \(mark.line), column \(mark.column)"
                return [context?.text, problem, "at \(where_)"].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            default:
                return "\(yaml)"
            }
        }
        return "\(error)"
    }
}

/// A record file written straight into bytes, one `key: value` line at a time, in the
/// forms `YAMLText` decides: a tally writes ten thousand amendment files in one action, and
/// building each line as a string of its own took a fifth of its time.
struct YAMLWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 128) {
        bytes.reserveCapacity(capacity)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// `key: value` with the value as it is: ids, numbers and names from a fixed list, which
    /// never need quotes.
    mutating func plain(_ key: StaticString, _ value: String) {
        start(key)
        bytes.append(contentsOf: value.utf8)
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func plain(_ key: StaticString, _ value: Int) {
        plain(key, String(value))
    }

    /// `key: value`, the value plain when YAML reads it back as the same string, double-quoted otherwise.
    mutating func scalar(_ key: StaticString, _ value: String) {
        start(key)
        appendScalar(value)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// `key: [a, b]`.
    mutating func list(_ key: StaticString, _ items: [String]) {
        start(key)
        appendList(items)
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func appendScalar(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            if YAMLText.isPlainSafe(utf8) { bytes.append(contentsOf: utf8) } else { YAMLText.appendQuoted(utf8, to: &bytes) }
        }
    }

    mutating func appendList(_ items: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 {
                bytes.append(UInt8(ascii: ","))
                bytes.append(UInt8(ascii: " "))
            }
            appendScalar(item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func start(_ key: StaticString) {
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: " "))
    }
}

/// A YAML mapping read with line numbers, for files people write (rosters).
struct YAMLMapping {
    let node: Node.Mapping
    let file: String

    /// The line of a key (1-based), for error messages.
    func line(of key: String) -> Int? {
        node.first { $0.key.string == key }.flatMap { $0.key.mark?.line }
    }

    var line: Int? { node.first?.key.mark?.line }

    subscript(_ key: String) -> Node? { node[key] }

    var keys: [(String, Int?)] { node.compactMap { pair in pair.key.string.map { ($0, pair.key.mark?.line) } } }
}
