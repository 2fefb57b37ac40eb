import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

/// The frame of the pages: signing in and out through forms, the home page, errors as pages,
/// and the form token every state-changing page request must carry.
@Suite struct PageFrameTests {
    @Test func aPersonSignsInThroughTheFormSeesWhatWaitsAndSignsOut() async throws {
        let fixture = try ServerFixture()
        try fixture.perform(.transition(resolution: pact, name: "open-amendments", deadline: TestClock.date(When.deadline)),
                            by: "claire", at: When.opened)
        try await fixture.serve { client in
            try await setPassword("amelie", "a long enough password", fixture: fixture, client: client)
            // Signed out, a page sends the person to sign in, and back afterwards.
            let away = try await client.page("/")
            #expect(away.status == .seeOther)
            #expect(away.headers[.location] == "/sign-in?next=%2F")
            let form = try await client.page("/sign-in")
            #expect(form.text.contains(#"<label for="email">Email</label>"#))
            #expect(form.text.contains(#"<label for="password">Password</label>"#))
            #expect(form.text.contains(#"<button type="submit">Sign in</button>"#))

            let wrong = try await client.submit("/sign-in", [("email", "amelie.durand@example.org"), ("password", "not it at all")], as: .anonymous)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text.contains("The email or password is wrong") || wrong.text.contains("Check both"), "\(wrong.text)")
            #expect(wrong.text.contains(#"value="amelie.durand@example.org""#), "the email typed is kept")

            let amelie = try await client.signInPage("amelie.durand@example.org", "a long enough password")
            let home = try await client.page("/", as: amelie)
            #expect(home.status == .ok)
            #expect(home.text.contains("Amélie Durand"))
            #expect(home.text.contains("Amendments may be tabled until 20 November 2026 at 18:00 UTC."), "\(home.text)")

            // A form without its token is refused, and the person stays signed in.
            let forged = try await client.submit("/sign-out", [], as: amelie, csrf: false)
            #expect(forged.status == .forbidden)
            #expect(try await client.page("/", as: amelie).status == .ok)
            let out = try await client.submit("/sign-out", [], as: amelie)
            #expect(out.status == .seeOther)
            #expect(try await client.page("/", as: amelie).status == .seeOther)
        }
    }

    @Test func errorsOutsideTheAPIArePagesAndStylesAreServedFromTheServer() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client in
            let missing = try await client.page("/no/such/page")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "text/html; charset=utf-8")
            let css = try await client.page("/assets/accord.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            let etag = try #require(css.headers[.eTag])
            let again = try await client.executeRequest(uri: "/assets/accord.css", method: .get, headers: [.ifNoneMatch: etag], body: nil)
            #expect(again.status == .notModified)
            #expect(try await client.page("/sign-in?next=//elsewhere.example").text.contains(#"name="next" value="/""#), "no sign-in sends a person to another site")
        }
    }

    @Test func aBodyTooLargeIsRefusedAs413NotAsAnInternalError() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client in
            try await setPassword("amelie", "a long enough password", fixture: fixture, client: client)
            let amelie = try await client.signIn("amelie.durand@example.org", "a long enough password")
            let huge = String(repeating: "x", count: 3 << 20)
            let api = try await client.call(.post, "/api/v1/resolutions/\(pact)/votes", ["item": "A1", "choice": huge], as: amelie)
            #expect(api.status == .contentTooLarge, "\(api.status) \(api.text.prefix(300))")
            #expect(api.json["error"] as? String == "the request is too large")
            let page = try await client.submit("/sign-in", [("email", huge), ("password", "x")], as: .anonymous)
            #expect(page.status == .contentTooLarge)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
        }
    }
}
