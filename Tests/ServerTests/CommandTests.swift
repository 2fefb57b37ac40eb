import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

/// `accord invite` and `accord token`, run as people run them: through the `accord` binary,
/// which runs `accord-server` beside it.
@Suite struct CommandTests {
    @Test func inviteAndTokenCommandsGiveWorkingCredentials() async throws {
        let fixture = try ServerFixture()
        let accord = try #require(Binaries.path("accord"), "build the products first (swift build)")
        let data = ["--data", fixture.folder + "/data"]
        try fixture.store.setSetting(ServerConfiguration.publicURLSetting, "https://accord.example.org/")

        let created = try Binaries.run(accord, ["-C", fixture.path, "token", "create", "sanne", "--name", "voting script"] + data)
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("accord_"))
        #expect(created.stderr.contains("Sanne de Vries"))
        let listed = try Binaries.run(accord, ["-C", fixture.path, "token", "list"] + data)
        #expect(listed.stdout.contains("sanne") && listed.stdout.contains("voting script") && !listed.stdout.contains(token))

        let invited = try Binaries.run(accord, ["-C", fixture.path, "invite", "katrin.bohm@example.org"] + data)
        #expect(invited.status == 0, "\(invited.stderr)")
        let link = invited.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(link.hasPrefix("https://accord.example.org/invite/"))
        let secret = String(link.split(separator: "/").last ?? "")

        let unknown = try Binaries.run(accord, ["-C", fixture.path, "invite", "nobody"] + data)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no person ‘nobody’"))

        try await fixture.serve { client in
            #expect(try await client.call(.get, "/api/v1/session", as: .token(token)).status == .ok)
            let accepted = try await client.call(.post, "/api/v1/invitations/\(secret)", ["password": "katrin's long password"])
            #expect(accepted.status == .ok)
            _ = try await client.signIn("katrin.bohm@example.org", "katrin's long password")
            let revoked = try Binaries.run(accord, ["-C", fixture.path, "token", "revoke", token] + data)
            #expect(revoked.status == 0, "\(revoked.stderr)")
            #expect(try await client.call(.get, "/api/v1/session", as: .token(token)).status == .unauthorized)
        }
        let help = try Binaries.run(accord, ["serve", "--help"])
        #expect(help.stdout.contains("--public-url") && help.stdout.contains("--trusted-proxy"))
    }

    @Test func serveStopsCleanlyOnSIGTERM() async throws {
        let fixture = try ServerFixture()
        let (process, _) = try await startServer(fixture, now: When.opened)
        defer { if process.isRunning { process.terminate() } }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<50 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!process.isRunning)
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}
