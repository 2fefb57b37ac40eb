import Foundation
import Hummingbird
import Resolutions

/// The settings page (`/settings`): the signed-in person's own access tokens for scripts and
/// the command line — made here, shown once, revoked here. Nobody sees or revokes another
/// person's tokens: every query names the signed-in person.
extension Pages {
    struct SettingsView {
        let name: String
        let email: String
        let organisation: String
        let roles: String
        let tokens: [TokenView]
        let hasTokens: Bool
        /// The token just made: shown once, never stored.
        let newToken: String
        let newTokenName: String
        let tokenName: String
        let problems: [String]
    }

    struct TokenView {
        let id: String
        let name: String
        let created: String
    }

    struct TokenForm: Decodable {
        let name: String?
    }

    /// The longest name a token may have.
    static let tokenNameLimit = 100

    static func addSettingsPage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/settings") { request, context in
            let person = try context.requirePerson()
            let revoked = request.uri.queryParameters.get("revoked").flatMap { $0.count == 8 && $0.allSatisfy(\.isHexDigit) ? $0 : nil }.map { "Revoked the access token \($0)." }
            return try settingsPage(person, context, services, notice: revoked.map { Notice(text: $0, commit: nil) })
        }
        router.post("/settings/tokens") { request, context in
            let person = try context.requirePerson()
            let fields = try await form(TokenForm.self, request)
            let name = fields.name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            var problems: [String] = []
            if name.isEmpty { problems.append("Give the token a name, such as the script or computer that will use it.") }
            if name.count > tokenNameLimit { problems.append("A token's name has at most \(tokenNameLimit) characters.") }
            guard problems.isEmpty else {
                return try settingsPage(person, context, services, tokenName: name, problems: problems, status: .unprocessableContent)
            }
            let created = try services.store.createToken(for: person.id, name: name)
            return try settingsPage(person, context, services, created: (created.token, name))
        }
        router.post("/settings/tokens/:token/revocation") { _, context in
            let person = try context.requirePerson()
            let id = try context.parameters.require("token")
            guard id.count <= 16, try services.store.revokeToken(id, of: person.id) else {
                throw APIError.notFound("you have no access token ‘\(id)’; the list on the settings page shows yours")
            }
            return Response.redirect(to: "/settings?revoked=\(id)")
        }
    }

    static func settingsPage(_ person: Person, _ context: AccordRequestContext, _ services: ServerServices, notice: Notice? = nil,
                             created: (token: String, name: String)? = nil, tokenName: String = "", problems: [String] = [],
                             status: HTTPResponse.Status = .ok) throws -> Response {
        let tokens = try services.store.tokens(of: person.id)
        let view = SettingsView(
            name: person.name, email: person.email, organisation: person.organisation.uppercased(), roles: person.roles.joined(separator: ", "),
            tokens: tokens.map { TokenView(id: $0.id, name: $0.name, created: HumanDate.format($0.createdAt)) },
            hasTokens: !tokens.isEmpty, newToken: created?.token ?? "", newTokenName: created?.name ?? "",
            tokenName: tokenName, problems: problems)
        return services.pages.page("settings", title: "Settings", view: view, context: context, notice: notice, status: status)
    }
}
