import Foundation
import Hummingbird
import Resolutions

/// The pages of screening, proposals, compromises, transitions, the roster, invitations and settings.
extension Pages {
    static func addSecretariatPages(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
    }
}
