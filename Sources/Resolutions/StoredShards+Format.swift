import Foundation
import GitStore

/// The binary format of a stored-shards file: compact and quick to load, unlike JSON
/// (Foundation's `JSONDecoder` takes longer than parsing the YAML again).
///
/// Little-endian: the magic `ACCORDS3`; a table of every distinct string (organisations, people
/// and targets repeat thousands of times); the shards, each its tree id and its folders, every
/// string an index into the table; and a 64-bit checksum of all that comes before it, so that a damaged file is refused
/// as a whole rather than read wrong.
enum ShardFile {
    struct Damaged: Error {}

    static let magic = Array("ACCORDS3".utf8)

    // MARK: Writing

    static func encode(_ shards: [(id: ObjectID, folders: [AmendmentFolder])]) -> Data {
        var writer = Writer()
        for shard in shards {
            writer.string(shard.id.hex)
            writer.int(shard.folders.count)
            for folder in shard.folders { writer.folder(folder) }
        }
        var out = magic
        out.reserveCapacity(writer.body.count + writer.tableBytes + 64)
        append(UInt32(writer.strings.count), to: &out)
        for text in writer.strings {
            append(UInt32(text.utf8.count), to: &out)
            out.append(contentsOf: text.utf8)
        }
        append(UInt32(shards.count), to: &out)
        out.append(contentsOf: writer.body)
        append(checksum(out[...]), to: &out)
        return Data(out)
    }

    private struct Writer {
        var strings: [String] = []
        var index: [String: UInt32] = [:]
        var tableBytes = 0
        var body: [UInt8] = []

        mutating func int(_ value: Int) { ShardFile.append(UInt32(truncatingIfNeeded: value), to: &body) }

        mutating func string(_ text: String) { ShardFile.append(reference(text), to: &body) }

        /// 0 for nil, else the string's index plus one.
        mutating func optional(_ text: String?) {
            ShardFile.append(text.map { reference($0) + 1 } ?? 0, to: &body)
        }

        mutating func reference(_ text: String) -> UInt32 {
            if let known = index[text] { return known }
            let new = UInt32(strings.count)
            strings.append(text)
            index[text] = new
            tableBytes += text.utf8.count + 4
            return new
        }

        mutating func code<T: CaseIterable & Equatable>(_ value: T) where T.AllCases == [T] {
            body.append(UInt8(T.allCases.firstIndex(of: value) ?? 0))
        }

        /// 0 none; 1 yes; 2 no; then the note and who decided.
        mutating func decision(_ yes: Bool?, _ note: String?, _ by: String?) {
            guard let yes, let by else { return body.append(0) }
            body.append(yes ? 1 : 2)
            optional(note)
            string(by)
        }

        mutating func folder(_ folder: AmendmentFolder) {
            let amendment = folder.amendment
            int(amendment.number)
            int(amendment.round)
            string(amendment.draft.target)
            code(amendment.draft.kind)
            optional(amendment.draft.text)
            string(amendment.draft.justification)
            int(amendment.draft.cosignatories.count)
            for person in amendment.draft.cosignatories { string(person) }
            int(amendment.draft.replaces.count)
            for number in amendment.draft.replaces { int(number) }
            string(amendment.organisation)
            string(amendment.tabledBy)
            string(amendment.state.rawValue)
            decision(amendment.ruling?.admissible, amendment.ruling?.reason, amendment.ruling?.by)
            decision(amendment.proposal?.accept, amendment.proposal?.note, amendment.proposal?.by)
            optional(amendment.outcome)
            int(folder.votes.count)
            for vote in folder.votes {
                string(vote.organisation)
                string(vote.person)
                code(vote.choice)
            }
        }
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// FNV-1a over 8-byte words (then the tail byte by byte): cheap, and enough to catch damage.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.withUnsafeBytes { raw in checksum(raw) }
    }

    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var offset = 0
        while offset + 8 <= raw.count {
            hash = (hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))) &* 0x100_0000_01b3
            offset += 8
        }
        while offset < raw.count {
            hash = (hash ^ UInt64(raw[offset])) &* 0x100_0000_01b3
            offset += 1
        }
        return hash
    }

    // MARK: Reading

    /// - Throws: `Damaged` for anything but a whole file of this format.
    static func decode(_ data: Data) throws(Damaged) -> [ObjectID: [AmendmentFolder]] {
        let bytes = [UInt8](data)
        guard bytes.count >= magic.count + 16, bytes.starts(with: magic) else { throw Damaged() }
        let end = bytes.count - 8
        let stored = bytes[end...].withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        guard stored == checksum(bytes[..<end]) else { throw Damaged() }
        do {
            return try bytes.withUnsafeBytes { raw in try read(UnsafeRawBufferPointer(rebasing: raw[..<end]), of: bytes) }
        } catch {
            throw Damaged()
        }
    }

    /// - Parameter file: the bytes `raw` points into, which the folders' stored forms keep ranges of.
    private static func read(_ raw: UnsafeRawBufferPointer, of file: [UInt8]) throws(Damaged) -> [ObjectID: [AmendmentFolder]] {
        var reader = Reader(raw: raw, file: file, offset: magic.count)
        let count = try reader.int()
        var strings: [String] = []
        strings.reserveCapacity(min(count, raw.count))
        for _ in 0..<count { strings.append(try reader.text()) }
        reader.strings = strings
        var shards: [ObjectID: [AmendmentFolder]] = [:]
        for _ in 0..<(try reader.int()) {
            guard let id = ObjectID(hex: try reader.string()) else { throw Damaged() }
            let folderCount = try reader.int()
            var folders: [AmendmentFolder] = []
            folders.reserveCapacity(min(folderCount, raw.count))
            for _ in 0..<folderCount { folders.append(try reader.folder()) }
            shards[id] = folders
        }
        guard reader.offset == raw.count else { throw Damaged() }
        return shards
    }

    private struct Reader {
        let raw: UnsafeRawBufferPointer
        let file: [UInt8]
        var offset: Int
        var strings: [String] = []

        mutating func int() throws(Damaged) -> Int {
            guard offset + 4 <= raw.count else { throw Damaged() }
            let value = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
            offset += 4
            return Int(value)
        }

        mutating func byte() throws(Damaged) -> UInt8 {
            guard offset < raw.count else { throw Damaged() }
            defer { offset += 1 }
            return raw[offset]
        }

        /// The next `length`-prefixed run of bytes, as the range it takes.
        mutating func run() throws(Damaged) -> Range<Int> {
            let length = try int()
            guard offset + length <= raw.count else { throw Damaged() }
            defer { offset += length }
            return offset..<(offset + length)
        }

        mutating func text() throws(Damaged) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: raw[try run()]), as: UTF8.self)
        }

        mutating func string() throws(Damaged) -> String {
            let index = try int()
            guard index < strings.count else { throw Damaged() }
            return strings[index]
        }

        mutating func optional() throws(Damaged) -> String? {
            let index = try int()
            guard index <= strings.count else { throw Damaged() }
            return index == 0 ? nil : strings[index - 1]
        }

        mutating func code<T: CaseIterable>(_ type: T.Type) throws(Damaged) -> T where T.AllCases == [T] {
            let index = Int(try byte())
            guard index < T.allCases.count else { throw Damaged() }
            return T.allCases[index]
        }

        mutating func decision() throws(Damaged) -> (yes: Bool, note: String?, by: String)? {
            switch try byte() {
            case 0: return nil
            case let flag where flag <= 2: return (flag == 1, try optional(), try string())
            default: throw Damaged()
            }
        }

        mutating func folder() throws(Damaged) -> AmendmentFolder {
            let number = try int(), round = try int()
            let target = try string()
            let kind = try code(AmendmentKind.self)
            let text = try optional()
            let justification = try string()
            var cosignatories: [String] = []
            for _ in 0..<(try int()) { cosignatories.append(try string()) }
            var replaces: [Int] = []
            for _ in 0..<(try int()) { replaces.append(try int()) }
            let organisation = try string(), tabledBy = try string()
            let state = AmendmentState(rawValue: try string())
            let ruling = try decision().map { Ruling(admissible: $0.yes, reason: $0.note, by: $0.by) }
            let proposal = try decision().map { Proposal(accept: $0.yes, note: $0.note, by: $0.by) }
            let outcome = try optional()
            let voteCount = try int()
            var votes: [Vote] = []
            votes.reserveCapacity(min(voteCount, raw.count))
            for _ in 0..<voteCount {
                votes.append(Vote(organisation: try string(), person: try string(), choice: try code(VoteChoice.self)))
            }
            let draft = AmendmentDraft(target: target, kind: kind, text: text, justification: justification,
                                       cosignatories: cosignatories, replaces: replaces)
            return AmendmentFolder(amendment: Amendment(number: number, round: round, draft: draft, organisation: organisation,
                                                        tabledBy: tabledBy, state: state, ruling: ruling, proposal: proposal,
                                                        outcome: outcome),
                                   votes: votes)
        }
    }
}
