import Foundation
import HTTPTypes
import Hummingbird
import Resolutions
import Workflow

/// An API error: a status code and `{"error": …, "reasons": […]}` in words.
public struct APIError: Error, Sendable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// What went wrong, in a few words.
    public let error: String
    /// Every reason, in words a policy officer can act on.
    public let reasons: [String]
    /// Extra headers (`Retry-After`).
    public var headers: HTTPFields = [:]

    /// An error with its status, summary and reasons.
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

    /// The status a refusal of the domain takes: 403 for who the person is, else 409 for the
    /// state of things (a request that is wrong now says so first), else 422 for what was sent;
    /// 404 for what does not exist.
    init(_ error: AccordError) {
        switch error {
        case .refused(let blockers):
            let kinds = Set(blockers.map(Self.kind))
            if kinds.contains(.identity) {
                self.init(.forbidden, "refused", reasons: error.reasons)
            } else if kinds.contains(.state) {
                self.init(.conflict, "refused", reasons: error.reasons)
            } else {
                self.init(.unprocessableContent, "refused", reasons: error.reasons)
            }
        case .invalidInput: self.init(.unprocessableContent, "the input has problems", reasons: error.reasons)
        case .notFound: self.init(.notFound, "not found", reasons: error.reasons)
        case .damaged, .store: self.init(.internalServerError, "the record could not be read or written", reasons: error.reasons)
        }
    }

    enum BlockerKind { case identity, input, state }

    /// Whether a blocker is about who acts, what was sent, or the state of things.
    static func kind(_ blocker: Blocker) -> BlockerKind {
        if identityCodes.contains(blocker.code) { return .identity }
        // A workflow's deadline guard names its date: no deadline set yet is a state of things;
        // a transition sent without the deadline it sets is the request's fault.
        if blocker.code == "deadline-missing" { return blocker.parameters.isEmpty ? .input : .state }
        return inputCodes.contains(blocker.code) ? .input : .state
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
