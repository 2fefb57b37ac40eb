import Foundation
import Hummingbird
import Resolutions

/// The pages of the text, the amendments, one amendment, the history, the downloads.
extension Pages {
    static func addResolutionPages(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
    }
}
