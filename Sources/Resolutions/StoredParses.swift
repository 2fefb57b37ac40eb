import Foundation
import GitStore

/// Record files parsed by earlier processes — a resolution's text, the roster, the workflows —
/// kept one file per record path under the git directory (`<gitdir>/accord/cache/<path>.parsed`),
/// so that a command run in a new process does not parse again what has not changed.
///
/// A parsed 1,000-provision text takes about 16 ms to parse and under a millisecond to load;
/// the roster and a workflow (parsed with Yams) a few milliseconds each.
///
/// Each file holds the id of the blob it was parsed from, and is used only for a blob with
/// that id: it can be missing or hold another version (the last one parsed), never stale.
/// A file that cannot be read (damaged, cut short, of another kind or format) is ignored and
/// written again (see `CacheFolder`).
final class StoredParses {
    let cache: CacheFolder

    init(gitDirectory: String) {
        cache = CacheFolder(gitDirectory: gitDirectory)
    }

    /// The value stored for the record file at `path`, if it was parsed from the blob `id`.
    func load<T>(_ path: String, id: ObjectID, as codec: ParsedCodec<T>) -> T? {
        guard let file = file(path), let data = FileManager.default.contents(atPath: file) else { return nil }
        return try? ParsedFile.decode(data, kind: codec.kind, id: id, codec.decode)
    }

    /// Stores the value parsed from the blob `id` of the record file at `path`, replacing what
    /// was stored for that path; failures are ignored (the next process parses again).
    func save<T>(_ value: T, of path: String, id: ObjectID, as codec: ParsedCodec<T>) {
        guard let file = file(path) else { return }
        cache.replace(file, with: ParsedFile.encode(kind: codec.kind, id: id) { writer in codec.encode(value, &writer) })
    }

    /// `resolutions/pact-2026/text.md` → `<folder>/resolutions.pact-2026.text.md.parsed`; nil for
    /// a path with anything but letters, digits, `-`, `_`, `.` and `/`, or a part starting with `.`
    /// (never a name to trust).
    func file(_ path: String) -> String? {
        guard !path.contains("/.") else { return nil }
        return cache.file(path.replacingOccurrences(of: "/", with: ".") + ".parsed")
    }
}

/// How one kind of parsed value is written to and read from a stored-parse file.
struct ParsedCodec<T>: Sendable {
    /// Written in the file and checked on reading, so that a file never decodes as another kind.
    let kind: UInt8
    let encode: @Sendable (T, inout ParsedFile.Writer) -> Void
    let decode: @Sendable (inout ParsedFile.Reader) throws(ParsedFile.Damaged) -> T
}
