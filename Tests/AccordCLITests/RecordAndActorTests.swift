import Foundation
import Testing

/// Finding the record (`-C`, the current folder and above) and finding who acts.
@Suite struct RecordAndActorTests {
    @Test func initCreatesABareRecordAndRefusesAFolderInUse() throws {
        let sandbox = try Sandbox()
        let printed = try sandbox.act("init", "record", in: sandbox.folder)
        #expect(printed.contains("Created an Accord record"))
        #expect(try sandbox.git("rev-parse", "--is-bare-repository") == "true")
        #expect(try sandbox.git("show", "main:accord.yml").hasPrefix("format:"))
        #expect(try sandbox.git("ls-tree", "--name-only", "main:workflows").split(separator: "\n") == ["amendment.yml", "consultation.yml", "multi-body.yml", "resolution.yml"])
        let again = try sandbox.accord(["init", "record"], in: sandbox.folder)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already holds a git repository"))
    }

    @Test func initWithoutAFolderUsesTheCurrentOne() throws {
        let sandbox = try Sandbox()
        try FileManager.default.createDirectory(at: sandbox.record, withIntermediateDirectories: true)
        try sandbox.act("init")
        #expect(try sandbox.run("status") == "No resolution yet: start one with ‘accord draft import FILE’.\n")
    }

    @Test(arguments: [["-C", "record", "status"], ["status", "-C", "record"]])
    func dashCPointsAtTheRecordBeforeOrAfterTheCommand(arguments: [String]) throws {
        let sandbox = try Sandbox.withSampleDraft()
        let outcome = try sandbox.accord(arguments, in: sandbox.folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.hasPrefix("pact-2026  drafting  Resolution on the New Pact"))
    }

    @Test func theRecordIsFoundFromAFolderInsideIt() throws {
        let sandbox = try Sandbox.withSampleDraft()
        let inside = sandbox.record.appendingPathComponent("refs/heads")
        #expect(try sandbox.run("status", in: inside).hasPrefix("pact-2026  drafting"))
    }

    @Test func outsideARecordSaysSoInPlainWords() throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.accord(["status"], in: sandbox.folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("accord: "))
        #expect(!outcome.stderr.contains("git_"), "no libgit2 function names for a policy officer: \(outcome.stderr)")
        let missing = try sandbox.accord(["-C", "nowhere", "status"], in: sandbox.folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nowhere"))
    }

    /// Who acts, as the commit author shows it.
    private func author(_ sandbox: Sandbox) throws -> String { try sandbox.git("log", "-1", "--format=%an <%ae>", "main") }

    @Test func theActorComesFromAsThenTheEnvironmentThenGit() throws {
        let sandbox = try Sandbox.withSampleDraft()
        try sandbox.act("advance", "pact-2026", "open-amendments", "--deadline", Sandbox.deadline, as: "claire.martin@example.org")
        #expect(try author(sandbox) == "Claire Martin <claire.martin@example.org>")

        try sandbox.act("amend", "pact-2026", "--target", "par-1", "--delete", environment: ["ACCORD_ACTOR": "sanne"])
        #expect(try author(sandbox) == "Sanne de Vries <sanne.devries@example.org>")

        try sandbox.act("amend", "pact-2026", "--target", "par-2", "--delete", as: "katrin", environment: ["ACCORD_ACTOR": "sanne"])
        #expect(try author(sandbox) == "Katrin Böhm <katrin.bohm@example.org>", "--as wins over ACCORD_ACTOR")

        try sandbox.git("config", "user.email", "amelie.durand@example.org")
        let printed = try sandbox.act("amend", "pact-2026", "--target", "par-3", "--delete")
        #expect(printed.hasPrefix("A3\n"))
        #expect(try author(sandbox) == "Amélie Durand <amelie.durand@example.org>")
        #expect(try sandbox.git("log", "-1", "--format=%(trailers:key=Accord-Organisation,valueonly)", "main") == "afccre")

        try sandbox.act("amend", "pact-2026", "--target", "par-5", "--delete", environment: ["ACCORD_ACTOR": "lucia"])
        #expect(try author(sandbox) == "Lucía Fernández <lucia.fernandez@example.org>", "ACCORD_ACTOR wins over git")
    }

    @Test func anUnknownOrMissingActorIsRefused() throws {
        let sandbox = try Sandbox.withSampleDraft()
        let unknown = try sandbox.refuse("advance", "pact-2026", "open-amendments", "--deadline", Sandbox.deadline, as: "mallory")
        #expect(unknown.stderr.contains("no person ‘mallory’ in the roster"))
        let nobody = try sandbox.refuse("advance", "pact-2026", "open-amendments", "--deadline", Sandbox.deadline)
        #expect(nobody.stderr.contains("--as PERSON"))
        try sandbox.git("config", "user.email", "stranger@example.org")
        let stranger = try sandbox.refuse("advance", "pact-2026", "open-amendments", "--deadline", Sandbox.deadline)
        #expect(stranger.stderr.contains("stranger@example.org"))
    }
}
