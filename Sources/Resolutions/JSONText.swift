import Foundation

/// Writes JSON as `JSONEncoder` writes it with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes`, byte for byte, straight into a byte buffer: the status of a
/// resolution with 10,000 amendments (9 MB of JSON) took Foundation's encoder half a second,
/// and a tree of values built first still took a quarter of one.
///
/// The caller gives the keys of each object in sorted order (UTF-8 byte order, as
/// `.sortedKeys` sorts); `sortedPairs(_:)` puts the keys of a dictionary in that order.
struct JSONText {
    /// The JSON written so far (since the last chunk handed on, when writing in chunks).
    private(set) var bytes: [UInt8] = []
    /// Where full chunks go, when the text is written out as it is made rather than kept whole.
    private let chunk: ((UnsafeRawBufferPointer) -> Void)?
    private var depth = 0
    /// Whether the innermost open array or object has no item yet.
    private var isEmpty = true
    /// The organisations of the last dictionary sorted, with their positions: the votes of
    /// one item are usually cast by the same organisations as those of the item before.
    private var lastKeys: [String] = []
    private var lastPositions: [String: Int] = [:]

    init(capacity: Int = 1 << 16) {
        chunk = nil
        bytes.reserveCapacity(capacity)
    }

    /// Hands the text to `chunk` a buffer of about `size` bytes at a time, at the end of
    /// array items; `finish()` hands on the rest. Nine megabytes of status need no buffer
    /// of nine megabytes, nor the pages behind it.
    init(chunksOf size: Int = 1 << 16, to chunk: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.chunk = chunk
        bytes.reserveCapacity(size + 4_096)
    }

    /// Hands on what is left (when writing in chunks).
    mutating func finish() {
        guard let chunk, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes(chunk)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The text, without a final newline.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// An object whose members `body` writes with `key(_:)` followed by a value, keys in sorted order.
    mutating func object(_ body: (inout JSONText) -> Void) {
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    /// An array whose items `body` writes, each starting with `item()`.
    mutating func array(_ body: (inout JSONText) -> Void) {
        container(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), body)
    }

    /// An array of strings.
    mutating func array(_ strings: [String]) {
        array { json in
            for text in strings {
                json.item()
                json.string(text)
            }
        }
    }

    /// Starts an array item: the separator and the indentation.
    mutating func item() {
        if chunk != nil, bytes.count >= bytes.capacity - 4_096 { finish() }
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        newLine()
        isEmpty = false
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)

    /// A line break and the indentation of the current depth.
    private mutating func newLine() {
        bytes.append(UInt8(ascii: "\n"))
        var indent = 2 * depth
        while indent > 0 {
            let count = min(indent, Self.spaces.count)
            bytes.append(contentsOf: Self.spaces[..<count])
            indent -= count
        }
    }

    /// Starts an object member; its value follows.
    mutating func key(_ key: String) {
        item()
        string(key)
        bytes.append(contentsOf: " : ".utf8)
    }

    /// A member with a string value, left out when the value is nil (as `JSONEncoder` leaves out nil optionals).
    mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func member(_ name: String, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func member(_ name: String, _ values: [String]) {
        key(name)
        array(values)
    }

    /// A member whose value is an object of strings, written with its keys sorted.
    mutating func member(_ name: String, _ values: [String: String]) {
        key(name)
        let pairs = sortedPairs(values)
        object { json in
            for (key, value) in pairs { json.member(key, value) }
        }
    }

    private mutating func container(open: UInt8, close: UInt8, _ body: (inout JSONText) -> Void) {
        bytes.append(open)
        depth += 1
        let outer = isEmpty
        isEmpty = true
        body(&self)
        depth -= 1
        // JSONEncoder writes an empty container as an open line and a closing one, like a full one.
        if isEmpty { bytes.append(UInt8(ascii: "\n")) }
        newLine()
        bytes.append(close)
        isEmpty = outer
    }

    /// The pairs of a dictionary in UTF-8 byte order of their keys.
    ///
    /// When the keys are those of the last dictionary sorted, their order is reused, at one
    /// lookup a key; otherwise they are sorted and remembered.
    mutating func sortedPairs(_ values: [String: String]) -> [(String, String)] {
        if values.count < 2 { return values.map { ($0.key, $0.value) } }
        if values.count == lastKeys.count {
            var slots = [(String, String)?](repeating: nil, count: values.count)
            var complete = true
            for (key, value) in values {
                guard let position = lastPositions[key] else { complete = false; break }
                slots[position] = (key, value)
            }
            if complete { return slots.compactMap { $0 } }
        }
        let pairs = values.sorted { Self.precedes($0.key, $1.key) }.map { ($0.key, $0.value) }
        lastKeys = pairs.map(\.0)
        lastPositions = Dictionary(uniqueKeysWithValues: lastKeys.enumerated().map { ($1, $0) })
        return pairs
    }

    /// UTF-8 byte order, as `.sortedKeys` sorts, compared a buffer at a time.
    static func precedes(_ left: String, _ right: String) -> Bool {
        var left = left, right = right
        return left.withUTF8 { a in
            right.withUTF8 { b in
                let common = min(a.count, b.count)
                if common > 0, let x = a.baseAddress, let y = b.baseAddress {
                    let order = memcmp(x, y, common)
                    if order != 0 { return order < 0 }
                }
                return a.count < b.count
            }
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A string, escaped as `JSONEncoder` escapes it (slashes unescaped).
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Runs of bytes that need no escape are copied at once.
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
                case 0x08: bytes.append(contentsOf: "\\b".utf8)
                case 0x0C: bytes.append(contentsOf: "\\f".utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: "\\n".utf8)
                case UInt8(ascii: "\r"): bytes.append(contentsOf: "\\r".utf8)
                case UInt8(ascii: "\t"): bytes.append(contentsOf: "\\t".utf8)
                default: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                                   Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
