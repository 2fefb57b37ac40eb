/// Encodes one object as a delta against another, in git's delta format: the
/// two sizes, then instructions that copy a range of the base or insert bytes.
///
/// A new version of a record's file or folder differs from the previous one
/// in one place (a folder's entry whose id changed, a file's status line), so
/// one common prefix and one common suffix find nearly all of what is shared,
/// in linear time, with no search.
enum DeltaEncoder {
    /// The delta that rebuilds `target` from `base`, or nil when storing the
    /// target whole would be about as small.
    static func delta(from base: UnsafeRawBufferPointer, to target: UnsafeRawBufferPointer) -> [UInt8]? {
        guard !base.isEmpty, target.count >= 64 else { return nil }
        let common = min(base.count, target.count)
        var prefix = 0
        while prefix < common && base[prefix] == target[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < common - prefix && base[base.count - 1 - suffix] == target[target.count - 1 - suffix] { suffix += 1 }
        let inserted = target.count - prefix - suffix
        guard inserted < target.count / 2 else { return nil }

        var delta: [UInt8] = []
        delta.reserveCapacity(inserted + inserted / 127 + 32)
        appendSize(base.count, to: &delta)
        appendSize(target.count, to: &delta)
        appendCopy(offset: 0, count: prefix, to: &delta)
        var start = prefix
        while start < prefix + inserted {
            let chunk = min(127, prefix + inserted - start)
            delta.append(UInt8(chunk))
            delta += UnsafeRawBufferPointer(rebasing: target[start..<(start + chunk)])
            start += chunk
        }
        appendCopy(offset: base.count - suffix, count: suffix, to: &delta)
        return delta
    }

    /// A size, little-endian 7 bits a byte, the high bit saying more follow.
    private static func appendSize(_ size: Int, to delta: inout [UInt8]) {
        var rest = size
        while rest >= 0x80 {
            delta.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        delta.append(UInt8(rest))
    }

    /// Copy instructions: a command byte whose bits say which bytes of the
    /// offset (4) and length (3) follow; zero bytes are left out.
    private static func appendCopy(offset: Int, count: Int, to delta: inout [UInt8]) {
        var offset = offset
        var remaining = count
        while remaining > 0 {
            let length = min(remaining, 0xFFFF)
            var command: UInt8 = 0x80
            var arguments: [UInt8] = []
            for byte in 0..<4 where (offset >> (8 * byte)) & 0xFF != 0 {
                command |= 1 << byte
                arguments.append(UInt8((offset >> (8 * byte)) & 0xFF))
            }
            for byte in 0..<3 where (length >> (8 * byte)) & 0xFF != 0 {
                command |= 0x10 << byte
                arguments.append(UInt8((length >> (8 * byte)) & 0xFF))
            }
            delta.append(command)
            delta += arguments
            offset += length
            remaining -= length
        }
    }
}
