import Crypto
import Foundation

/// How tokens and invitation links are kept: as SHA-256 digests (swift-crypto), never as given.
///
/// Tokens carry 256 random bits, so a fast hash stores them safely (unlike passwords, which
/// take bcrypt).
enum TokenHash {
    /// The digest of `token`'s UTF-8 bytes, as 64 lower-case hexadecimal digits.
    static func hex(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Session ids, CSRF tokens, access tokens and invitation links.
enum Secret {
    /// `bytes` random bytes from the system's secure generator, as URL-safe base64 without padding.
    static func make(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return random.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Compares two secrets in time that does not depend on where they differ.
    static func equal(_ left: String, _ right: String) -> Bool {
        let (a, b) = (Array(left.utf8), Array(right.utf8))
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
