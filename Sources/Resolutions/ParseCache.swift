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

    private var values: [Key: Any] = [:]
    /// Past this many entries the cache starts again, so that memory stays bounded.
    private let limit = 100_000

    /// The value parsed from the object `id`, parsing it on first use.
    func value<T>(_ id: ObjectID, _ make: () throws(AccordError) -> T) throws(AccordError) -> T {
        let key = Key(id: id, type: ObjectIdentifier(T.self))
        if let cached = values[key] as? T { return cached }
        let value = try make()
        if values.count >= limit { values.removeAll(keepingCapacity: true) }
        values[key] = value
        return value
    }
}

/// An amendment's folder: the amendment and the votes cast on it.
struct AmendmentFolder {
    let amendment: Amendment
    let votes: [Vote]
}
