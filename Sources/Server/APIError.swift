import Foundation
import HTTPTypes
import Hummingbird
import Resolutions

/// An API error: a status code and `{"error": …, "reasons": […]}` in words.
public struct APIError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let error: String
    public let reasons: [String]
    /// Extra headers (`Retry-After`).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ error: String, reasons: [String] = []) {
        self.status = status
        self.error = error
        self.reasons = reasons
    }

    static let unauthorized = APIError(.unauthorized, "sign in first", reasons: ["this needs a signed-in person: sign in (POST /api/v1/sessions) or send Authorization: Bearer TOKEN"])

    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not found", reasons: [what]) }

    static func malformed(_ reasons: [String]) -> APIError { APIError(.unprocessableContent, "the request is not well formed", reasons: reasons) }

    /// Blocker codes that concern who acts (role, organisation) rather than the state of things.
    static let identityCodes: Set<String> = ["role", "own-organisation", "electorate", "organisation", "unknown-person"]
    /// Blocker codes that concern what was sent.
    static let inputCodes: Set<String> = ["text", "reason", "heading", "amendment-to-amendment", "compromise", "cosignatory",
                                          "deadline-missing", "reserved-id", "workflow", "unknown-transition", "unknown-action"]

    /// The status a refusal of the domain takes: 403 for who the person is, 422 for what was
    /// sent, 409 for the state of things; 404 for what does not exist.
    init(_ error: AccordError) {
        switch error {
        case .refused(let blockers):
            let codes = Set(blockers.map(\.code))
            if !codes.isDisjoint(with: Self.identityCodes) {
                self.init(.forbidden, "refused", reasons: error.reasons)
            } else if !codes.isDisjoint(with: Self.inputCodes) {
                self.init(.unprocessableContent, "refused", reasons: error.reasons)
            } else {
                self.init(.conflict, "refused", reasons: error.reasons)
            }
        case .invalidInput: self.init(.unprocessableContent, "the input has problems", reasons: error.reasons)
        case .notFound: self.init(.notFound, "not found", reasons: error.reasons)
        case .damaged, .store: self.init(.internalServerError, "the record could not be read or written", reasons: error.reasons)
        }
    }

    struct Body: Encodable {
        let error: String
        let reasons: [String]
    }

    /// The JSON response.
    func response() -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        let data = (try? PrettyJSON.encode(Body(error: error, reasons: reasons))) ?? Data("{}".utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
