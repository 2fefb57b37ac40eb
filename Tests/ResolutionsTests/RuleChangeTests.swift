import Foundation
import GitTestSupport
import Resolutions
import Testing
import Workflow

/// Changing the rules of procedure mid-way: an action like any other, checked, recorded and verified.
@Suite("Changing the rules")
struct RuleChangeTests {
    static let shippedResolution = Shipped.workflows["resolution"] ?? ""

    /// The shipped procedure with a two-thirds quorum.
    static let stricter = shippedResolution.replacingOccurrences(of: "  quorum: 1/2\n", with: "  quorum: 2/3\n")

    @Test("a change of the voting rule mid-procedure is one commit by the secretariat, holds from then on, and verifies")
    func changeMidProcedure() throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let number = try fixture.table(AmendmentDraft(target: "par-6", kind: .delete), by: "amelie")
        #expect(Self.stricter != Self.shippedResolution)
        let before = try fixture.commitCount()
        let changed = try fixture.perform(.installWorkflow(name: "resolution", yaml: Self.stricter), by: People.secretariat, at: When.tabling)
        #expect(changed.summary == "Change the procedure ‘resolution’")
        #expect(try fixture.commitCount() == before + 1)
        #expect(try fixture.git("diff", "--name-only", "main~1", "main").lines == ["workflows/resolution.yml"])
        let message = try fixture.git("log", "-1", "--format=%B", "main").lines
        #expect(message.contains("Accord-Action: install-workflow") && message.contains("Accord-Workflow: resolution"), "\(message)")
        #expect(try fixture.git("show", "main:workflows/resolution.yml").stdout == Self.stricter)

        // The same version again changes nothing, and is refused.
        let again = try #require(try fixture.refusal(.installWorkflow(name: "resolution", yaml: Self.stricter), by: People.secretariat, at: When.tabling))
        #expect(again.blockers.map(\.code) == ["unchanged"])

        // Five of eight took part: enough under a half, not under two thirds.
        try fixture.putToTheVote()
        try fixture.vote(on: Amendment.id(number), ballot(for: 5))
        try fixture.closeVoting()
        #expect(try fixture.amendment(number)?.state == .rejected)
        #expect(try fixture.amendment(number)?.outcome?.contains("quorum not reached: 5 of 8 organisations took part, 6 needed") == true)

        #expect(try Verifier(record: fixture.record).verify().failure == nil)
        #expect(try fixture.git("fsck", "--strict").status == 0)
    }

    @Test("a change is refused while a resolution sits in a state the new version lacks, to anyone but the secretariat, and when it does not lint")
    func refusedChanges() throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let renamed = Self.shippedResolution.replacingOccurrences(of: "amendments:\n    description: members", with: "tabling:\n    description: members")
            .replacingOccurrences(of: "to: amendments", with: "to: tabling")
            .replacingOccurrences(of: "from: [amendments]", with: "from: [tabling]")
            .replacingOccurrences(of: "[drafting, amendments, screening", with: "[drafting, tabling, screening")
            .replacingOccurrences(of: "in: [amendments", with: "in: [tabling")
        #expect(WorkflowLinter.lint(renamed, file: "resolution.yml", vocabulary: .accord).isEmpty)
        let stranded = try #require(try fixture.refusal(.installWorkflow(name: "resolution", yaml: renamed), by: People.secretariat, at: When.tabling))
        #expect(stranded.reasons == ["pact-2026 is at a point the new version does not have (members and drafters table amendments until the deadline): finish or abandon it first, or keep that state"])

        let member = try #require(try fixture.refusal(.installWorkflow(name: "resolution", yaml: Self.stricter), by: "amelie", at: When.tabling))
        #expect(member.blockers.map(\.code) == ["role"])
        #expect(member.reasons.first?.hasPrefix("only the secretariat may change the rules of procedure") == true)

        let broken = Self.stricter.replacingOccurrences(of: "    to: screening\n", with: "    to: screenign\n")
        let line = try #require(broken.components(separatedBy: "\n").firstIndex(of: "    to: screenign")) + 1
        let invalid = try #require(try fixture.refusal(.installWorkflow(name: "resolution", yaml: broken), by: People.secretariat, at: When.tabling))
        guard case .invalidInput(let input) = invalid else { Issue.record("expected bad input, got \(invalid)"); return }
        #expect(input.problems.contains { $0.file == "workflows/resolution.yml" && $0.line == line && $0.message.contains("‘screenign’ is not declared") }, "\(input)")
    }

    @Test("the amendment's life changes only where no amendment would be stranded; then new amendments follow it")
    func amendmentLifeChange() throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        let number = try fixture.table(AmendmentDraft(target: "par-6", kind: .delete), by: "amelie")
        let refused = try #require(try fixture.refusal(.installWorkflow(name: RecordLayout.amendmentWorkflow, yaml: RenamedLifeTests.renamed),
                                                       by: People.secretariat, at: When.tabling))
        #expect(refused.reasons == ["A\(number) of pact-2026 is at a point the new amendment’s life does not have (the amendment awaits screening): keep that state"])

        try fixture.perform(.withdraw(resolution: pact, amendment: number), by: "amelie", at: When.tabling)
        try fixture.perform(.installWorkflow(name: RecordLayout.amendmentWorkflow, yaml: RenamedLifeTests.renamed), by: People.secretariat, at: When.tabling)
        let next = try fixture.table(AmendmentDraft(target: "par-7", kind: .delete), by: "sanne")
        #expect(try fixture.amendment(next)?.state == "lodged")
        #expect(try Verifier(record: fixture.record).verify().failure == nil)
    }

    @Test("a workflow file edited by hand is caught by verify, as its own commit or slipped into an action's")
    func handEditsAreCaught() throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        try fixture.table(AmendmentDraft(target: "par-6", kind: .delete), by: "amelie")
        let edited = try fixture.blob(Self.stricter)
        try fixture.forgeCopyOfLastCommit { lines in
            lines = lines.map { $0.hasSuffix("\tworkflows/resolution.yml") ? "100644 blob \(edited)\tworkflows/resolution.yml" : $0 }
        }
        let slipped = try #require(try Verifier(record: fixture.record).verify().failure)
        #expect(slipped.reason == "it changed ‘workflows/resolution.yml’, which its action does not touch", "\(slipped)")

        let plain = try TestRecord()
        try plain.startAmendments()
        let tree = try plain.makeTree(try plain.git("ls-tree", "-r", "--full-tree", "main").lines.map {
            $0.hasSuffix("\tworkflows/resolution.yml") ? "100644 blob \(try plain.blob(Self.stricter))\tworkflows/resolution.yml" : $0
        })
        let commit = try plain.git(["commit-tree", tree, "-p", "main"], input: "Require a two-thirds quorum\n").text
        try #require(try plain.git("update-ref", "refs/heads/main", commit).status == 0)
        let byHand = try #require(try Verifier(record: plain.record).verify().failure)
        #expect(byHand.commit.hex == commit)
        #expect(byHand.reason.hasPrefix("not made by Accord"), "\(byHand)")

        // Dressed up as a rule change by a member, it is an action the member could not take.
        let dressed = try TestRecord()
        try dressed.startAmendments()
        let dressedTree = try dressed.makeTree(try dressed.git("ls-tree", "-r", "--full-tree", "main").lines.map {
            $0.hasSuffix("\tworkflows/resolution.yml") ? "100644 blob \(try dressed.blob(Self.stricter))\tworkflows/resolution.yml" : $0
        })
        let message = "Change the procedure ‘resolution’\n\nAccord-Action: install-workflow\nAccord-Actor: amelie\n"
            + "Accord-Organisation: afccre\nAccord-Workflow: resolution\n"
        let who = ["GIT_AUTHOR_NAME": "Amélie Durand", "GIT_AUTHOR_EMAIL": "amelie.durand@example.org"]
        let forged = try dressed.git(["commit-tree", dressedTree, "-p", "main"], input: message, environment: who).text
        try #require(try dressed.git("update-ref", "refs/heads/main", forged).status == 0)
        let notAllowed = try #require(try Verifier(record: dressed.record).verify().failure)
        #expect(notAllowed.commit.hex == forged)
        #expect(notAllowed.reason.hasPrefix("‘install-workflow’ was not allowed at that point: only the secretariat may change the rules of procedure"), "\(notAllowed)")
    }

    @Test("a new record takes its procedures from a folder only if they all lint, and needs an amendment's life")
    func recordFromProcedures() throws {
        var workflows = Shipped.workflows
        workflows["resolution"] = Self.stricter.replacingOccurrences(of: "    to: screening\n", with: "    to: screenign\n")
        workflows.removeValue(forKey: RecordLayout.amendmentWorkflow)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = try #require(throws: AccordError.self) { try Record.create(at: folder, workflows: workflows, now: When.created) }
        guard case .invalidInput(let input) = error else { Issue.record("expected bad input, got \(error)"); return }
        #expect(Set(input.problems.map(\.file)) == ["workflows/amendment.yml", "workflows/resolution.yml"], "\(input)")
        #expect(input.problems.first?.message.hasPrefix("the record needs an amendment’s life") == true)
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
