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

    /// Works on UTF-8 bytes: every byte to escape is ASCII, and the tally writes thousands of these.
    static func quoted(_ text: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0..<0x20, 0x7F: out += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// A flow list of scalars: `[a, b]`.
    static func list(_ items: [String]) -> String {
        "[" + items.map(scalar).joined(separator: ", ") + "]"
    }

    private static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]

    private static func isPlainSafe(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        if " \t".unicodeScalars.contains(last) || " \t".unicodeScalars.contains(first) { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if reserved.contains(text.lowercased()) { return false }
        // Numbers, dates and times are typed by YAML: quote anything that starts with a digit.
        if ("0"..."9").contains(first) || Double(text) != nil { return false }
        if text.contains(": ") || text.contains(" #") || text.hasSuffix(":") { return false }
        // Flow lists end an item at a comma or bracket: quote them wherever they stand.
        if text.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
        return !text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FEFF}" }
    }

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
