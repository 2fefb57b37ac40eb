import Foundation
import Hummingbird
import Logging

/// The server for one record: its Hummingbird application, and the routes it serves.
public struct AccordServer: Sendable {
    /// What runs: `try await server.application.runService()` stops cleanly on SIGTERM and SIGINT.
    public let application: Application<RouterResponder<AccordRequestContext>>
    /// `METHOD /path/{parameter}` for every API route (compared with the OpenAPI document).
    public let routes: [String]
}

/// Builds the application serving `configuration`'s record: the one function that production
/// and the tests call, so that the same routes and middleware run in both.
///
/// Middleware, outermost first: security headers on every response; errors as JSON; who is
/// signed in (and CSRF). Route groups: sessions, reads, actions, exports, the Word upload; and the
/// web pages.
public func buildApplication(_ configuration: ServerConfiguration, logger: Logger? = nil) throws -> AccordServer {
    let services = try ServerServices(configuration: configuration)
    if let publicURL = configuration.publicURL {
        try services.store.setSetting(ServerConfiguration.publicURLSetting, publicURL)
    }
    let router = Router(context: AccordRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorMiddleware(pages: services.pages))
    router.add(middleware: AuthenticationMiddleware(services: services))
    var api = APIRouter(router: router, services: services)
    api.on(.get, "/api/v1/openapi.json") { _, _ in HTTPBody.json(Data(OpenAPIDocument.json.utf8)) }
    api.addSessions()
    api.addResolutionReads()
    api.addActions()
    api.addExports()
    api.addUpload()
    Pages.add(to: router, services: services)
    var logger = logger ?? Logger(label: "accord-server")
    if let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap({ Logger.Level(rawValue: $0) }) { logger.logLevel = level }
    let application = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: logger
    )
    return AccordServer(application: application, routes: api.routes)
}
