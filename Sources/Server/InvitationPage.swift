import Foundation
import Hummingbird
import Resolutions
import Workflow

/// The page an invitation link opens (`<public URL>/invite/<token>`): a form, without
/// scripts, where the person sets their password. `accord invite` and the invitations page
/// print its address.
enum InvitationPage {
    struct Form: Decodable {
        let password: String
        let confirmation: String
    }

    struct FormView {
        let name: String
        let email: String
        let problems: [String]
    }

    struct DoneView {
        let email: String
    }

    static func add(to router: Router<AccordRequestContext>, services: ServerServices) {
        router.get("/invite/:token") { _, context in
            let token = try context.parameters.require("token")
            guard let person = try await invitedPerson(token, services) else { return unknown(services, context) }
            return form(person, problems: [], services, context, status: .ok)
        }
        router.post("/invite/:token") { request, context in
            let token = try context.parameters.require("token")
            guard let person = try await invitedPerson(token, services) else { return unknown(services, context) }
            let body = String(buffer: try await request.body.collect(upTo: 16_384))
            guard let fields = try? URLEncodedFormDecoder().decode(Form.self, from: body) else {
                return form(person, problems: ["Fill in both fields."], services, context, status: .unprocessableContent)
            }
            var problems = APIRouter.passwordProblems(fields.password).map(EnglishText.sentence)
            if fields.password != fields.confirmation { problems.append("The two passwords differ.") }
            guard problems.isEmpty else { return form(person, problems: problems, services, context, status: .unprocessableContent) }
            let hash = try await PasswordHasher.hash(fields.password, cost: services.configuration.bcryptCost)
            guard try services.store.acceptInvitation(token, passwordHash: hash) != nil else { return unknown(services, context) }
            return services.pages.page("invitation-done", title: "Your password is set", view: DoneView(email: person.email), context: context)
        }
    }

    private static func invitedPerson(_ token: String, _ services: ServerServices) async throws -> Person? {
        guard let id = try services.store.invitedPerson(token) else { return nil }
        return try? await services.reader.person(id)
    }

    private static func form(_ person: Person, problems: [String], _ services: ServerServices, _ context: AccordRequestContext,
                             status: HTTPResponse.Status) -> Response {
        services.pages.page("invitation", title: "Welcome to Accord", view: FormView(name: person.name, email: person.email, problems: problems),
                            context: context, status: status)
    }

    private static func unknown(_ services: ServerServices, _ context: AccordRequestContext) -> Response {
        services.pages.page("invitation-unknown", title: "This link does not work", view: DoneView(email: ""), context: context, status: .notFound)
    }
}
