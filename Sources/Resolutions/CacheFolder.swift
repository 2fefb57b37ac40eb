import Foundation

/// Where commands keep what they parsed or printed for the next process (`<gitdir>/accord/cache`),
/// and the one way a file is written there.
///
/// The files are a cache, not part of the record: each is written to a temporary file and renamed
/// into place, so that a reader sees a whole file, old or new, whatever other processes do; none
/// is flushed to disk, since losing one costs only a parse.
struct CacheFolder: Sendable {
    let path: String

    init(gitDirectory: String) {
        let base = gitDirectory.hasSuffix("/") ? String(gitDirectory.dropLast()) : gitDirectory
        path = base + "/accord/cache"
    }

    /// `<folder>/<name>`; nil for a name that does not start with a letter, digit, `-` or `_`, or
    /// that holds anything but those and `.` (never a name to trust).
    func file(_ name: String) -> String? {
        guard !name.isEmpty, !name.hasPrefix("."),
              name.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
                  || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                  || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return "\(path)/\(name)"
    }

    /// Replaces `file` with `parts`, one after the other, never copied into one buffer; failures
    /// are ignored (a read-only record, a full disk): the next process makes the file again.
    func replace(_ file: String, with parts: Data...) {
        let temporary = "\(path)/.\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                  let handle = FileHandle(forWritingAtPath: temporary) else { return }
            defer { try? handle.close() }
            for part in parts { try handle.write(contentsOf: part) }
            if rename(temporary, file) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }
}
