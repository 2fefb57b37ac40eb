import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

/// Every action × role × resolution state of the shipped workflow, through the API: the
/// status code, and nothing written on a refusal.
@Suite struct AuthorisationTests {
    /// tomasz: the secretariat only; amelie: a member of AFCCRE, which tabled A1; pieter: a member of VNG.
    static let people = ["tomasz", "amelie", "pieter"]

    struct Cell: Sendable {
        let action: String
        let path: String
        let body: [String: String]
        let boolBody: [String: Bool]
        init(_ action: String, _ path: String, _ body: [String: String] = [:], bool: [String: Bool] = [:]) {
            (self.action, self.path, self.body, boolBody) = (action, path, body, bool)
        }
        var json: [String: Any] {
            var json: [String: Any] = body
            for (key, value) in boolBody { json[key] = value }
            if action == "compromise" { json["replaces"] = ["A1"] }
            return json
        }
    }

    static func cells(transition: String, deadline: Bool = false) -> [Cell] {
        [
            Cell("table", "amendments", ["target": "par-4", "kind": "replace", "text": "New text;"]),
            Cell("withdraw", "amendments/A1/withdrawal"),
            Cell("cosign", "amendments/A1/cosignatures"),
            Cell("screen", "amendments/A1/ruling", bool: ["admissible": true]),
            Cell("propose", "amendments/A1/proposal", ["recommendation": "accept"]),
            Cell("compromise", "compromises", ["target": "par-6", "kind": "replace", "text": "Both;"]),
            Cell("vote", "votes", ["item": "A1", "choice": "for"]),
            Cell(transition, "transitions", deadline ? ["name": transition, "deadline": When.deadline] : ["name": transition]),
        ]
    }

    /// Expected codes for tomasz, amelie, pieter, per action, in each state.
    static let expected: [String: [String: [Int]]] = [
        "drafting": [
            "table": [403, 409, 409], "withdraw": [404, 404, 404], "cosign": [404, 404, 404], "screen": [404, 404, 404],
            "propose": [404, 404, 404], "compromise": [404, 404, 404], "vote": [404, 404, 404], "open-amendments": [201, 403, 403],
        ],
        "amendments": [
            "table": [403, 201, 201], "withdraw": [403, 201, 403], "cosign": [403, 403, 201], "screen": [409, 403, 403],
            "propose": [409, 403, 403], "compromise": [409, 403, 403], "vote": [403, 409, 409], "close-amendments": [409, 403, 403],
        ],
        "screening": [
            "table": [403, 409, 409], "withdraw": [403, 201, 403], "cosign": [403, 403, 409], "screen": [201, 403, 403],
            "propose": [201, 403, 403], "compromise": [201, 403, 403], "vote": [403, 409, 409], "open-voting": [409, 403, 403],
        ],
        "voting": [
            "table": [403, 409, 409], "withdraw": [403, 409, 403], "cosign": [403, 403, 409], "screen": [409, 403, 403],
            "propose": [409, 403, 403], "compromise": [409, 403, 403], "vote": [403, 201, 201], "close-voting": [201, 403, 403],
        ],
        "review": [
            "table": [403, 409, 409], "withdraw": [403, 409, 403], "cosign": [403, 403, 409], "screen": [409, 403, 403],
            "propose": [409, 403, 403], "compromise": [409, 403, 403], "vote": [403, 409, 409], "adopt": [409, 403, 403],
        ],
    ]

    /// Brings a fresh record to `state` through the library; returns the time to act at and the step to try.
    static func prepare(_ state: String, _ fixture: ServerFixture) throws -> (String, [Cell]) {
        if state == "drafting" { return (When.opened, cells(transition: "open-amendments", deadline: true)) }
        try fixture.perform(.transition(resolution: pact, name: "open-amendments", deadline: TestClock.date(When.deadline)), by: "claire", at: When.opened)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-6", kind: .replace, text: "Other text;")), by: "amelie", at: When.tabling)
        if state == "amendments" { return (When.tabling, cells(transition: "close-amendments")) }
        try fixture.perform(.transition(resolution: pact, name: "close-amendments", deadline: nil), by: "claire", at: When.screening)
        if state == "screening" { return (When.screening, cells(transition: "open-voting")) }
        try fixture.perform(.screen(resolution: pact, amendment: 1, admissible: true, reason: nil), by: "claire", at: When.screening)
        try fixture.perform(.transition(resolution: pact, name: "open-voting", deadline: nil), by: "claire", at: When.screening)
        if state == "voting" { return (When.voting, cells(transition: "close-voting")) }
        for voter in voters.prefix(5) { try fixture.perform(.vote(resolution: pact, item: "A1", choice: .for), by: voter, at: When.voting) }
        try fixture.perform(.transition(resolution: pact, name: "close-voting", deadline: nil), by: "claire", at: When.voting)
        return (When.review, cells(transition: "adopt"))
    }

    @Test(arguments: ["drafting", "amendments", "screening", "voting", "review"])
    func everyActionByEveryRoleIn(state: String) async throws {
        let fixture = try ServerFixture()
        let (now, cells) = try Self.prepare(state, fixture)
        fixture.clock.set(now)
        let tokens = try Self.people.map { try fixture.token($0) }
        let expected = try #require(Self.expected[state])
        try await fixture.serve { client in
            for cell in cells {
                let codes = try #require(expected[cell.action], "\(cell.action)")
                // Signed out: 401 whatever the action.
                let anonymous = try await client.call(.post, "/api/v1/resolutions/\(pact)/\(cell.path)", cell.json)
                #expect(anonymous.status == .unauthorized, "\(state) \(cell.action) signed out")
                for (index, person) in Self.people.enumerated() {
                    let before = try fixture.tip()
                    let response = try await client.call(.post, "/api/v1/resolutions/\(pact)/\(cell.path)", cell.json, as: .token(tokens[index]))
                    #expect(Int(response.status.code) == codes[index], "\(state): \(cell.action) by \(person): \(response.status.code) \(response.reasons)")
                    if response.status == .created {
                        #expect(try fixture.tip() == response.json["commit"] as? String)
                        // Back to the state under test for the next cell (the objects stay; only main moves).
                        try fixture.git("update-ref", "refs/heads/main", before)
                    } else {
                        #expect(try fixture.tip() == before, "\(state): a refused \(cell.action) by \(person) moved main")
                        #expect(response.json["error"] is String && !response.reasons.isEmpty)
                    }
                }
            }
        }
    }

    @Test func malformedAndUnknownIdsAreNotFoundAndWriteNothing() async throws {
        let fixture = try ServerFixture()
        _ = try Self.prepare("amendments", fixture)
        fixture.clock.set(When.tabling)
        let token = try fixture.token("pieter")
        let before = try fixture.tip()
        try await fixture.serve { client in
            let paths = [
                "/api/v1/resolutions/..%2F..%2Fetc", "/api/v1/resolutions/../etc/voting-list", "/api/v1/resolutions/%2E%2E/log",
                "/api/v1/resolutions/PACT-2026", "/api/v1/resolutions/no-such-resolution", "/api/v1/resolutions/pact-2026%2F..%2Fx/log",
            ]
            for path in paths {
                let response = try await client.call(.get, path, as: .token(token))
                #expect(response.status == .notFound, "\(path): \(response.status)")
            }
            let actions: [(String, [String: Any])] = [
                ("/api/v1/resolutions/..%2Fpact-2026/amendments/A1/cosignatures", [:]),
                ("/api/v1/resolutions/pact-2026/amendments/..%2FA1/cosignatures", [:]),
                ("/api/v1/resolutions/pact-2026/amendments/A99/cosignatures", [:]),
                ("/api/v1/resolutions/pact-2026/amendments", ["target": "../par-1", "kind": "replace", "text": "x"]),
                ("/api/v1/resolutions/pact-2026/amendments", ["target": "par-999", "kind": "replace", "text": "x"]),
                ("/api/v1/resolutions/pact-2026/votes", ["item": "../A1", "choice": "for"]),
            ]
            for (path, body) in actions {
                let response = try await client.call(.post, path, body, as: .token(token))
                #expect(response.status == .notFound, "\(path) \(body): \(response.status) \(response.text)")
            }
            // Malformed bodies are 422, in words.
            let malformed: [[String: Any]] = [["target": "par-4"], ["target": "par-4", "kind": "rewrite"], ["target": 4, "kind": "replace"]]
            for body in malformed {
                let response = try await client.call(.post, "/api/v1/resolutions/pact-2026/amendments", body, as: .token(token))
                #expect(response.status == .unprocessableContent, "\(body): \(response.status)")
                #expect(!response.reasons.isEmpty)
            }
            let notJSON = try await client.executeRequest(uri: "/api/v1/resolutions/pact-2026/votes", method: .post,
                                                          headers: [.authorization: "Bearer \(token)"], body: .init(string: "{not json"))
            #expect(notJSON.status == .unprocessableContent)
        }
        #expect(try fixture.tip() == before)
    }

    @Test func cookieSessionsNeedTheCSRFTokenAndBearerTokensDoNot() async throws {
        let fixture = try ServerFixture()
        _ = try Self.prepare("amendments", fixture)
        fixture.clock.set(When.tabling)
        let token = try fixture.token("katrin")
        try await fixture.serve { client in
            try await setPassword("pieter", "pieter's long password", fixture: fixture, client: client)
            guard case .session(let cookie, let csrf) = try await client.signIn("pieter.bakker@example.org", "pieter's long password") else { return }
            let body: [String: Any] = ["target": "par-4", "kind": "delete"]
            let before = try fixture.tip()
            for caller in [Caller.session(cookie: cookie, csrf: nil), .session(cookie: cookie, csrf: "forged")] {
                let refused = try await client.call(.post, "/api/v1/resolutions/\(pact)/amendments", body, as: caller)
                #expect(refused.status == .forbidden)
                #expect(refused.reasons.first?.contains("X-CSRF-Token") == true)
            }
            // Signing out is state-changing too.
            #expect(try await client.call(.delete, "/api/v1/session", as: .session(cookie: cookie, csrf: nil)).status == .forbidden)
            #expect(try fixture.tip() == before)
            // Reads need no token.
            #expect(try await client.call(.get, "/api/v1/resolutions/\(pact)", as: .session(cookie: cookie, csrf: nil)).status == .ok)
            let accepted = try await client.call(.post, "/api/v1/resolutions/\(pact)/amendments", body, as: .session(cookie: cookie, csrf: csrf))
            #expect(accepted.status == .created)
            let scripted = try await client.call(.post, "/api/v1/resolutions/\(pact)/amendments/A1/cosignatures", as: .token(token))
            #expect(scripted.status == .created)
        }
    }
}
