import Foundation
import GRDB
import Hummingbird

/// Hummingbird's key-value storage (`PersistDriver`) in the server's SQLite file, so that
/// sessions survive a restart. Values are stored as JSON; an expired value reads as absent and
/// is removed at the next write.
public struct SQLitePersistDriver: PersistDriver {
    let store: CredentialStore

    /// A driver keeping its values in `store`'s file.
    public init(store: CredentialStore) {
        self.store = store
    }

    public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let now = Date().timeIntervalSince1970
        try await store.database.write { db in
            try Self.removeExpired(db, now: now)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM keyValue WHERE key = ?", arguments: [key]) != nil { throw PersistError.duplicate }
            try db.execute(sql: "INSERT INTO keyValue (key, value, expiresAt) VALUES (?, ?, ?)",
                           arguments: [key, data, expires.map { now + Self.seconds($0) }])
        }
    }

    public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let data = try JSONEncoder().encode(value)
        let now = Date().timeIntervalSince1970
        try await store.database.write { db in
            try Self.removeExpired(db, now: now)
            if let expires {
                try db.execute(sql: "INSERT OR REPLACE INTO keyValue (key, value, expiresAt) VALUES (?, ?, ?)",
                               arguments: [key, data, now + Self.seconds(expires)])
            } else {
                // Like the memory driver: a value set without an expiry keeps the one it had.
                try db.execute(sql: """
                    INSERT INTO keyValue (key, value, expiresAt) VALUES (?, ?, NULL)
                    ON CONFLICT(key) DO UPDATE SET value = excluded.value
                    """, arguments: [key, data])
            }
        }
    }

    public func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    public func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        let now = Date().timeIntervalSince1970
        let found: (value: Data, expiresAt: Double?)? = try await store.database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT value, expiresAt FROM keyValue WHERE key = ? AND (expiresAt IS NULL OR expiresAt > ?)",
                                             arguments: [key, now]) else { return nil }
            return (row["value"], row["expiresAt"])
        }
        guard let (data, expiresAt) = found else { return nil }
        let object: Object
        do { object = try JSONDecoder().decode(type, from: data) } catch { throw PersistError.invalidConversion }
        return (object, expiresAt.map { .milliseconds(Int64(($0 - now) * 1000)) })
    }

    public func remove(key: String) async throws {
        try await store.database.write { db in try db.execute(sql: "DELETE FROM keyValue WHERE key = ?", arguments: [key]) }
    }

    /// Removes the values expired at `now`: each write sweeps them, so that none piles up.
    private static func removeExpired(_ db: Database, now: Double) throws {
        try db.execute(sql: "DELETE FROM keyValue WHERE expiresAt IS NOT NULL AND expiresAt <= ?", arguments: [now])
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
