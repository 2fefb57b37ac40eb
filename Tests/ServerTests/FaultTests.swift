import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Resolutions
import Server
import Testing

/// The server as a process of its own, killed and restarted, and writers side by side.
@Suite(.serialized) struct FaultTests {
    /// The sample resolution in voting, with `count` admissible amendments (A1…).
    static func votingRecord(amendments count: Int) throws -> ServerFixture {
        let fixture = try ServerFixture()
        try fixture.perform(.transition(resolution: pact, name: "open-amendments", deadline: TestClock.date(When.deadline)), by: "claire", at: When.opened)
        for number in 1...count {
            let draft = AmendmentDraft(target: "par-\(1 + number % 14)", kind: .insertAfter, text: "New point \(number);")
            try fixture.perform(.table(resolution: pact, draft), by: voters[number % voters.count], at: When.tabling)
        }
        try fixture.perform(.transition(resolution: pact, name: "close-amendments", deadline: nil), by: "claire", at: When.screening)
        for number in 1...count {
            try fixture.perform(.screen(resolution: pact, amendment: number, admissible: true, reason: nil), by: "claire", at: When.screening)
        }
        try fixture.perform(.transition(resolution: pact, name: "open-voting", deadline: nil), by: "claire", at: When.screening)
        return fixture
    }

    static func vote(_ client: TestClient, token: String, item: String, choice: String = "for") async throws -> (HTTPResponse.Status, String?) {
        let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["item": item, "choice": choice]))
        let response = try await client.post("/api/v1/resolutions/\(pact)/votes",
                                             headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: body)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body ?? ByteBuffer()))) as? [String: Any]
        return (response.status, json?["commit"] as? String)
    }

    @Test(.timeLimit(.minutes(3))) func killedDuringABurstOfVotesEveryAnsweredVoteIsRecorded() async throws {
        let fixture = try Self.votingRecord(amendments: 12)
        let tokens = try voters.map { try fixture.token($0) }
        let (server, port) = try await startServer(fixture)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let answered = AnsweredVotes()
        // Eight organisations vote at once, one keep-alive connection each; the server is killed
        // with SIGKILL once a third of the votes are answered.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, token) in tokens.enumerated() {
                group.addTask {
                    try? await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                        for number in 1...12 {
                            guard let (status, commit) = try? await Self.vote(client, token: token, item: "A\(number)") else { return }
                            if status == .created, let commit { answered.add(commit, voter: index) }
                        }
                    }
                }
            }
            group.addTask {
                while answered.count < 32 && server.isRunning { try await Task.sleep(for: .milliseconds(5)) }
                kill(server.processIdentifier, SIGKILL)
            }
            try await group.waitForAll()
        }
        server.waitUntilExit()
        #expect(server.terminationReason == .uncaughtSignal)
        let commits = answered.all
        #expect(commits.count >= 32)
        #expect(commits.count < tokens.count * 12, "the burst ended before the kill")
        for commit in commits {
            #expect(try fixture.git("merge-base", "--is-ancestor", commit, "main").status == 0, "answered 201 but \(commit) is not on main")
        }
        #expect(try fixture.git("fsck", "--strict").status == 0)

        // After a restart, tokens still work and the rest of the votes land.
        let (again, secondPort) = try await startServer(fixture)
        defer { kill(again.processIdentifier, SIGTERM) }
        try await TestClient.withClient(host: "127.0.0.1", port: secondPort) { client in
            let me = try await client.get("/api/v1/session", headers: [.authorization: "Bearer \(tokens[0])"])
            #expect(me.status == .ok)
            for token in tokens {
                for number in 1...12 {
                    let (status, _) = try await Self.vote(client, token: token, item: "A\(number)")
                    #expect(status == .created)
                }
            }
        }
        let snapshot = try fixture.snapshot()
        let votes = try snapshot.amendmentVotes(pact)
        #expect((1...12).allSatisfy { votes[$0]?.count == voters.count })
        let accord = try #require(Binaries.path("accord"))
        let verify = try Binaries.run(accord, ["-C", fixture.path, "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test(.timeLimit(.minutes(3))) func twoServersAndCLIProcessesWritingAtOnceLandExactlyOnce() async throws {
        let fixture = try Self.votingRecord(amendments: 6)
        let tokens = try voters.map { try fixture.token($0) }
        let (first, firstPort) = try await startServer(fixture)
        defer { kill(first.processIdentifier, SIGTERM) }
        let (second, secondPort) = try await startServer(fixture)
        defer { kill(second.processIdentifier, SIGTERM) }
        let before = try fixture.commitCount()
        let accord = try #require(Binaries.path("accord"))
        let failures = AnsweredVotes()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Four organisations through one server, four through the other, on A1–A4.
            for (index, token) in tokens.enumerated() {
                group.addTask {
                    try await TestClient.withClient(host: "127.0.0.1", port: index % 2 == 0 ? firstPort : secondPort) { client in
                        for number in 1...4 {
                            let (status, _) = try await Self.vote(client, token: token, item: "A\(number)")
                            if status != .created { failures.add("\(status)", voter: index) }
                        }
                    }
                }
            }
            // Meanwhile the CLI votes on A5 and A6 for every organisation.
            group.addTask {
                for voter in voters {
                    for item in ["A5", "A6"] {
                        let run = try Binaries.run(accord, ["-C", fixture.path, "vote", pact, item, "--against", "--as", voter],
                                                   environment: ["ACCORD_NOW": When.voting])
                        if run.status != 0 { failures.add(run.stderr, voter: -1) }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try fixture.commitCount() == before + voters.count * 6)
        let votes = try fixture.snapshot().amendmentVotes(pact)
        #expect((1...6).allSatisfy { votes[$0]?.count == voters.count })
        // accord serve takes "now" from ACCORD_NOW, as the CLI does.
        let dates = Set(try fixture.git("log", "--format=%aI", "-\(voters.count * 6)", "main").lines)
        #expect(dates == ["2026-11-25T09:00:00Z"] || dates == ["2026-11-25T09:00:00+00:00"], "\(dates)")
        #expect(try fixture.git("log", "--format=%s", "-\(voters.count * 6)", "main").lines.count == Set(try fixture.git("log", "--format=%s", "-\(voters.count * 6)", "main").lines).count)
        let verify = try Binaries.run(accord, ["-C", fixture.path, "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}

/// The commits answered 201, gathered from concurrent clients.
final class AnsweredVotes: @unchecked Sendable {
    private let lock = NSLock()
    private var commits: [(String, Int)] = []

    func add(_ commit: String, voter: Int) {
        lock.lock()
        commits.append((commit, voter))
        lock.unlock()
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return commits.count
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return commits.map(\.0)
    }

}
