import Foundation

/// A pack's index (version 2, as git and libgit2 write it): which objects the
/// pack holds, where each starts, and the CRC-32 of each entry.
struct PackIndex {
    /// In the index's order: by id.
    let entries: [PackWriter.Entry]
    var ids: [RawObjectID] { entries.map(\.id) }

    /// Whether an object is in two of `indexes`. Each lists its ids in order, so one merge
    /// pass finds a repeat; a set of every id of a large merge would hold tens of megabytes.
    /// - Complexity: O(*n* × *k*) for *n* ids in *k* indexes (a merge takes a few).
    static func shareAnObject(_ indexes: [PackIndex]) -> Bool {
        var next = [Int](repeating: 0, count: indexes.count)
        var previous: RawObjectID?
        while true {
            var smallest: Int?
            for (which, index) in indexes.enumerated() where next[which] < index.entries.count {
                if let best = smallest, indexes[best].entries[next[best]].id <= index.entries[next[which]].id { continue }
                smallest = which
            }
            guard let which = smallest else { return false }
            let id = indexes[which].entries[next[which]].id
            if id == previous { return true }
            previous = id
            next[which] += 1
        }
    }

    /// Every entry of the index file at `path`.
    init(path: String) throws(GitError) {
        // Mapped, not read: a merge reads the index of every pack it merges.
        entries = try MappedPackIndex(path: path).entries()
    }
}

/// The ids of a pack's index, searched in the mapped file itself: opening even the index of
/// a million objects parses nothing, and a lookup reads a few of its pages.
struct MappedPackIndex {
    private let data: Data
    private let path: String

    init(path: String) throws(GitError) {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped),
              data.count >= 8 + 1024 + 40 else {
            throw GitError(.other, function: "MappedPackIndex", message: "cannot read the pack index ‘\(path)’")
        }
        let valid = data.withUnsafeBytes { bytes in
            func word(_ at: Int) -> UInt32 { UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            guard word(0) == 0xFF74_4F63, word(4) == 2 else { return false }
            // The fan-out table only grows, up to the count, and the ids it counts are all there.
            var previous: UInt32 = 0
            for byte in 0..<256 {
                let count = word(8 + byte * 4)
                if count < previous { return false }
                previous = count
            }
            return bytes.count >= 8 + 1024 + Int(previous) * 28 + 40
        }
        guard valid else {
            throw GitError(.other, function: "MappedPackIndex", message: "‘\(path)’ is not a whole version 2 pack index")
        }
        self.data = data
        self.path = path
    }

    /// Every entry, in the index's order (by id), with its offset in the pack and its CRC-32.
    func entries() throws(GitError) -> [PackWriter.Entry] {
        try data.withUnsafeBytes { bytes in Result { () throws(GitError) in
            func word(_ at: Int) -> UInt32 { UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
            func truncated() -> GitError { GitError(.other, function: "PackIndex", message: "the pack index ‘\(path)’ is truncated") }
            let count = Int(word(8 + 255 * 4))
            let ids = 8 + 1024, crcs = ids + count * 20, offsets = crcs + count * 4, large = offsets + count * 4
            guard bytes.count >= large + 40 else { throw truncated() }
            var result: [PackWriter.Entry] = []
            result.reserveCapacity(count)
            for index in 0..<count {
                var offset = Int(word(offsets + index * 4))
                if offset & 0x8000_0000 != 0 {
                    let at = large + (offset & 0x7FFF_FFFF) * 8
                    guard bytes.count >= at + 8 + 40 else { throw truncated() }
                    offset = Int(UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)))
                }
                let id = RawObjectID(bytes: UnsafeRawBufferPointer(rebasing: bytes[(ids + index * 20)...]))
                result.append(PackWriter.Entry(id: id, offset: offset, crc: word(crcs + index * 4)))
            }
            return result
        } }.get()
    }

    /// Whether the pack holds `id`: the fan-out table bounds the ids sharing its first byte,
    /// which are searched by halves.
    func contains(_ id: RawObjectID) -> Bool {
        data.withUnsafeBytes { bytes in
            func fanOut(_ byte: Int) -> Int { Int(UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: 8 + byte * 4, as: UInt32.self))) }
            let first = Int(id.firstByte)
            var low = first == 0 ? 0 : fanOut(first - 1)
            var high = fanOut(first)
            while low < high {
                let middle = (low + high) / 2
                let found = RawObjectID(bytes: UnsafeRawBufferPointer(rebasing: bytes[(8 + 1024 + middle * 20)...]))
                if found == id { return true }
                if found < id { low = middle + 1 } else { high = middle }
            }
            return false
        }
    }
}
