import Foundation
import HTTPTypes
import Hummingbird
import Resolutions

/// The router of the API, which notes each route it adds so that a test can compare them
/// with the OpenAPI document.
struct APIRouter {
    let router: Router<AccordRequestContext>
    let services: ServerServices
    /// `METHOD /path/{parameter}` for every route, in OpenAPI's spelling.
    private(set) var routes: [String] = []

    init(router: Router<AccordRequestContext>, services: ServerServices) {
        self.router = router
        self.services = services
    }

    /// Adds a route; `path` in Hummingbird's spelling (`/api/v1/resolutions/:resolution`).
    mutating func on(_ method: HTTPRequest.Method, _ path: String,
                     _ handler: @escaping @Sendable (Request, AccordRequestContext) async throws -> Response) {
        router.on(RouterPath(path), method: method, use: handler)
        let documented = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        routes.append("\(method.rawValue) /\(documented)")
    }
}

/// Request and response helpers shared by the route groups.
enum HTTPBody {
    /// A JSON response from bytes already encoded (status, voting list).
    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        json(ByteBuffer(bytes: data), status: status)
    }

    static func json(_ buffer: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    /// A JSON response of a value, as Accord prints JSON.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        var data = try PrettyJSON.encode(value)
        data.append(0x0a)
        return json(data, status: status)
    }

    /// The request's JSON body as `T`, or a 422 that says what is wrong with it.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: AccordRequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError.malformed([Self.words(error)])
        }
    }

    /// A decoding error in words.
    static func words(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty ? "the body" : "‘" + codingPath.map { $0.intValue.map { "\($0)" } ?? $0.stringValue }.joined(separator: ".") + "’"
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)) should be \(Self.typeName(type))"
        case .valueNotFound(let type, let context): return "\(path(context.codingPath)) should be \(Self.typeName(type)), not null"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "the body is not valid JSON" : "\(path(context.codingPath)) is not valid"
        @unknown default: return "the body could not be read"
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type: "a whole number"
        case is [String].Type, is [Any].Type: "a list"
        default: "an object"
        }
    }
}

/// Ids taken from paths and bodies: anything not well formed (`../`, capitals, spaces) is
/// answered 404 as unknown, before it reaches the record.
enum WellFormed {
    static func resolution(_ text: String) throws -> String {
        guard Slug.isValidID(text), text.count <= 100 else { throw APIError.notFound("there is no resolution ‘\(text)’") }
        return text
    }

    static func amendment(_ text: String, in resolution: String) throws -> Int {
        guard text.count <= 12, let number = Amendment.number(text) else { throw APIError.notFound("there is no amendment ‘\(text)’ to \(resolution)") }
        return number
    }

    static func provision(_ text: String, in resolution: String) throws -> String {
        guard Slug.isValidID(text), text.count <= 100 else { throw APIError.notFound("there is no provision ‘\(text)’ in \(resolution)") }
        return text
    }

    /// A vote's item: an amendment (`A3`) or a section (`sec-…`).
    static func item(_ text: String, in resolution: String) throws -> String {
        if let number = Amendment.number(text), text.count <= 12 { return Amendment.id(number) }
        guard Slug.isValidID(text), text.count <= 100 else { throw APIError.notFound("there is no amendment or section ‘\(text)’ in \(resolution)") }
        return text
    }
}
