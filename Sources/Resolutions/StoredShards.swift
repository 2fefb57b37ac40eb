import Foundation
import GitStore

/// Amendment folders parsed by earlier processes, kept in one file per resolution under
/// the git directory (`<gitdir>/accord/cache/<resolution>.amendments`), so that a command
/// run in a new process parses only the amendment shards that changed since.
///
/// Entries are keyed by shard tree ids (`amendments/3f/`), which name contents: an entry can
/// be missing, never stale. A file that cannot be read (damaged, cut short, from another
/// format) is ignored and rewritten (see `CacheFolder`).
final class StoredShards {
    let cache: CacheFolder

    init(gitDirectory: String) {
        cache = CacheFolder(gitDirectory: gitDirectory)
    }

    /// The folders of each shard of a resolution as last stored, by shard tree id; empty
    /// when there is no usable file.
    func load(_ resolution: String) -> [ObjectID: [AmendmentFolder]] {
        guard let path = path(resolution), let data = FileManager.default.contents(atPath: path) else { return [:] }
        return (try? ShardFile.decode(data)) ?? [:]
    }

    /// Replaces the stored shards of a resolution with these; failures are ignored.
    func save(_ shards: [(id: ObjectID, folders: [AmendmentFolder])], of resolution: String) {
        guard let path = path(resolution) else { return }
        cache.replace(path, with: ShardFile.encode(shards))
    }

    /// The cache file of a resolution; nil for an id that is not a plain file name.
    func path(_ resolution: String) -> String? {
        cache.file("\(resolution).amendments")
    }
}
