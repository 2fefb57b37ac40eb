import Foundation
import Hummingbird
import Resolutions

/// The pages of tabling, co-signing, withdrawing, voting and section review.
extension Pages {
    static func addMemberPages(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        AmendmentPages.addAmendmentPage(router, services)
        AmendmentPages.addTablingPage(router, services)
        AmendmentPages.addCompromisePage(router, services)
    }
}
