import Foundation
import Hummingbird
import Resolutions

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
}
