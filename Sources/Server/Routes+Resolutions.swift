import Foundation
import Hummingbird
import Resolutions

/// The reads: the resolutions, a status, the voting list and the log, as the CLI prints them.
extension APIRouter {
    mutating func addResolutionReads() {
        let services = services
        on(.get, "/api/v1/resolutions") { _, context in
            _ = try context.requirePerson()
            let list = try await Self.reading { () throws(AccordError) in try await services.reader.resolutions() }
            return try HTTPBody.json(["resolutions": list])
        }
        on(.get, "/api/v1/resolutions/:resolution") { _, context in
            let id = try Self.resolution(context)
            let now = services.configuration.now()
            return HTTPBody.json(try await Self.reading { () throws(AccordError) in try await services.reader.statusJSON(id, now: now) })
        }
        on(.get, "/api/v1/resolutions/:resolution/voting-list") { _, context in
            let id = try Self.resolution(context)
            return HTTPBody.json(try await Self.reading { () throws(AccordError) in try await services.reader.votingListJSON(id) })
        }
        on(.get, "/api/v1/resolutions/:resolution/log") { request, context in
            let id = try Self.resolution(context)
            let limit = try Self.limit(request)
            return try HTTPBody.json(try await Self.reading { () throws(AccordError) in try await services.reader.log(of: id, limit: limit) })
        }
        on(.get, "/api/v1/log") { request, context in
            _ = try context.requirePerson()
            let limit = try Self.limit(request)
            return try HTTPBody.json(try await Self.reading { () throws(AccordError) in try await services.reader.log(of: nil, limit: limit) })
        }
    }

    /// The resolution of the path, for a signed-in person (401 first, then 404 when it is not well formed).
    static func resolution(_ context: AccordRequestContext) throws -> String {
        _ = try context.requirePerson()
        return try WellFormed.resolution(context.parameters.require("resolution"))
    }

    /// Runs a read, turning the domain's errors into API errors.
    static func reading<T>(_ body: () async throws(AccordError) -> T) async throws -> T {
        do { return try await body() } catch { throw APIError(error) }
    }

    /// `?limit=N`, a positive number, if given.
    static func limit(_ request: Request) throws -> Int? {
        guard let text = request.uri.queryParameters.get("limit") else { return nil }
        guard let limit = Int(text), limit > 0 else { throw APIError.malformed(["‘limit’ must be a positive whole number"]) }
        return limit
    }
}
