import Foundation
import Hummingbird
import Resolutions
import Workflow

/// The pages of voting, section review, screening and proposals, the procedure's steps, the
/// roster, invitations and settings (each in its own file: `Voting*`, `Secretariat*`, `Settings*`).
extension Pages {
    static func addSecretariatPages(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        addVotingPage(router, services)
        addReviewPage(router, services)
        addScreeningPage(router, services)
        addProcedurePage(router, services)
        addRosterPage(router, services)
        addInvitationsPage(router, services)
        addSettingsPage(router, services)
    }

    /// The role that sees the roster and invites people.
    static let secretariatRole = "secretariat"

    /// The signed-in person, when they belong to the secretariat; else a 403 page in words.
    static func requireSecretariat(_ context: AccordRequestContext, toDo what: String) throws -> Person {
        let person = try context.requirePerson()
        guard person.roles.contains(secretariatRole) else { throw forbiddenPage(person, onlyFor: [secretariatRole], what) }
        return person
    }

    /// A 403 that says who may do what, and who the person is.
    static func forbiddenPage(_ person: Person, onlyFor roles: [String], _ what: String) -> APIError {
        APIError(.forbidden, "this page is not open to you", reasons: [RoleCheck.sentence(required: roles, held: person.roles, subject: what)])
    }
}
