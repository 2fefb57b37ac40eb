internal import CLibGit2

/// The id of a git object (a SHA-1), copied out of libgit2 so it can travel anywhere.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 40 lower-case hexadecimal digits.
    public let hex: String

    /// Accepts exactly 40 hexadecimal digits; use `Repository.resolve` for
    /// abbreviated ids and revision expressions.
    public init?(hex: String) {
        _ = LibGit2.ready // libgit2 records a refusal in its per-thread state
        var oid = git_oid()
        guard hex.utf8.count == 40, git_oid_fromstr(&oid, hex) == 0 else { return nil }
        self.hex = hex.lowercased()
    }

    init(_ oid: git_oid) {
        var copy = oid
        self.hex = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 41) { buffer in
            String(cString: git_oid_tostr(buffer.baseAddress, 41, &copy))
        }
    }

    var raw: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }

    /// The id git gives a file with these bytes (`git hash-object`), worked out by libgit2.
    public static func ofFile(_ bytes: [UInt8]) -> ObjectID {
        _ = LibGit2.ready
        var oid = git_oid()
        _ = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return ObjectID(oid)
    }

    /// The first seven digits, as `git log --oneline` shows them.
    public var short: String { String(hex.prefix(7)) }
    /// The full hexadecimal id, as git prints it.
    public var description: String { hex }
    /// Orders ids by their hexadecimal text, for stable sorted output.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool { lhs.hex < rhs.hex }
}
