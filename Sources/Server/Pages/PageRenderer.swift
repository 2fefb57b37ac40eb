import Foundation
import Hummingbird
import Mustache
import Resolutions
import Workflow

/// The templates of the web pages and the frame every page shares.
///
/// Templates are Mustache files in `Pages/Templates` (resources of this target): logic-less, so
/// that what a page shows is decided in Swift and how it looks in the template, and escaping by
/// default, so that whatever a person typed is shown as text (`{{{…}}}`, unescaped, is kept for
/// HTML that Accord itself made, such as a rendered page's body or a track-changes view).
///
/// A page's template is rendered with a scope holding `page` (the page's own view), `csrf` (the
/// session's form token), `person` and `lang`; templates open `{{#page}}…{{/page}}` and still
/// see the outer names inside it, as Mustache looks names up the context stack.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    /// Loads every template of the target's resources.
    init() throws {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw APIError(.internalServerError, "the pages' templates are missing", reasons: ["Accord_Server.resources is not beside the server"])
        }
        library = try MustacheLibrary(templates: Self.templates(in: folder))
    }

    private static func templates(in folder: String) throws -> [String: MustacheTemplate] {
        var templates: [String: MustacheTemplate] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
            templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
        }
        return templates
    }

    /// A whole page: `template` rendered with `view` inside the frame.
    func page(_ template: String, title: String, view: Any, context: AccordRequestContext,
              notice: Notice? = nil, status: HTTPResponse.Status = .ok, liveSource: String? = nil) -> Response {
        let person = context.person.map(PersonView.init)
        var scope: [String: Any] = ["page": view, "lang": "en"]
        if let person { scope["person"] = person }
        if let token = context.csrfToken { scope["csrf"] = token }
        let body = library.render(scope, withTemplate: template) ?? ""
        var frame = scope
        frame["title"] = title
        frame["body"] = body
        if let notice { frame["notice"] = notice }
        if let liveSource { frame["liveSource"] = liveSource }
        let html = library.render(frame, withTemplate: "layout") ?? body
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page that says what went wrong, in words, for a request that was not for the API.
    func error(_ error: APIError, context: AccordRequestContext) -> Response {
        var response = page("error", title: EnglishText.capitalised(error.error),
                            view: ErrorView(error), context: context, status: error.status)
        for field in error.headers { response.headers.append(field) }
        return response
    }
}

/// The signed-in person, as the frame shows them.
struct PersonView {
    let id: String
    let name: String
    let organisation: String
    let isSecretariat: Bool

    init(_ person: Person) {
        id = person.id
        name = person.name
        organisation = person.organisation.uppercased()
        isSecretariat = person.roles.contains("secretariat")
    }
}

/// A line at the top of a page: what the last action did, with its commit.
///
/// Views keep what templates show in stored properties: Mustache reads values through `Mirror`,
/// which does not see computed ones.
struct Notice: Sendable {
    let text: String
    /// The commit that records it (full id) and its first seven characters.
    let commit: String?
    let shortCommit: String?

    init(text: String, commit: String?) {
        self.text = text
        self.commit = commit
        shortCommit = commit.map { String($0.prefix(7)) }
    }
}

/// An error as its page shows it.
struct ErrorView {
    let status: Int
    let message: String
    let reasons: [String]

    init(_ error: APIError) {
        status = Int(error.status.code)
        message = EnglishText.capitalised(error.error)
        reasons = error.reasons.map(EnglishText.capitalised)
    }
}

extension AccordRequestContext {
    /// The token this session's forms carry (`csrf`), when signed in with a cookie.
    var csrfToken: String? {
        if case .session(_, let token) = credential { return token }
        return nil
    }
}
