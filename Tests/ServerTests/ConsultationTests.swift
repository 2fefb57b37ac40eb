import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

/// A whole consultation through the API, people of several organisations signed in with
/// tokens and with cookie sessions; the record checked with the real git and `accord verify`.
@Suite struct ConsultationTests {
    static let script = "<script>alert(\"A1\")</script> & ‘quotes’"
    static let passwords = ["amelie": "amelie's long password", "katrin": "katrin's long password"]

    @Test func aWholeConsultationThroughTheAPI() async throws {
        let fixture = try ServerFixture()
        var tokens: [String: String] = [:]
        for person in ["claire"] + voters where Self.passwords[person] == nil { tokens[person] = try fixture.token(person) }
        let knownTokens = tokens
        let before = try fixture.commitCount()
        let clock = fixture.clock
        let box = SessionBox()
        let sessions = LockedSessions()

        try await fixture.serve { client in
            for (person, password) in Self.passwords {
                try await setPassword(person, password, fixture: fixture, client: client)
                let email = person == "amelie" ? "amelie.durand@example.org" : "katrin.bohm@example.org"
                sessions.set(person, try await client.signIn(email, password))
            }
            func caller(_ person: String) -> Caller { knownTokens[person].map { .token($0) } ?? sessions.get(person)! }
            func act(_ person: String, _ path: String, _ body: [String: Any]? = nil, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
                let response = try await client.call(.post, "/api/v1/resolutions/\(pact)/\(path)", body ?? [:], as: caller(person))
                #expect(response.status == .created, "\(person) \(path): \(response.status) \(response.text)", sourceLocation: sourceLocation)
                return response.json
            }

            clock.set(When.opened)
            _ = try await act("claire", "transitions", ["name": "open-amendments", "deadline": When.deadline])
            clock.set(When.tabling)
            let a1 = try await act("amelie", "amendments", ["target": "par-6", "kind": "replace", "text": Self.script, "justification": "Clearer"])
            #expect(a1["created"] as? String == "A1")
            #expect((a1["commit"] as? String)?.count == 40)
            _ = try await act("sanne", "amendments", ["target": "par-6", "kind": "delete", "justification": "Not needed"])
            _ = try await act("lucia", "amendments", ["target": "par-2", "kind": "insert-after", "text": "Notes the role of regions;"])
            _ = try await act("katrin", "amendments/A1/cosignatures")
            _ = try await act("giulia", "amendments/A1/cosignatures")
            _ = try await act("lucia", "amendments/A3/withdrawal")

            clock.set(When.screening)
            _ = try await act("claire", "transitions", ["name": "close-amendments"])
            _ = try await act("claire", "amendments/A1/ruling", ["admissible": true])
            _ = try await act("claire", "amendments/A2/ruling", ["admissible": false, "reason": "Outside the scope"])
            let compromise = try await act("claire", "compromises", ["target": "par-6", "kind": "replace", "text": "A compromise text;", "replaces": ["A1"]])
            #expect(compromise["created"] as? String == "A4")
            _ = try await act("claire", "amendments/A4/proposal", ["recommendation": "accept", "note": "Agreed by AFCCRE and DST"])
            _ = try await act("claire", "transitions", ["name": "open-voting"])

            clock.set(When.voting)
            for voter in voters { _ = try await act(voter, "votes", ["item": "A4", "choice": voter == "elodie" ? "against" : "for"]) }
            let votingList = try await client.call(.get, "/api/v1/resolutions/\(pact)/voting-list", as: caller("sanne"))
            #expect(votingList.status == .ok)
            #expect(votingList.jsonArray.first?["amendment"] as? String == "A4")
            _ = try await act("claire", "transitions", ["name": "close-voting"])

            clock.set(When.review)
            let status = try await client.call(.get, "/api/v1/resolutions/\(pact)", as: caller("amelie"))
            let sections = try #require(status.json["sections"] as? [[String: Any]]).compactMap { $0["id"] as? String }
            #expect(!sections.isEmpty)
            for section in sections {
                for voter in voters { _ = try await act(voter, "votes", ["item": section, "choice": "for"]) }
            }
            clock.set(When.adoption)
            _ = try await act("claire", "transitions", ["name": "adopt"])

            let final = try await client.call(.get, "/api/v1/resolutions/\(pact)", as: caller("katrin"))
            #expect(final.json["state"] as? String == "adopted")
            // Escaping is the pages' job: JSON carries the text as tabled.
            let amendments = try #require(final.json["amendments"] as? [[String: Any]])
            #expect(amendments.first { $0["id"] as? String == "A1" }?["text"] as? String == Self.script)
            #expect(amendments.first { $0["id"] as? String == "A1" }?["cosignatories"] as? [String] == ["katrin", "giulia"])
            box.caller = .token(knownTokens["claire"]!)
            // The same bytes as `accord status RES --json` at the same time.
            try Self.expectSameAsCLI(final, ["status", pact, "--json"], fixture: fixture, now: When.adoption)
            let log = try await client.call(.get, "/api/v1/resolutions/\(pact)/log?limit=3", as: caller("katrin"))
            #expect(log.jsonArray.count == 3)
            #expect(log.jsonArray.first?["action"] as? String == "transition")
            try Self.expectSameAsCLI(log, ["log", pact, "-n", "3", "--json"], fixture: fixture, now: When.adoption)
        }

        // Every action through the API is one commit, authored by its person and marked as web.
        let sectionCount = try fixture.snapshot().reviewedText(pact).sections.count
        // Opening, three tablings, two co-signatures and a withdrawal; closing, two rulings, a compromise,
        // a proposal and opening the vote; the votes, closing the vote, adoption.
        let actions = 7 + 6 + voters.count * (1 + sectionCount) + 2
        #expect(try fixture.commitCount() == before + actions)
        let log = try fixture.git("log", "--format=%an <%ae>|%(trailers:key=Accord-Actor,valueonly,separator=)|%(trailers:key=Accord-Via,valueonly,separator=)", "-\(actions)", "main")
        #expect(log.lines.count == actions)
        for line in log.lines { #expect(line.hasSuffix("|web"), "\(line)") }
        #expect(log.lines.contains { $0.hasPrefix("Amélie Durand <amelie.durand@example.org>|amelie|") })
        #expect(log.lines.contains { $0.hasPrefix("Katrin Böhm <katrin.bohm@example.org>|katrin|") })
        #expect(try fixture.git("show", "-s", "--format=%s", "main~\(actions - 5)").text == "Co-sign amendment A1 (DST)")
        #expect(try fixture.git("fsck", "--strict").status == 0)
        #expect(try fixture.git("tag", "--list").lines.contains("\(pact)/adopted"))

        // `accord verify` replays every commit, the web's and the co-signatures included.
        let accord = try #require(Binaries.path("accord"))
        let verify = try Binaries.run(accord, ["-C", fixture.path, "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        // No password, hash, token or session id in any object of the record.
        let objects = try fixture.git("cat-file", "--batch-all-objects", "--batch").stdout
        #expect(objects.contains("Accord-Via: web"))
        var secrets = Array(knownTokens.values) + Array(Self.passwords.values) + ["$2b$", "$2a$", "$2y$", "accord_session"]
        for case .session(let cookie, let csrf) in sessions.all { secrets += [cookie, csrf ?? "none"] }
        for secret in secrets { #expect(!objects.contains(secret), "\(secret) is in the record") }
        #expect(!FileManager.default.fileExists(atPath: fixture.path + "/accord/server.sqlite"))  // --data was given
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.folder + "/data/server.sqlite")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// Checks that a response's body is exactly what the CLI prints.
    static func expectSameAsCLI(_ response: TestResponse, _ arguments: [String], fixture: ServerFixture, now: String,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let accord = try #require(Binaries.path("accord"), sourceLocation: sourceLocation)
        let printed = try Binaries.run(accord, ["-C", fixture.path] + arguments, environment: ["ACCORD_NOW": now])
        #expect(printed.status == 0, sourceLocation: sourceLocation)
        #expect(response.text == printed.stdout, sourceLocation: sourceLocation)
    }
}

/// Sessions by person, shared by the closures of a test.
final class LockedSessions: @unchecked Sendable {
    private let lock = NSLock()
    private var sessions: [String: Caller] = [:]

    func set(_ person: String, _ caller: Caller) {
        lock.lock()
        sessions[person] = caller
        lock.unlock()
    }

    func get(_ person: String) -> Caller? {
        lock.lock()
        defer { lock.unlock() }
        return sessions[person]
    }

    var all: [Caller] {
        lock.lock()
        defer { lock.unlock() }
        return Array(sessions.values)
    }
}
