import Foundation

/// What `accord serve` was told: where to listen, the record, where its own data lives.
public struct ServerConfiguration: Sendable {
    /// The address to listen on; 127.0.0.1 unless a proxy on another host forwards to it.
    public var host = "127.0.0.1"
    /// The port; 0 for any free one (tests).
    public var port = 8080
    /// The address people use (e.g. `https://accord.example.org`), for invitation links and
    /// for `Secure` cookies when it is https.
    public var publicURL: String?
    /// The record's git folder.
    public var gitDirectory: String
    /// Where `server.sqlite` lives; `<git dir>/accord` by default.
    public var dataDirectory: String?
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client.
    public var trustedProxies: Set<String> = []
    /// "Now" for actions (deadlines and commit times): `$ACCORD_NOW` or the clock.
    public var now: @Sendable () -> Date = { Date() }
    /// The bcrypt cost of stored passwords (2^cost rounds); never below 12.
    public var bcryptCost: UInt8 = 12
    /// When failed sign-ins make the server wait.
    public var throttle = ThrottlePolicy()
    /// How long a cookie session lasts without use.
    public var sessionLifetime: Duration = .seconds(12 * 3600)

    public init(gitDirectory: String) {
        self.gitDirectory = gitDirectory
    }

    /// The folder of `server.sqlite`.
    public var resolvedDataDirectory: String {
        dataDirectory ?? (gitDirectory as NSString).appendingPathComponent("accord")
    }

    /// Whether cookies must be `Secure` (the public address is https).
    public var securesCookies: Bool { publicURL?.lowercased().hasPrefix("https://") == true }

    /// The setting under which `serve` leaves its public URL for `accord invite`.
    public static let publicURLSetting = "public-url"
}
