import GitStore

/// Parsed record files and folders, keyed by their git ids.
///
/// A git id names contents, so a parsed value never goes stale: an action
/// re-reads only the files and folders it changed, and a long-running
/// process (a batch, a benchmark, the tests) parses each version once.
/// Shared by every snapshot of one `Record`; like the repository, not thread-safe.
final class ParseCache {
    private struct Key: Hashable {
        let id: ObjectID
        let type: ObjectIdentifier
    }

    /// Two generations: values used since the last turn, and those of the turn before. A value
    /// found in the older one moves to the recent one; at a turn the older one is dropped. Memory
    /// stays within two generations, yet what a read uses again survives a turn, where clearing
    /// everything at once would make the next read parse the whole record again.
    private var recent: [Key: Any] = [:]
    private var older: [Key: Any] = [:]
    /// Values per generation: enough for every amendment file and folder of a full-size
    /// resolution (10,000 of each), few enough that history replays (each action leaves new
    /// versions behind) do not pile up old versions.
    private let limit: Int
    /// The whole-collection values read last (see `latest`), most recent last.
    private var lastWholes: [(key: Key, value: Any)] = []
    /// How many of them are kept: a version and the one before it, for a few resolutions.
    private static let wholesKept = 4
    /// Amendment shards parsed by earlier processes (nil: kept in memory only).
    let stored: StoredShards?
    /// Texts, the roster and workflows parsed by earlier processes (nil: kept in memory only).
    let parses: StoredParses?

    /// What the long reads printed in earlier processes (nil: made every time).
    let outputs: StoredOutputs?

    init(limit: Int = 25_000, stored: StoredShards? = nil, parses: StoredParses? = nil, outputs: StoredOutputs? = nil) {
        self.limit = limit
        self.stored = stored
        self.parses = parses
        self.outputs = outputs
    }

    /// The value parsed from the object `id`, parsing it on first use.
    func value<T>(_ id: ObjectID, _ make: () throws(AccordError) -> T) throws(AccordError) -> T {
        let key = Key(id: id, type: ObjectIdentifier(T.self))
        if let cached = recent[key] as? T { return cached }
        let value: T
        if let kept = older.removeValue(forKey: key) as? T { value = kept } else { value = try make() }
        if recent.count >= limit {
            older = recent
            recent = [:]
            recent.reserveCapacity(limit)
        }
        recent[key] = value
        return value
    }

    /// A value made of a whole collection (every amendment of a resolution, in order), kept for
    /// the few versions read last rather than among the parsed files: one weighs as much as
    /// thousands of them, and a process seldom goes back to an older version (a replay moves
    /// forward, a server reads the tip), so a long-lived process that reads a new version at
    /// every vote keeps four, not thousands.
    func latest<T>(_ id: ObjectID, _ make: () throws(AccordError) -> T) throws(AccordError) -> T {
        let key = Key(id: id, type: ObjectIdentifier(T.self))
        if let index = lastWholes.firstIndex(where: { $0.key == key }), let value = lastWholes[index].value as? T {
            lastWholes.append(lastWholes.remove(at: index))
            return value
        }
        let value = try make()
        lastWholes.append((key, value))
        if lastWholes.count > Self.wholesKept { lastWholes.removeFirst() }
        return value
    }
}

/// An amendment's folder: the amendment and the votes cast on it.
struct AmendmentFolder {
    let amendment: Amendment
    let votes: [Vote]
}
