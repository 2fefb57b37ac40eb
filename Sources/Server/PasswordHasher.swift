import HummingbirdBcrypt
import NIOPosix

/// bcrypt off the request threads: a check at cost 12 takes a quarter of a second of CPU, and
/// Swift's concurrency pool has one thread per core, which a few sign-ins at once would hold.
enum PasswordHasher {
    static func hash(_ password: String, cost: UInt8) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
