import Foundation

/// Writes JSON as `JSONEncoder` writes it with `.prettyPrinted`, `.sortedKeys` and
/// `.withoutEscapingSlashes`, byte for byte, straight into a byte buffer: the status of a
/// resolution with 10,000 amendments (9 MB of JSON) took Foundation's encoder half a second,
/// and a tree of values built first still took a quarter of one.
///
/// The caller gives the keys of each object in sorted order (UTF-8 byte order, as
/// `.sortedKeys` sorts); `OrganisationVotes` keeps its organisations in that order.
/// - Note: copies share one buffer; a `JSONText` is a local writer, never a value to keep.
struct JSONText {
    /// The JSON written so far (since the last chunk handed on, when writing in chunks).
    private let buffer: ByteBuffer
    /// Where full chunks go, when the text is written out as it is made rather than kept whole.
    private let chunk: ((UnsafeRawBufferPointer) -> Void)?
    /// How much is handed on at a time.
    private var chunkSize = Int.max
    private var depth = 0
    /// Whether the innermost open array or object has no item yet.
    private var isEmpty = true

    init(capacity: Int = 1 << 16) {
        chunk = nil
        buffer = ByteBuffer(capacity: capacity)
    }

    /// A writer of a value that goes `depth` levels deep into a document (see `raw(_:)`).
    init(capacity: Int = 1 << 16, depth: Int) {
        self.init(capacity: capacity)
        self.depth = depth
    }

    /// Hands the text to `chunk` a buffer of about `size` bytes at a time, at the end of
    /// array items; `finish()` hands on the rest. Nine megabytes of status need no buffer
    /// of nine megabytes, nor the pages behind it.
    init(chunksOf size: Int = 1 << 16, to chunk: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.chunk = chunk
        self.chunkSize = size
        buffer = ByteBuffer(capacity: size + 4_096)
    }

    /// Hands on what is left (when writing in chunks).
    mutating func finish() {
        guard let chunk, buffer.count > 0 else { return }
        chunk(buffer.written)
        buffer.count = 0
    }

    /// The text, without a final newline.
    var text: String { String(decoding: buffer.written, as: UTF8.self) }

    /// The bytes written (when not writing in chunks).
    var data: Data { Data(buffer.written) }

    /// A value written before by a `JSONText(depth:)` of the depth it takes here (after `key(_:)`).
    mutating func raw(_ value: Data) {
        value.withUnsafeBytes { raw in
            if let chunk {
                finish()
                chunk(raw)
                return
            }
            guard let base = raw.baseAddress else { return }
            UnsafeMutableRawPointer(buffer.reserve(raw.count)).copyMemory(from: base, byteCount: raw.count)
            buffer.count += raw.count
        }
    }

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

    /// An array of objects, one per element, whose members `body` writes.
    mutating func array<Items: Sequence>(of items: Items, _ body: (inout JSONText, Items.Element) -> Void) {
        array { json in
            for item in items {
                json.item()
                json.object { json in body(&json, item) }
            }
        }
    }

    /// Starts an array item: the separator and the indentation.
    mutating func item() {
        if buffer.count >= chunkSize { finish() }
        if !isEmpty { buffer.append(UInt8(ascii: ",")) }
        newLine()
        isEmpty = false
    }

    /// A line break and the indentation of the current depth.
    private func newLine() {
        let end = buffer.reserve(1 + 2 * depth)
        end[0] = UInt8(ascii: "\n")
        (end + 1).initialize(repeating: UInt8(ascii: " "), count: 2 * depth)
        buffer.count += 1 + 2 * depth
    }

    /// Starts an object member; its value follows.
    mutating func key(_ key: String) {
        item()
        string(key)
        buffer.append(" : ")
    }

    /// A member with a string value, left out when the value is nil (as `JSONEncoder` leaves out nil optionals).
    mutating func member(_ name: String, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func member(_ name: String, _ value: Int) {
        key(name)
        buffer.append(String(value))
    }

    mutating func member(_ name: String, _ value: Bool) {
        key(name)
        buffer.append(value ? "true" : "false")
    }

    mutating func member(_ name: String, _ values: [String]) {
        key(name)
        array(values)
    }

    /// A member whose value is an object of strings: the votes, already in key order.
    mutating func member(_ name: String, _ votes: OrganisationVotes) {
        key(name)
        object { json in
            for (organisation, choice) in zip(votes.organisations, votes.choices) { json.member(organisation, choice) }
        }
    }

    private mutating func container(open: UInt8, close: UInt8, _ body: (inout JSONText) -> Void) {
        buffer.append(open)
        depth += 1
        let outer = isEmpty
        isEmpty = true
        body(&self)
        depth -= 1
        // JSONEncoder writes an empty container as an open line and a closing one, like a full one.
        if isEmpty { buffer.append(UInt8(ascii: "\n")) }
        newLine()
        buffer.append(close)
        isEmpty = outer
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A string, escaped as `JSONEncoder` escapes it (slashes unescaped).
    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            // At most six bytes for each (\u001f), and the quotes.
            var out = buffer.reserve(utf8.count * 6 + 2)
            let start = out
            func put(_ byte: UInt8) {
                out.pointee = byte
                out += 1
            }
            put(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                    put(byte)
                    continue
                }
                put(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): put(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): put(UInt8(ascii: "\\"))
                case 0x08: put(UInt8(ascii: "b"))
                case 0x0C: put(UInt8(ascii: "f"))
                case UInt8(ascii: "\n"): put(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): put(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): put(UInt8(ascii: "t"))
                default:
                    put(UInt8(ascii: "u")); put(UInt8(ascii: "0")); put(UInt8(ascii: "0"))
                    put(Self.hex[Int(byte >> 4)]); put(Self.hex[Int(byte & 0xF)])
                }
            }
            put(UInt8(ascii: "\""))
            buffer.count += out - start
        }
    }
}

/// A growing byte buffer written through pointers: appending to an array checks its
/// uniqueness and capacity at every call, and 9 MB of status make millions of calls.
private final class ByteBuffer {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    var written: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    /// Room for `size` more bytes; returns where they go. The caller adds what it wrote to `count`.
    func reserve(_ size: Int) -> UnsafeMutablePointer<UInt8> {
        if count + size > capacity {
            capacity = max(capacity * 2, count + size)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: storage, count: count)
            storage.deallocate()
            storage = grown
        }
        return storage + count
    }

    func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        count += 1
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            guard let base = utf8.baseAddress else { return }
            reserve(utf8.count).update(from: base, count: utf8.count)
            count += utf8.count
        }
    }
}
