import Foundation
internal import CLibGit2

/// A git object id as its 20 bytes: cheap to hash and ordered as git orders
/// ids (byte by byte), for the tables of the pack writer and pack indexes.
struct RawObjectID: Hashable, Comparable {
    let high: UInt64
    let middle: UInt64
    let low: UInt32

    init(_ oid: git_oid) {
        var copy = oid
        self = withUnsafeBytes(of: &copy.id) { RawObjectID(bytes: $0) }
    }

    /// Reads the id from the first 20 bytes of `bytes`.
    init(bytes: UnsafeRawBufferPointer) {
        high = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        middle = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        low = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
    }

    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { bytes in
            bytes.storeBytes(of: high.bigEndian, toByteOffset: 0, as: UInt64.self)
            bytes.storeBytes(of: middle.bigEndian, toByteOffset: 8, as: UInt64.self)
            bytes.storeBytes(of: low.bigEndian, toByteOffset: 16, as: UInt32.self)
        }
        return oid
    }

    var objectID: ObjectID { ObjectID(oid) }

    /// The first byte, which picks the id's slot in an index's fan-out table.
    var firstByte: Int { Int(high >> 56) }

    func append(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(high)
        buffer.appendBigEndian(middle)
        buffer.appendBigEndian(low)
    }

    static func < (lhs: RawObjectID, rhs: RawObjectID) -> Bool {
        (lhs.high, lhs.middle, lhs.low) < (rhs.high, rhs.middle, rhs.low)
    }
}

/// Writes one pack and its index in git's own formats (pack version 2, index
/// version 2), as `git pack-objects` and `git index-pack` would.
///
/// Why not libgit2's packbuilder: it looks for deltas by comparing every object
/// with its ten neighbours (most of a flush's time, measured), and it cannot copy
/// the entries of existing packs. Accord knows each object's best base, the
/// next version of the same path, from the commits themselves (`Repository+Packing`),
/// and merging packs can copy their entries unchanged.
///
/// The pack is written to a temporary file and renamed into place, then its
/// index: git and libgit2 ignore a pack until its index exists, so a crash at
/// any point leaves no half-written pack in use.
final class PackWriter {
    /// One object of the pack, as its index lists it.
    struct Entry {
        let id: RawObjectID
        let offset: Int
        let crc: UInt32
    }

    /// Objects whose delta chains are longer are stored whole, as git's `pack.depth` does.
    static let maximumDepth = 50

    private let folder: String
    private let temporaryPath: String
    private var descriptor: Int32
    /// The pack's checksum so far (see the shim's SHA-1).
    private let hash: OpaquePointer
    /// zlib's fastest level, for files, commits and deltas.
    private var stream = z_stream()
    /// No compression, for folders whose whole versions are stored: their ids
    /// do not compress, and zlib spends 20 times longer on them to save a fifth.
    private var storing = z_stream()
    /// Bytes appended but not yet hashed and written.
    private var pending: [UInt8] = []
    private var compressed: [UInt8] = []
    private let objectCount: Int
    private(set) var entries: [Entry] = []
    /// The pack's length so far: where the next entry starts.
    private(set) var size = 0
    private var finished = false

    /// Whether each file, and the folder, is flushed to disk before `finish` returns.
    private let durable: Bool

    /// Starts a pack of exactly `objectCount` objects in `folder` (`objects/pack`).
    ///
    /// A `durable` pack is flushed file by file, which costs only its own bytes;
    /// otherwise the caller makes it durable, e.g. with one `syncfs` for a
    /// commit's pack and its ref together.
    init(folder: String, objectCount: Int, durable: Bool) throws(GitError) {
        self.folder = folder
        self.durable = durable
        self.objectCount = objectCount
        let hash = try Repository.newSHA1()
        self.hash = hash
        var template = Array("\(folder)/tmp_pack_XXXXXX".utf8CString)
        descriptor = mkstemp(&template)
        guard descriptor >= 0 else {
            accord_sha1_free(hash)
            throw GitError(.notWritable, function: "PackWriter",
                           message: "cannot create a pack in ‘\(folder)’: \(String(cString: strerror(errno)))")
        }
        temporaryPath = Self.path(template)
        // Read-only, as git leaves its packs (mkstemp makes files private to their owner).
        fchmod(descriptor, 0o444)
        _ = accord_deflate_init(&stream, Z_BEST_SPEED, 8)
        _ = accord_deflate_init(&storing, Z_NO_COMPRESSION, 1)
        entries.reserveCapacity(objectCount)
        pending.reserveCapacity(1 << 20)
        pending += Array("PACK".utf8)
        pending.appendBigEndian(UInt32(2))
        pending.appendBigEndian(UInt32(objectCount))
        size = pending.count
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
        if !finished { unlink(temporaryPath) }
        deflateEnd(&stream)
        deflateEnd(&storing)
        accord_sha1_free(hash)
    }

    /// Appends an object stored whole; returns its offset, a later delta's base.
    @discardableResult
    func addWhole(_ id: RawObjectID, type: git_object_t, data: UnsafeRawBufferPointer) throws(GitError) -> Int {
        try addEntry(id, typeCode: Int(type.rawValue), baseDistance: nil, data: data)
    }

    /// Appends an object stored as `delta` against the entry at `baseOffset`
    /// (an `OFS_DELTA`, whose base must come earlier in the same pack).
    @discardableResult
    func addDelta(_ id: RawObjectID, baseOffset: Int, delta: [UInt8]) throws(GitError) -> Int {
        let distance = size - baseOffset
        return try delta.withUnsafeBytes { bytes in
            Result { () throws(GitError) in
                try addEntry(id, typeCode: Int(GIT_OBJECT_OFS_DELTA.rawValue), baseDistance: distance, data: bytes)
            }
        }.get()
    }

    private func addEntry(_ id: RawObjectID, typeCode: Int, baseDistance: Int?, data: UnsafeRawBufferPointer) throws(GitError) -> Int {
        let offset = size
        var header: [UInt8] = []
        // Type and inflated size: 3 bits of type, then the size 4 bits, then 7 bits a byte.
        var length = data.count
        var byte = UInt8(typeCode << 4) | UInt8(length & 0x0F)
        length >>= 4
        while length > 0 {
            header.append(byte | 0x80)
            byte = UInt8(length & 0x7F)
            length >>= 7
        }
        header.append(byte)
        if let distance = baseDistance {
            // The distance back to the base, big-endian 7 bits a byte, each
            // continuation adding one (so that no distance has two encodings).
            var rest = distance
            var encoded = [UInt8(rest & 0x7F)]
            rest >>= 7
            while rest > 0 {
                rest -= 1
                encoded.append(0x80 | UInt8(rest & 0x7F))
                rest >>= 7
            }
            header += encoded.reversed()
        }
        let bound = Int(deflateBound(&stream, uLong(data.count)))
        if compressed.count < bound { compressed = [UInt8](repeating: 0, count: bound) }
        var produced = 0
        let store = typeCode == Int(GIT_OBJECT_TREE.rawValue)
        let code = compressed.withUnsafeMutableBytes { output in
            store ? accord_deflate(&storing, data.baseAddress, data.count, output.baseAddress, output.count, &produced)
                : accord_deflate(&stream, data.baseAddress, data.count, output.baseAddress, output.count, &produced)
        }
        guard code == Z_OK else {
            throw GitError(.other, code: code, function: "deflate", message: "compressing an object for a pack failed (zlib \(code))")
        }
        var crc = header.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        crc = compressed.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt(produced)) }
        entries.append(Entry(id: id, offset: offset, crc: UInt32(crc)))
        pending += header
        pending += compressed[0..<produced]
        size += header.count + produced
        if pending.count >= 1 << 20 { try writePending() }
        return offset
    }

    /// Copies every entry of an existing pack unchanged, as git reuses them.
    ///
    /// A delta's base is named by its distance back (or by id), and a pack's
    /// entries move together, so the copies stay valid; only the index's
    /// offsets shift. The source pack must be complete in itself, as packs on
    /// disk are.
    func copyEntries(ofPack packPath: String, index: PackIndex) throws(GitError) {
        guard let file = FileHandle(forReadingAtPath: packPath) else {
            throw GitError(.other, function: "PackWriter", message: "cannot read the pack ‘\(packPath)’")
        }
        defer { try? file.close() }
        let length = Int((try? file.seekToEnd()) ?? 0)
        guard length >= 32 else {
            throw GitError(.other, function: "PackWriter", message: "the pack ‘\(packPath)’ is truncated")
        }
        let shift = size - 12
        for entry in index.entries {
            entries.append(Entry(id: entry.id, offset: entry.offset + shift, crc: entry.crc))
        }
        // Everything between the 12-byte header and the 20-byte trailer.
        try? file.seek(toOffset: 12)
        var remaining = length - 32
        while remaining > 0 {
            let chunk = (try? file.read(upToCount: min(remaining, 1 << 20))) ?? Data()
            guard !chunk.isEmpty else {
                throw GitError(.other, function: "PackWriter", message: "the pack ‘\(packPath)’ ended early")
            }
            try writePending()
            try write(chunk.withUnsafeBytes { Array($0) })
            remaining -= chunk.count
            size += chunk.count
        }
    }

    /// Completes the pack, renames it into place, then writes its index.
    /// - Returns: the pack's name, `pack-<checksum>`.
    func finish() throws(GitError) -> String {
        guard entries.count == objectCount else {
            throw GitError(.other, function: "PackWriter", message: "a pack announced \(objectCount) objects but holds \(entries.count)")
        }
        try writePending()
        var checksum = [UInt8](repeating: 0, count: 20)
        accord_sha1_finish(hash, &checksum)
        try write(checksum)
        try sync(descriptor)
        close(descriptor)
        descriptor = -1
        let digits = Array("0123456789abcdef".utf8)
        let name = "pack-" + String(decoding: checksum.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
        try rename(temporaryPath, to: "\(folder)/\(name).pack")
        finished = true
        try writeIndex(name: name, checksum: checksum)
        return name
    }

    /// The version 2 index: a fan-out table by first byte, the sorted ids, their
    /// CRC-32s, their offsets (past 2 GiB in a second table), and checksums.
    private func writeIndex(name: String, checksum: [UInt8]) throws(GitError) {
        // In place: a merged pack's entries run to hundreds of thousands, and the pack is done with their order.
        entries.sort { $0.id < $1.id }
        var index: [UInt8] = [0xFF, 0x74, 0x4F, 0x63, 0, 0, 0, 2]
        index.reserveCapacity(8 + 1024 + entries.count * 28 + 40)
        var counts = [UInt32](repeating: 0, count: 256)
        for entry in entries { counts[entry.id.firstByte] += 1 }
        var running: UInt32 = 0
        for count in counts {
            running += count
            index.appendBigEndian(running)
        }
        for entry in entries { entry.id.append(to: &index) }
        for entry in entries { index.appendBigEndian(entry.crc) }
        var large: [UInt64] = []
        for entry in entries {
            if entry.offset < 0x8000_0000 {
                index.appendBigEndian(UInt32(entry.offset))
            } else {
                index.appendBigEndian(0x8000_0000 | UInt32(large.count))
                large.append(UInt64(entry.offset))
            }
        }
        for offset in large { index.appendBigEndian(offset) }
        index += checksum
        var indexChecksum = [UInt8](repeating: 0, count: 20)
        accord_sha1_restart(hash)
        accord_sha1_update(hash, index, index.count)
        accord_sha1_finish(hash, &indexChecksum)
        index += indexChecksum

        var template = Array("\(folder)/tmp_idx_XXXXXX".utf8CString)
        // A unique name: two writers that merge the same packs write the same index.
        let file = mkstemp(&template)
        guard file >= 0 else {
            throw GitError(.notWritable, function: "PackWriter", message: "cannot write a pack index in ‘\(folder)’: \(String(cString: strerror(errno)))")
        }
        let temporary = Self.path(template)
        fchmod(file, 0o444)
        defer { close(file) }
        try Self.write(index, to: file, path: temporary)
        try sync(file)
        try rename(temporary, to: "\(folder)/\(name).idx")
        if durable {
            // The renames themselves.
            let directory = open(folder, O_RDONLY)
            defer { close(directory) }
            try sync(directory)
        }
    }

    private static func path(_ template: [CChar]) -> String {
        String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func sync(_ file: Int32) throws(GitError) {
        guard durable else { return }
        guard fsync(file) == 0 else {
            throw GitError(.other, function: "fsync", message: "flushing a pack to disk failed: \(String(cString: strerror(errno)))")
        }
    }

    private func writePending() throws(GitError) {
        guard !pending.isEmpty else { return }
        try write(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Hashes and writes `bytes` to the pack file.
    private func write(_ bytes: [UInt8]) throws(GitError) {
        accord_sha1_update(hash, bytes, bytes.count)
        try Self.write(bytes, to: descriptor, path: temporaryPath)
    }

    private static func write(_ bytes: [UInt8], to file: Int32, path: String) throws(GitError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Foundation.write(file, $0.baseAddress! + written, $0.count - written) }
            guard result > 0 else {
                throw GitError(.notWritable, function: "write", message: "writing ‘\(path)’ failed: \(String(cString: strerror(errno)))")
            }
            written += result
        }
    }

    private func rename(_ from: String, to destination: String) throws(GitError) {
        guard Foundation.rename(from, destination) == 0 else {
            throw GitError(.notWritable, function: "rename", message: "cannot move ‘\(from)’ to ‘\(destination)’: \(String(cString: strerror(errno)))")
        }
    }
}

extension [UInt8] {
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}
