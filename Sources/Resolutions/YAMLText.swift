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
        isPlainSafe(text) ? text : quoted(text)
    }

    /// Written byte by byte into the string's own storage: every byte to escape is ASCII,
    /// and the tally writes thousands of these.
    static func quoted(_ text: String) -> String {
        var text = text
        return text.withUTF8 { utf8 in
            String(unsafeUninitializedCapacity: utf8.count * 4 + 2) { out in
                var count = 0
                func put(_ byte: UInt8) {
                    out[count] = byte
                    count += 1
                }
                put(UInt8(ascii: "\""))
                for byte in utf8 {
                    switch byte {
                    case UInt8(ascii: "\""): put(UInt8(ascii: "\\")); put(UInt8(ascii: "\""))
                    case UInt8(ascii: "\\"): put(UInt8(ascii: "\\")); put(UInt8(ascii: "\\"))
                    case UInt8(ascii: "\n"): put(UInt8(ascii: "\\")); put(UInt8(ascii: "n"))
                    case UInt8(ascii: "\t"): put(UInt8(ascii: "\\")); put(UInt8(ascii: "t"))
                    case UInt8(ascii: "\r"): put(UInt8(ascii: "\\")); put(UInt8(ascii: "r"))
                    case 0..<0x20, 0x7F:
                        put(UInt8(ascii: "\\")); put(UInt8(ascii: "x")); put(hexDigits[Int(byte >> 4)]); put(hexDigits[Int(byte & 0xF)])
                    default: put(byte)
                    }
                }
                put(UInt8(ascii: "\""))
                return count
            }
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// A flow list of scalars: `[a, b]`.
    static func list(_ items: [String]) -> String {
        "[" + items.map(scalar).joined(separator: ", ") + "]"
    }

    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]

    /// Byte by byte: every character that decides it is ASCII (and U+FEFF), and the tally
    /// writes thousands of texts. No non-ASCII letter lowercases to a reserved word.
    private static func isPlainSafe(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
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
            for index in bytes.indices {
                let byte = bytes[index]
                switch byte {
                case 0..<0x20, 0x7F: return false
                // Flow lists end an item at a comma or bracket: quote them wherever they stand.
                case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"): return false
                case UInt8(ascii: ":"): if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: " ") { structural = true }
                case UInt8(ascii: "#"): if index > 0, bytes[index - 1] == UInt8(ascii: " ") { structural = true }
                // U+FEFF, the byte order mark.
                case 0xEF: if index + 2 < bytes.count, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { return false }
                default: break
                }
            }
            guard structural else { return true }
            if bytes.allSatisfy({ $0 < 0x80 }) { return false }
            let characters = String(decoding: bytes, as: UTF8.self)
            return !(characters.contains(": ") || characters.contains(" #") || characters.hasSuffix(":"))
        }
    }

    private static let indicators = Set("-?:,[]{}#&*!|>'\"%@`".utf8)
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
