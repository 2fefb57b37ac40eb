import Foundation
import Hummingbird
import HummingbirdAuth
import HummingbirdBcrypt
import MultipartKit
import Resolutions

/// What a cookie session holds: who signed in, and the token their state-changing requests
/// must repeat in `X-CSRF-Token`.
struct SessionRecord: Codable, Sendable {
    let person: String
    let csrfToken: String
}

/// Everything the handlers share: the record (read and written), the credentials, the
/// sessions and the sign-in limiter.
struct ServerServices: Sendable {
    /// The session cookie's name.
    static let sessionCookie = "accord_session"

    let configuration: ServerConfiguration
    let store: CredentialStore
    let sessions: SessionStorage<SessionRecord>
    let queue: ActionQueue
    let reader: RecordReader
    let throttle: SignInThrottle
    /// The pages' templates.
    let pages: PageRenderer
    /// The tip of the record as the live pages follow it.
    let tipWatcher: TipWatcher
    /// A hash no password matches, checked when the account is unknown so that a wrong email
    /// takes as long as a wrong password.
    let decoyHash: String

    init(configuration: ServerConfiguration) throws {
        precondition(configuration.bcryptCost >= 12, "passwords are hashed with a bcrypt cost of 12 or more")
        self.configuration = configuration
        store = try CredentialStore(directory: configuration.resolvedDataDirectory)
        let cookie = SessionCookieParameters(name: Self.sessionCookie, path: "/", secure: configuration.securesCookies, sameSite: .lax)
        sessions = SessionStorage(SQLitePersistDriver(store: store), configuration: .init(sessionCookieParameters: cookie, keyPrefix: "session."))
        do {
            queue = try ActionQueue(gitDirectory: configuration.gitDirectory)
            reader = try RecordReader(gitDirectory: configuration.gitDirectory)
        } catch {
            throw APIError(.internalServerError, "cannot open the record", reasons: error.reasons)
        }
        throttle = SignInThrottle(policy: configuration.throttle)
        pages = try PageRenderer()
        tipWatcher = TipWatcher(reader: reader)
        decoyHash = Bcrypt.hash(Secret.make(), cost: configuration.bcryptCost)
    }

    /// The client's address: the peer's, or the last address of `X-Forwarded-For` when the
    /// peer is a trusted proxy (the one it appended; earlier ones are the client's word).
    func clientAddress(_ request: Request, _ context: AccordRequestContext) -> String {
        let peer = context.peerAddress ?? "unknown"
        guard configuration.trustedProxies.contains(peer), let forwarded = request.headers[.xForwardedFor] else { return peer }
        let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return last.isEmpty ? peer : last
    }
}

/// Sets the context's person from a bearer token or a session cookie, and refuses a cookie
/// session's state-changing request without its CSRF token.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    let services: ServerServices

    /// Requests that need no CSRF token: signing in (no session yet) and accepting an
    /// invitation (the link's secret stands for the person).
    static func isExemptFromCSRF(_ request: Request) -> Bool {
        let path = request.uri.path
        return (request.method == .post && (path == "/api/v1/sessions" || path == "/sign-in"))
            || path.hasPrefix("/api/v1/invitations/") || path.hasPrefix("/invite/")
    }

    /// The token a state-changing request carries: the `X-CSRF-Token` header (scripts), else a
    /// page form's `csrf` field, whether the form is plain or carries a file (multipart).
    /// Reading the field keeps the body for the handler.
    static func sentCSRFToken(_ request: inout Request) async -> String? {
        if let header = request.headers[.csrfToken] { return header }
        guard !request.uri.path.hasPrefix("/api/"), let type = request.headers[.contentType] else { return nil }
        if type.hasPrefix("application/x-www-form-urlencoded"),
           let body = try? await request.collectBody(upTo: Pages.formLimit) {
            return (try? URLEncodedFormDecoder().decode(FormToken.self, from: String(decoding: body.readableBytesView, as: UTF8.self)))?.csrf
        }
        if type.hasPrefix("multipart/form-data"), let boundary = Pages.boundary(of: type),
           let body = try? await request.collectBody(upTo: Pages.uploadLimit) {
            return (try? FormDataDecoder().decode(FormToken.self, from: body, boundary: boundary))?.csrf
        }
        return nil
    }

    struct FormToken: Decodable {
        let csrf: String?
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        if let authorization = request.headers[.authorization] {
            guard authorization.lowercased().hasPrefix("bearer ") else {
                throw APIError(.unauthorized, "sign in first", reasons: ["only Authorization: Bearer TOKEN is accepted"])
            }
            let token = authorization.dropFirst(7).trimmingCharacters(in: .whitespaces)
            guard let id = try await services.store.tokenPerson(token), let person = try await person(id) else {
                throw APIError(.unauthorized, "the access token is not valid", reasons: ["the token is unknown or was revoked; create one with ‘accord token create PERSON’"])
            }
            context.person = person
            context.credential = .token
        } else if let id = services.sessions.getId(request: request),
                  let session = try? await services.sessions.load(request: request),
                  let person = try await person(session.person) {
            context.person = person
            context.credential = .session(id: id, csrfToken: session.csrfToken)
            let safe: Set<HTTPRequest.Method> = [.get, .head, .options]
            if !safe.contains(request.method) && !Self.isExemptFromCSRF(request) {
                guard let sent = await Self.sentCSRFToken(&request), Secret.equal(sent, session.csrfToken) else {
                    if request.uri.path.hasPrefix("/api/") {
                        throw APIError(.forbidden, "the CSRF token is missing or wrong",
                                       reasons: ["a signed-in browser must send the session's token in X-CSRF-Token (GET /api/v1/session gives it)"])
                    }
                    throw APIError(.forbidden, "this form was not accepted",
                                   reasons: ["it is out of date (you signed in again since) or it did not come from Accord's pages: go back, reload the page and try again"])
                }
            }
        }
        return try await next(request, context)
    }

    private func person(_ id: String) async throws -> Person? {
        do { return try await services.reader.person(id) } catch { throw APIError(error) }
    }
}
