import Foundation
import Hummingbird
import Resolutions

/// Signing in and out, the session's person, and accepting an invitation.
extension APIRouter {
    struct SignInRequest: Decodable {
        let email: String
        let password: String
    }

    struct PasswordRequest: Decodable {
        let password: String
    }

    struct PersonJSON: Encodable {
        let id: String, name: String, email: String, organisation: String, roles: [String]
        init(_ person: Person) {
            (id, name, email, organisation, roles) = (person.id, person.name, person.email, person.organisation, person.roles)
        }
    }

    struct SessionJSON: Encodable {
        let person: PersonJSON
        /// For cookie sessions: the value of `X-CSRF-Token` on state-changing requests.
        let csrfToken: String?
    }

    /// Passwords: long enough to resist guessing, short enough for bcrypt (72 bytes).
    static func passwordProblems(_ password: String) -> [String] {
        var problems: [String] = []
        if password.count < 10 { problems.append("a password has at least 10 characters") }
        if password.utf8.count > 72 { problems.append("a password has at most 72 bytes") }
        return problems
    }

    mutating func addSessions() {
        let services = services
        on(.post, "/api/v1/sessions") { request, context in
            let body = try await HTTPBody.decode(SignInRequest.self, from: request, context: context)
            let (person, session, cookie) = try await services.signIn(email: body.email, password: body.password, request: request, context: context)
            var response = try HTTPBody.json(SessionJSON(person: PersonJSON(person), csrfToken: session.csrfToken), status: .created)
            response.headers[values: .setCookie].append(cookie)
            return response
        }
        on(.get, "/api/v1/session") { _, context in
            let person = try context.requirePerson()
            var csrf: String?
            if case .session(_, let token) = context.credential { csrf = token }
            return try HTTPBody.json(SessionJSON(person: PersonJSON(person), csrfToken: csrf))
        }
        on(.delete, "/api/v1/session") { request, context in
            _ = try context.requirePerson()
            var response = Response(status: .noContent)
            if case .session = context.credential, let cookie = try? await services.sessions.delete(request: request) {
                response.headers[values: .setCookie].append(cookie.description)
            }
            return response
        }
        let unusable = APIError.notFound("this invitation link is unknown, used or expired; ask the secretariat for a new one (accord invite)")
        on(.post, "/api/v1/invitations/:token") { request, context in
            let token = try context.parameters.require("token")
            let body = try await HTTPBody.decode(PasswordRequest.self, from: request, context: context)
            guard try services.store.invitedPerson(token) != nil else {
                throw unusable
            }
            let problems = Self.passwordProblems(body.password)
            guard problems.isEmpty else { throw APIError.malformed(problems) }
            let hash = try await PasswordHasher.hash(body.password, cost: services.configuration.bcryptCost)
            guard let id = try services.store.acceptInvitation(token, passwordHash: hash),
                  let person = try await Self.reading({ () throws(AccordError) in try await services.reader.person(id) }) else {
                throw unusable
            }
            return try HTTPBody.json(["person": PersonJSON(person)])
        }
    }
}

extension ServerServices {
    /// Checks an email and password and opens a session: the person, the session and its
    /// `Set-Cookie` value; or an error in words (wrong, or too many failures: 429 with
    /// `Retry-After`). The API and the sign-in page both sign in here.
    func signIn(email: String, password: String, request: Request, context: AccordRequestContext) async throws -> (Person, SessionRecord, String) {
        let account = email.lowercased()
        let address = clientAddress(request, context)
        if let wait = await throttle.wait(account: account, address: address) {
            var error = APIError(.tooManyRequests, "too many failed sign-ins", reasons: ["try again in \(Int(wait.rounded(.up))) seconds"])
            error.headers[.retryAfter] = "\(Int(wait.rounded(.up)))"
            throw error
        }
        let person = email.contains("@") ? try await APIRouter.reading { () throws(AccordError) in try await reader.person(email) } : nil
        let hash = try person.flatMap { try store.passwordHash($0.id) }
        // An unknown account costs a bcrypt check too, so that timing does not tell.
        let verified = try await PasswordHasher.verify(password, hash: hash ?? decoyHash) && hash != nil
        guard verified, let person else {
            await throttle.recordFailure(account: account, address: address)
            throw APIError(.unauthorized, "the email or password is wrong",
                           reasons: ["check both; after an invitation, the password is the one set at its link"])
        }
        await throttle.recordSuccess(account: account)
        // A new id at every sign-in: an id known before it (fixation) signs nobody in.
        if sessions.getId(request: request) != nil { _ = try? await sessions.delete(request: request) }
        let session = SessionRecord(person: person.id, csrfToken: Secret.make())
        let cookie = try await sessions.save(session: session, expiresIn: configuration.sessionLifetime)
        return (person, session, cookie.description)
    }
}
