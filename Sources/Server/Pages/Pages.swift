import Foundation
import Hummingbird
import MultipartKit
import Resolutions
import Workflow

/// The web pages: HTML made on the server, which works without scripts; a small script only
/// refreshes the parts of a page marked `data-live` when the record changes.
///
/// Every page reads the record through `RecordReader` and every form posts one action through
/// the same `ActionQueue` as the API, so that a page refuses exactly what the API and the CLI
/// refuse, in the same words. Forms carry the session's token in a `csrf` field, which
/// `AuthenticationMiddleware` checks before any handler runs.
///
/// Addresses: `/` (the resolutions and what waits), `/sign-in`, `/sign-out`, `/settings`,
/// `/resolutions/{id}` and below it the pages of one resolution, `/roster`, `/invitations`,
/// `/invite/{token}`, `/assets/…`.
enum Pages {
    static func add(to router: Router<AccordRequestContext>, services: ServerServices) {
        Assets.add(to: router)
        addSignIn(router, services)
        addHome(router, services)
        addLiveUpdates(router, services)
        addResolutionPages(router, services)
        addMemberPages(router, services)
        addSecretariatPages(router, services)
        addUploadPage(router, services)
        InvitationPage.add(to: router, services: services)
    }

    /// The resolution id of a page's path, well formed, for a signed-in person.
    static func resolution(_ context: AccordRequestContext) throws -> String {
        try APIRouter.resolution(context)
    }

    /// A page's reads at one version of the record, the domain's errors as the API's.
    static func read<T: Sendable>(_ services: ServerServices, _ body: @escaping @Sendable (Snapshot) throws(AccordError) -> T) async throws -> T {
        try await APIRouter.reading { () throws(AccordError) in try await services.reader.read(body) }
    }

    /// Performs a form's action as the signed-in person: what it recorded, or the reasons it
    /// was refused (in the CLI's words), for the form to show beside the person's input.
    static func perform(_ action: Action, _ context: AccordRequestContext, _ services: ServerServices) async throws -> Result<Performed, APIError> {
        let person = try context.requirePerson()
        do {
            return .success(try await services.queue.perform(action, by: person.id, at: services.configuration.now()))
        } catch {
            return .failure(APIError(error))
        }
    }

    /// After an action: back to `path`, which shows what was recorded and links its commit
    /// (Post/Redirect/Get, so that reloading the page does not act twice).
    static func recorded(_ performed: Performed, returningTo path: String) -> Response {
        let separator = path.contains("?") ? "&" : "?"
        return .redirect(to: path + separator + "recorded=" + performed.commit.hex)
    }

    /// The notice for `?recorded=COMMIT`: the commit's first line and id.
    static func notice(_ request: Request, _ services: ServerServices) async -> Notice? {
        guard let hex = request.uri.queryParameters.get("recorded"), hex.count == 40,
              let entry = await services.reader.entry(hex) else { return nil }
        return Notice(text: "Recorded: \(entry.summary)", commit: entry.commit)
    }

    /// The fields of a form (`application/x-www-form-urlencoded`) as `T`, or a 422 in words.
    static func form<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: formLimit)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
        } catch {
            throw APIError.malformed(["the form could not be read; reload the page and fill it in again"])
        }
    }

    /// The largest form a page posts (an amendment's text and justification fit many times over).
    static let formLimit = 1 << 20

    /// The largest form with a file (a Word document) a page posts.
    static let uploadLimit = 10 << 20

    /// The fields of a form with a file (`multipart/form-data`) as `T`, or a 422 in words.
    static func upload<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        guard let boundary = request.headers[.contentType].flatMap(boundary(of:)) else {
            throw APIError.malformed(["the form did not come with its file; choose the file again"])
        }
        let buffer = try await request.body.collect(upTo: uploadLimit)
        do {
            return try FormDataDecoder().decode(T.self, from: buffer, boundary: boundary)
        } catch {
            throw APIError.malformed(["the form could not be read; choose the file again"])
        }
    }

    /// The boundary of a `multipart/form-data` content type.
    static func boundary(of contentType: String) -> String? {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        let value = contentType[range.upperBound...].prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        return value.hasPrefix("\"") ? String(value.dropFirst().dropLast()) : (value.isEmpty ? nil : value)
    }
}

// MARK: Signing in and out

extension Pages {
    struct SignInForm: Decodable {
        let email: String
        let password: String
        let next: String?
    }

    struct SignInView {
        let email: String
        let next: String
        let problems: [String]
    }

    static func addSignIn(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/sign-in") { request, context in
            let next = safeNext(request.uri.queryParameters.get("next"))
            if context.person != nil { return Response.redirect(to: next) }
            return services.pages.page("sign-in", title: "Sign in", view: SignInView(email: "", next: next, problems: []), context: context)
        }
        router.post("/sign-in") { request, context in
            let fields = try await form(SignInForm.self, request)
            let next = safeNext(fields.next)
            do {
                let (_, _, cookie) = try await services.signIn(email: fields.email, password: fields.password, request: request, context: context)
                var response = Response.redirect(to: next)
                response.headers[values: .setCookie].append(cookie)
                return response
            } catch let error as APIError {
                var response = services.pages.page("sign-in", title: "Sign in", view: SignInView(email: fields.email, next: next, problems: error.sentences),
                                                   context: context, status: error.status)
                for field in error.headers { response.headers.append(field) }
                return response
            }
        }
        router.post("/sign-out") { request, context in
            var response = Response.redirect(to: "/sign-in")
            if case .session = context.credential, let cookie = try? await services.sessions.delete(request: request) {
                response.headers[values: .setCookie].append(cookie.description)
            }
            return response
        }
    }

    /// Where to go after signing in: a path of this site only, never another site's address.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}

// MARK: Home

extension Pages {
    struct HomeView: Sendable {
        let resolutions: [ResolutionRow]
    }

    struct ResolutionRow: Sendable {
        let id: String
        let title: String
        let state: String
        let stateWords: String
        /// "Amendment deadline: 20 November 2026 at 18:00 UTC", while amendments are open.
        let deadline: String?
        let waiting: [String]
    }

    static func addHome(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/") { request, context in
            let person = try context.requirePerson()
            let now = services.configuration.now()
            let rows = try await read(services) { snapshot throws(AccordError) in
                try snapshot.resolutionIDs().map { id throws(AccordError) in
                    let meta = try snapshot.meta(id)
                    let words = try snapshot.workflow(meta.workflow).stateWords(meta.state)
                    let agenda = try snapshot.agenda(id, for: person, now: now)
                    let deadline = meta.amendmentDeadline.flatMap { $0 > now ? "Amendment deadline: \(HumanDate.format($0))" : nil }
                    return ResolutionRow(id: id, title: meta.title, state: meta.state, stateWords: words, deadline: deadline,
                                         waiting: agenda.sentences)
                }
            }
            return services.pages.page("home", title: "Resolutions", view: HomeView(resolutions: rows), context: context,
                                       notice: await notice(request, services))
        }
    }
}

extension Agenda {
    /// What waits, a sentence each ("Your organisation has not voted on 12 amendments.").
    var sentences: [String] {
        var lines: [String] = []
        if amendmentsToScreen > 0 { lines.append("\(EnglishText.count(amendmentsToScreen, "amendment")) \(amendmentsToScreen == 1 ? "awaits" : "await") screening.") }
        if let tablingUntil { lines.append("Amendments may be tabled until \(HumanDate.format(tablingUntil)).") }
        if amendmentsToVote > 0 { lines.append("Your organisation has not voted on \(EnglishText.count(amendmentsToVote, "amendment")).") }
        if sectionsToReview > 0 { lines.append("Your organisation has not reviewed \(EnglishText.count(sectionsToReview, "section")).") }
        return lines
    }
}

extension APIError {
    /// The reasons as sentences, or the summary when there are none.
    var sentences: [String] {
        (reasons.isEmpty ? [error] : reasons).map(EnglishText.sentence)
    }
}
