import Foundation
import GRDB

/// The server's own data — passwords, invitations, access tokens, sessions and settings — in
/// one SQLite file beside the record (`<git dir>/accord/server.sqlite`), never in the record,
/// which members clone. Passwords are kept as bcrypt hashes, tokens and invitation links as
/// SHA-256 hashes: the file holds nothing that signs anyone in.
public final class CredentialStore: Sendable {
    /// How long an invitation link stays valid.
    public static let invitationLifetime: TimeInterval = 7 * 24 * 3600
    /// The file's name in the data folder.
    public static let fileName = "server.sqlite"

    let database: DatabaseQueue

    /// Opens (creating when needed) the store in `directory`.
    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        database = try DatabaseQueue(path: path, configuration: configuration)
        // Hashes only, but still nobody else's to read.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try Self.migrator.migrate(database)
    }

    /// The schema, one named migration per change.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "password") { table in
                table.primaryKey("person", .text)
                table.column("hash", .text).notNull()
                table.column("setAt", .datetime).notNull()
            }
            try db.create(table: "invitation") { table in
                table.primaryKey("tokenHash", .text)
                table.column("person", .text).notNull().indexed()
                table.column("expiresAt", .datetime).notNull()
            }
            try db.create(table: "accessToken") { table in
                table.primaryKey("id", .text)
                table.column("tokenHash", .text).notNull().unique()
                table.column("person", .text).notNull()
                table.column("name", .text).notNull()
                table.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "keyValue") { table in
                table.primaryKey("key", .text)
                table.column("value", .blob).notNull()
                table.column("expiresAt", .double)
            }
            try db.create(table: "setting") { table in
                table.primaryKey("key", .text)
                table.column("value", .text).notNull()
            }
        }
        return migrator
    }

    // MARK: Settings

    /// A setting `serve` leaves for the other commands (`public-url`).
    public func setting(_ key: String) throws -> String? {
        try database.read { db in try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key]) }
    }

    /// Sets a setting, replacing its value.
    public func setSetting(_ key: String, _ value: String) throws {
        try database.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }

    // MARK: Invitations and passwords

    /// A new one-time invitation for `person` (a roster id), valid for seven days; earlier
    /// invitations of that person stop working. Returns the secret for the link.
    public func invite(_ person: String, now: Date = Date()) throws -> String {
        let token = Secret.make()
        try database.write { db in
            try db.execute(sql: "DELETE FROM invitation WHERE person = ?", arguments: [person])
            try db.execute(sql: "INSERT INTO invitation (tokenHash, person, expiresAt) VALUES (?, ?, ?)",
                           arguments: [TokenHash.hex(token), person, now.addingTimeInterval(Self.invitationLifetime)])
        }
        return token
    }

    /// The person an unexpired invitation is for, or nil.
    public func invitedPerson(_ token: String, now: Date = Date()) throws -> String? {
        try database.read { db in try Self.invitedPerson(db, tokenHash: TokenHash.hex(token), now: now) }
    }

    private static func invitedPerson(_ db: Database, tokenHash: String, now: Date) throws -> String? {
        try String.fetchOne(db, sql: "SELECT person FROM invitation WHERE tokenHash = ? AND expiresAt > ?", arguments: [tokenHash, now])
    }

    /// Uses up an invitation, sets its person's password hash and ends their sessions; nil when
    /// the invitation is unknown, used or expired.
    public func acceptInvitation(_ token: String, passwordHash: String, now: Date = Date()) throws -> String? {
        try database.write { db in
            let hash = TokenHash.hex(token)
            guard let person = try Self.invitedPerson(db, tokenHash: hash, now: now) else { return nil }
            try db.execute(sql: "DELETE FROM invitation WHERE tokenHash = ?", arguments: [hash])
            try db.execute(sql: "INSERT OR REPLACE INTO password (person, hash, setAt) VALUES (?, ?, ?)", arguments: [person, passwordHash, now])
            // A new password ends the person's sessions: whoever knew the old one is signed out.
            try db.execute(sql: "DELETE FROM keyValue WHERE key LIKE 'session.%' AND json_extract(CAST(value AS TEXT), '$.person') = ?",
                           arguments: [person])
            return person
        }
    }

    /// An invitation not yet used, without its secret.
    public struct PendingInvitation: Sendable, Codable, FetchableRecord {
        /// The roster id of the person invited.
        public let person: String
        /// When the link stops working.
        public let expiresAt: Date
    }

    /// The invitations not yet used nor expired at `now`, the soonest to expire first.
    public func pendingInvitations(now: Date = Date()) throws -> [PendingInvitation] {
        try database.read { db in
            try PendingInvitation.fetchAll(db, sql: "SELECT person, expiresAt FROM invitation WHERE expiresAt > ? ORDER BY expiresAt, person",
                                           arguments: [now])
        }
    }

    /// The people who have set a password, by roster id.
    public func peopleWithPasswords() throws -> Set<String> {
        try database.read { db in Set(try String.fetchAll(db, sql: "SELECT person FROM password")) }
    }

    /// The bcrypt hash of a person's password, if they set one.
    public func passwordHash(_ person: String) throws -> String? {
        try database.read { db in try String.fetchOne(db, sql: "SELECT hash FROM password WHERE person = ?", arguments: [person]) }
    }

    // MARK: Access tokens

    /// A token the API accepts as `Authorization: Bearer TOKEN`; shown once, kept as a hash.
    public struct CreatedToken: Sendable {
        /// The token's public id, to revoke it.
        public let id: String
        /// The secret itself: `accord_<id>_<secret>`.
        public let token: String
    }

    /// A token's listing, without its secret.
    public struct TokenInfo: Sendable, Codable, FetchableRecord {
        public let id: String, person: String, name: String, createdAt: Date
    }

    /// A new access token for `person` (a roster id); only its hash is kept.
    public func createToken(for person: String, name: String, now: Date = Date()) throws -> CreatedToken {
        // Eight hexadecimal digits: no `_`, so the id reads back out of the token.
        let id = String(format: "%08x", UInt32.random(in: .min ... .max))
        let token = "accord_\(id)_\(Secret.make())"
        try database.write { db in
            try db.execute(sql: "INSERT INTO accessToken (id, tokenHash, person, name, createdAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, TokenHash.hex(token), person, name, now])
        }
        return CreatedToken(id: id, token: token)
    }

    /// Revokes a token by id; false when there is none.
    public func revokeToken(_ id: String) throws -> Bool {
        try database.write { db in
            try db.execute(sql: "DELETE FROM accessToken WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Revokes a token of `person` by id; false when that person has no such token, so that
    /// nobody revokes another person's token by guessing its id.
    public func revokeToken(_ id: String, of person: String) throws -> Bool {
        try database.write { db in
            try db.execute(sql: "DELETE FROM accessToken WHERE id = ? AND person = ?", arguments: [id, person])
            return db.changesCount > 0
        }
    }

    /// The tokens of one person, oldest first.
    public func tokens(of person: String) throws -> [TokenInfo] {
        try database.read { db in
            try TokenInfo.fetchAll(db, sql: "SELECT id, person, name, createdAt FROM accessToken WHERE person = ? ORDER BY createdAt, id",
                                   arguments: [person])
        }
    }

    /// Every token, by person, oldest first.
    public func tokens() throws -> [TokenInfo] {
        try database.read { db in
            try TokenInfo.fetchAll(db, sql: "SELECT id, person, name, createdAt FROM accessToken ORDER BY person, createdAt, id")
        }
    }

    /// The id within a token (`accord_<id>_<secret>`), or the text itself when it is an id.
    public static func tokenID(_ text: String) -> String {
        guard text.hasPrefix("accord_") else { return text }
        return String(text.dropFirst("accord_".count).prefix { $0 != "_" })
    }

    /// The person a token signs in, or nil.
    public func tokenPerson(_ token: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT person FROM accessToken WHERE tokenHash = ?", arguments: [TokenHash.hex(token)])
        }
    }
}
