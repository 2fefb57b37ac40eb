import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Security headers on every response, errors included: a Content-Security-Policy that forbids
/// framing, and the headers that keep browsers from guessing types or leaking addresses.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.cacheControl] = response.headers[.cacheControl] ?? "no-store"
        return response
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let csrfToken = Self("X-CSRF-Token")!
    static let referrerPolicy = Self("Referrer-Policy")!
}

/// Turns every error into `{"error", "reasons"}` JSON with its status code — or, for the pages,
/// into a page saying the same in words, and a sign-in first where one is needed — so that no
/// handler writes error responses itself and none leaks a stack or a type name.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AccordRequestContext
    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let error: APIError
        do {
            return try await next(request, context)
        } catch let caught {
            error = Self.apiError(caught, request, context)
        }
        guard !request.uri.path.hasPrefix("/api/") else { return error.response() }
        if error.status == .unauthorized && request.method == .get {
            let next = request.uri.string.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
            return .redirect(to: "/sign-in?next=" + next)
        }
        return pages.error(error, context: context)
    }

    /// What went wrong, in words, whatever threw it: Accord's own errors as they are,
    /// Hummingbird's and NIO's in words, anything else as an internal error (logged).
    static func apiError(_ caught: any Error, _ request: Request, _ context: Context) -> APIError {
        switch caught {
        case let error as APIError:
            return error
        case let error as HTTPError:
            let reasons = error.body.map { [$0] } ?? []
            switch error.status {
            case .notFound: return APIError.notFound(reasons.first ?? "there is nothing at \(request.uri.path)")
            case .methodNotAllowed: return APIError(.methodNotAllowed, "method not allowed", reasons: ["\(request.method) is not allowed on \(request.uri.path)"])
            case .badRequest: return APIError.malformed(reasons.isEmpty ? ["the request could not be read"] : reasons)
            case .contentTooLarge: return APIError(.contentTooLarge, "the request is too large", reasons: reasons)
            default: return APIError(error.status, error.status.reasonPhrase, reasons: reasons)
            }
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, "the request is too large", reasons: ["the body is larger than this request accepts"])
        default:
            context.logger.error("request failed", metadata: ["error": "\(caught)"])
            return APIError(.internalServerError, "internal error", reasons: ["the server could not answer this request"])
        }
    }
}
