import Foundation
import Hummingbird
import Resolutions

/// The page an invitation link opens (`<public URL>/invite/<token>`): a form, without
/// scripts, where the person sets their password. The people's pages come later; this one
/// is here because `accord invite` prints its address.
enum InvitationPage {
    struct Form: Decodable {
        let password: String
        let confirmation: String
    }

    static func add(to router: Router<AccordRequestContext>, services: ServerServices) {
        router.get("/invite/:token") { _, context in
            let token = try context.parameters.require("token")
            guard let person = try await invitedPerson(token, services) else { return unknown() }
            return page(.ok, form(person, problems: []))
        }
        router.post("/invite/:token") { request, context in
            let token = try context.parameters.require("token")
            guard let person = try await invitedPerson(token, services) else { return unknown() }
            let body = String(buffer: try await request.body.collect(upTo: 16_384))
            guard let fields = try? URLEncodedFormDecoder().decode(Form.self, from: body) else {
                return page(.unprocessableContent, form(person, problems: ["Fill in both fields."]))
            }
            var problems = APIRouter.passwordProblems(fields.password).map { $0.prefix(1).uppercased() + $0.dropFirst() + "." }
            if fields.password != fields.confirmation { problems.append("The two passwords differ.") }
            guard problems.isEmpty else { return page(.unprocessableContent, form(person, problems: problems)) }
            let hash = try await PasswordHasher.hash(fields.password, cost: services.configuration.bcryptCost)
            guard try services.store.acceptInvitation(token, passwordHash: hash) != nil else { return unknown() }
            return page(.ok, "<h1>Your password is set</h1>\n<p>Sign in with your email address, \(escape(person.email)), and this password.</p>")
        }
    }

    private static func invitedPerson(_ token: String, _ services: ServerServices) async throws -> Person? {
        guard let id = try services.store.invitedPerson(token) else { return nil }
        return try? await services.reader.person(id)
    }

    private static func form(_ person: Person, problems: [String]) -> String {
        var html = "<h1>Welcome to Accord, \(escape(person.name))</h1>\n"
        html += "<p>Choose a password (at least 10 characters) to sign in as \(escape(person.email)).</p>\n"
        if !problems.isEmpty { html += "<ul>\n" + problems.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n" }
        html += """
        <form method="post">
        <p><label>Password <input type="password" name="password" autocomplete="new-password" minlength="10" required></label></p>
        <p><label>The same again <input type="password" name="confirmation" autocomplete="new-password" minlength="10" required></label></p>
        <p><button type="submit">Set my password</button></p>
        </form>
        """
        return html
    }

    private static func unknown() -> Response {
        page(.notFound, "<h1>This link does not work</h1>\n<p>It is used, expired (links last 7 days) or mistyped. Ask the secretariat for a new one.</p>")
    }

    private static func page(_ status: HTTPResponse.Status, _ body: String) -> Response {
        let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Accord</title></head>\n<body>\n\(body)\n</body>\n</html>\n"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
