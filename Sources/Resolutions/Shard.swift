/// Spreads a large collection of record files over 256 folders, as git spreads its
/// loose objects over `objects/00` … `objects/ff`.
///
/// git rewrites a whole tree object whenever one entry changes, so one folder
/// of 10,000 files costs a ~400 KB tree per commit; sharded, a commit rewrites
/// the root, a ~40-entry folder and the file. The folder comes from a hash of
/// the key rather than its first characters, because ids such as `A-0001`,
/// `A-0002` share their prefix and would all land in one folder.
///
/// Stable forever: the hash is FNV-1a over the key's UTF-8 bytes, which does
/// not depend on the platform or the process (unlike Swift's `Hasher`), so a
/// record written today is found by every later version.
public enum Shard {
    /// The two lower-case hexadecimal digits naming the folder of `key`.
    public static func folder(for key: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in key.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        // Fold all four bytes in: FNV's low byte alone spreads short keys less evenly.
        let folded = UInt8(truncatingIfNeeded: hash ^ (hash >> 8) ^ (hash >> 16) ^ (hash >> 24))
        return names[Int(folded)]
    }

    /// The 256 folder names, made once: a tally names ten thousand paths.
    private static let names: [String] = {
        let digits = Array("0123456789abcdef".utf8)
        return (0...255).map { String(decoding: [digits[$0 >> 4], digits[$0 & 0x0f]], as: UTF8.self) }
    }()

    /// `<collection>/<2 hex digits>/<key><suffix>`, e.g.
    /// `path(for: "A-12", in: "amendments", suffix: ".yml")` is `amendments/3f/A-12.yml`.
    ///
    /// `key` must be one path component (no `/`); `commit` refuses any path that is not valid.
    public static func path(for key: String, in collection: String, suffix: String = "") -> String {
        // Grown once: a tally names ten thousand paths.
        var path = ""
        path.reserveCapacity(collection.utf8.count + key.utf8.count + suffix.utf8.count + 5)
        if !collection.isEmpty {
            path += collection
            path += "/"
        }
        path += folder(for: key)
        path += "/"
        path += key
        path += suffix
        return path
    }
}
