import Hummingbird
import NIOCore
import Resolutions

/// How a request proved who sends it.
public enum Credential: Sendable, Equatable {
    /// A cookie session: state-changing requests must carry its CSRF token.
    case session(id: String, csrfToken: String)
    /// `Authorization: Bearer TOKEN` (scripts): no CSRF token, since no browser sends it by itself.
    case token
}

/// The request context of every route: the authenticated person (set by
/// `AuthenticationMiddleware`) and the address the request came from.
public struct AccordRequestContext: RequestContext {
    /// Hummingbird's own part of the context.
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person, from the roster at the tip of the record.
    public var person: Person?
    /// How the person signed in.
    public var credential: Credential?
    /// The peer's IP address (before any `X-Forwarded-For` is taken into account).
    public let peerAddress: String?

    /// The context of a new request: nobody signed in yet.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The signed-in person, or a 401.
    func requirePerson() throws -> Person {
        guard let person else { throw APIError.unauthorized }
        return person
    }
}
