import Foundation
import GitStore

/// Amendment folders parsed by earlier processes, kept in one file per resolution under
/// the git directory (`<gitdir>/accord/cache/<resolution>.amendments`), so that a command
/// run in a new process parses only the amendment shards that changed since.
///
/// Entries are keyed by shard tree ids (`amendments/3f/`), which name contents: an entry can
/// be missing, never stale. The file is a cache, not part of the record: one that cannot be
/// read (damaged, cut short, from another format) is ignored and rewritten. It is written to
/// a temporary file and renamed into place, so a reader sees a whole file, old or new,
/// whatever other processes do; it is not flushed to disk, since losing it costs only a parse.
final class StoredShards {
    /// The folder of the cache files.
    let folder: String

    init(gitDirectory: String) {
        let base = gitDirectory.hasSuffix("/") ? String(gitDirectory.dropLast()) : gitDirectory
        folder = base + "/accord/cache"
    }

    /// The folders of each shard of a resolution as last stored, by shard tree id; empty
    /// when there is no usable file.
    func load(_ resolution: String) -> [ObjectID: [AmendmentFolder]] {
        guard let path = path(resolution), let data = FileManager.default.contents(atPath: path) else { return [:] }
        return (try? ShardFile.decode(data)) ?? [:]
    }

    /// Replaces the stored shards of a resolution with these; failures are ignored (a
    /// read-only record, a full disk): the next process parses again.
    func save(_ shards: [(id: ObjectID, folders: [AmendmentFolder])], of resolution: String) {
        guard let path = path(resolution) else { return }
        let data = ShardFile.encode(shards)
        let temporary = "\(folder)/.\(resolution).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
            if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
        }
    }

    /// The cache file of a resolution; nil for an id that is not a plain file name.
    func path(_ resolution: String) -> String? {
        guard !resolution.isEmpty, !resolution.hasPrefix("."),
              resolution.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
                  || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                  || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return "\(folder)/\(resolution).amendments"
    }
}
