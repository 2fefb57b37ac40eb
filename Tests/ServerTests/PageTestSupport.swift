import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

extension TestClientProtocol {
    /// A page, as `caller` (a browser's request: the cookie, no CSRF header).
    func page(_ path: String, as caller: Caller = .anonymous) async throws -> TestResponse {
        try await executeRequest(uri: path, method: .get, headers: Self.cookie(caller), body: nil)
    }

    /// Posts a form as a browser does: url-encoded fields, the session's cookie and, unless
    /// `csrf` is false, the session's token in the `csrf` field (never in a header).
    func submit(_ path: String, _ fields: [(String, String)], as caller: Caller, csrf: Bool = true) async throws -> TestResponse {
        var all = fields
        if csrf, case .session(_, let token?) = caller { all.append(("csrf", token)) }
        var headers = Self.cookie(caller)
        headers[.contentType] = "application/x-www-form-urlencoded"
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await executeRequest(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Signs in through the sign-in page; the caller is the session (cookie and its form token).
    func signInPage(_ email: String, _ password: String) async throws -> Caller {
        let response = try await submit("/sign-in", [("email", email), ("password", password), ("next", "/")], as: .anonymous)
        try #require(response.status == .seeOther, "sign-in page: \(response.status) \(response.text)")
        let cookie = try #require(response.sessionCookie)
        let home = try await page("/", as: .session(cookie: cookie, csrf: nil))
        let token = try #require(home.text.formToken, "the home page carries no form token")
        return .session(cookie: cookie, csrf: token)
    }

    private static func cookie(_ caller: Caller) -> HTTPFields {
        var headers: HTTPFields = [:]
        if case .session(let cookie, _) = caller { headers[.cookie] = "accord_session=\(cookie)" }
        return headers
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension String {
    /// The value of the first `csrf` field of a page's forms.
    var formToken: String? {
        guard let field = range(of: #"name="csrf" value=""#) else { return nil }
        return String(self[field.upperBound...].prefix { $0 != "\"" })
    }
}
