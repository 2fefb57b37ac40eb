import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

@Suite struct SignInTests {
    @Test func anInvitationSetsThePasswordOnceAndSigningInRenewsTheSessionID() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client in
            let invitation = try fixture.store.invite("amelie")
            // Too short: refused, and the link still works.
            let short = try await client.call(.post, "/api/v1/invitations/\(invitation)", ["password": "short"])
            #expect(short.status == .unprocessableContent)
            let accepted = try await client.call(.post, "/api/v1/invitations/\(invitation)", ["password": "correct horse battery"])
            #expect(accepted.status == .ok)
            #expect((accepted.json["person"] as? [String: Any])?["id"] as? String == "amelie")
            let again = try await client.call(.post, "/api/v1/invitations/\(invitation)", ["password": "another long password"])
            #expect(again.status == .notFound)

            let wrong = try await client.call(.post, "/api/v1/sessions", ["email": "amelie.durand@example.org", "password": "wrong password"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.sessionCookie == nil)

            // A session id planted before sign-in (fixation) is replaced, and never signs anyone in.
            let planted = "planted-by-someone-else"
            let response = try await client.call(.post, "/api/v1/sessions", ["email": "amelie.durand@example.org", "password": "correct horse battery"],
                                                 headers: [.cookie: "accord_session=\(planted)"])
            #expect(response.status == .created)
            let cookieHeader = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("accord_session=") })
            #expect(cookieHeader.contains("HttpOnly"))
            #expect(cookieHeader.contains("SameSite=Lax"))
            #expect(!cookieHeader.contains("Secure"))  // the public URL is not https here
            let first = try #require(response.sessionCookie)
            #expect(first != planted)
            #expect(first.count >= 22)  // at least 128 bits, base64
            #expect(try await client.call(.get, "/api/v1/session", as: .session(cookie: planted, csrf: nil)).status == .unauthorized)
            let me = try await client.call(.get, "/api/v1/session", as: .session(cookie: first, csrf: nil))
            #expect(me.status == .ok)
            #expect((me.json["person"] as? [String: Any])?["organisation"] as? String == "afccre")

            // Signing in again with that session gives a new id; the old one stops working.
            let renewed = try await client.call(.post, "/api/v1/sessions", ["email": "AMELIE.durand@example.org", "password": "correct horse battery"],
                                                headers: [.cookie: "accord_session=\(first)"])
            let second = try #require(renewed.sessionCookie)
            #expect(second != first)
            #expect(try await client.call(.get, "/api/v1/session", as: .session(cookie: first, csrf: nil)).status == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/session", as: .session(cookie: second, csrf: nil)).status == .ok)

            // A new password (accord invite again) ends the sessions made with the old one.
            let other = try await client.signIn("amelie.durand@example.org", "correct horse battery")
            try await setPassword("amelie", "a brand new password", fixture: fixture, client: client)
            #expect(try await client.call(.get, "/api/v1/session", as: other).status == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/session", as: .session(cookie: second, csrf: nil)).status == .unauthorized)
            _ = try await client.signIn("amelie.durand@example.org", "a brand new password")

            // Signing out ends the session.
            guard case .session(let last, let csrf) = try await client.signIn("amelie.durand@example.org", "a brand new password") else { return }
            #expect(try await client.call(.delete, "/api/v1/session", as: .session(cookie: last, csrf: csrf)).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/session", as: .session(cookie: last, csrf: nil)).status == .unauthorized)
        }
    }

    @Test func theInvitationLinkOpensAFormThatSetsThePassword() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client in
            let token = try fixture.store.invite("amelie")
            let page = try await client.call(.get, "/invite/\(token)")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("Amélie Durand") && page.text.contains("<form method=\"post\">"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            func post(_ form: String) async throws -> TestResponse {
                try await client.executeRequest(uri: "/invite/\(token)", method: .post,
                                                headers: [.contentType: "application/x-www-form-urlencoded"], body: .init(string: form))
            }
            let differ = try await post("password=correct+horse+battery&confirmation=correct+horse+batterY")
            #expect(differ.status == .unprocessableContent)
            #expect(differ.text.contains("The two passwords differ."))
            let set = try await post("password=correct+horse+battery&confirmation=correct+horse+battery")
            #expect(set.status == .ok, "\(set.text)")
            _ = try await client.signIn("amelie.durand@example.org", "correct horse battery")
            #expect(try await client.call(.get, "/invite/\(token)").status == .notFound)
            #expect(try await client.call(.get, "/invite/made-up").status == .notFound)
        }
    }

    @Test func cookiesAreSecureWhenThePublicAddressIsHTTPS() async throws {
        let fixture = try ServerFixture()
        fixture.configuration.publicURL = "https://accord.example.org"
        try await fixture.serve { client in
            try await setPassword("sanne", "a long enough password", fixture: fixture, client: client)
            let response = try await client.call(.post, "/api/v1/sessions", ["email": "sanne.devries@example.org", "password": "a long enough password"])
            let cookieHeader = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("accord_session=") })
            #expect(cookieHeader.contains("Secure"))
        }
        // `serve` leaves its public address for `accord invite`.
        #expect(try fixture.store.setting(ServerConfiguration.publicURLSetting) == "https://accord.example.org")
    }

    @Test func failedSignInsAreThrottledPerAccountAndPerClientAddress() async throws {
        let fixture = try ServerFixture(trustedProxies: ["127.0.0.1"])
        fixture.configuration.throttle.perAccount = 3
        fixture.configuration.throttle.perAddress = 5
        try await fixture.serve { client in
            try await setPassword("amelie", "correct horse battery", fixture: fixture, client: client)
            let amelie = "amelie.durand@example.org"
            func attempt(_ email: String, _ password: String, from address: String) async throws -> TestResponse {
                try await client.call(.post, "/api/v1/sessions", ["email": email, "password": password], headers: [.init("X-Forwarded-For")!: "198.51.100.1, \(address)"])
            }
            for _ in 0..<3 { #expect(try await attempt(amelie, "wrong password", from: "203.0.113.1").status == .unauthorized) }
            // The account is locked for a while, even with the right password and from elsewhere.
            let locked = try await attempt(amelie, "correct horse battery", from: "203.0.113.2")
            #expect(locked.status == .tooManyRequests)
            #expect(Int(locked.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(locked.sessionCookie == nil)
            // The address that failed five times (with other accounts) is held back too…
            for _ in 0..<2 { #expect(try await attempt("sanne.devries@example.org", "wrong password", from: "203.0.113.1").status == .unauthorized) }
            #expect(try await attempt("katrin.bohm@example.org", "wrong password", from: "203.0.113.1").status == .tooManyRequests)
            // …but not another address.
            #expect(try await attempt("katrin.bohm@example.org", "wrong password", from: "203.0.113.3").status == .unauthorized)
        }
    }

    @Test func forwardedAddressesCountOnlyFromATrustedProxy() async throws {
        let fixture = try ServerFixture()  // no trusted proxy: X-Forwarded-For is the client's word
        fixture.configuration.throttle.perAccount = 100
        fixture.configuration.throttle.perAddress = 3
        try await fixture.serve { client in
            for index in 0..<3 {
                let response = try await client.call(.post, "/api/v1/sessions", ["email": "nobody\(index)@example.org", "password": "wrong password"],
                                                     headers: [.init("X-Forwarded-For")!: "203.0.113.\(index)"])
                #expect(response.status == .unauthorized)
            }
            let fourth = try await client.call(.post, "/api/v1/sessions", ["email": "nobody@example.org", "password": "wrong password"],
                                               headers: [.init("X-Forwarded-For")!: "203.0.113.99"])
            #expect(fourth.status == .tooManyRequests)
        }
    }

    @Test func sessionsAndTokensSurviveARestart() async throws {
        let fixture = try ServerFixture()
        let token = try fixture.token("sanne")
        let box = SessionBox()
        try await fixture.serve { client in
            try await setPassword("amelie", "correct horse battery", fixture: fixture, client: client)
            box.caller = try await client.signIn("amelie.durand@example.org", "correct horse battery")
        }
        try await fixture.serve { client in
            let caller = try #require(box.caller)
            #expect(try await client.call(.get, "/api/v1/session", as: caller).status == .ok)
            #expect(try await client.call(.get, "/api/v1/session", as: .token(token)).status == .ok)
            #expect(try fixture.store.revokeToken(CredentialStore.tokenID(token)))
            #expect(try await client.call(.get, "/api/v1/session", as: .token(token)).status == .unauthorized)
            #expect(try await client.call(.get, "/api/v1/session", as: .token("accord_nothing_here")).status == .unauthorized)
        }
    }
}

/// Carries a session from one server run to the next.
final class SessionBox: @unchecked Sendable {
    var caller: Caller?
}
