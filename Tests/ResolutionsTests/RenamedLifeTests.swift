import Foundation
import GitTestSupport
import Resolutions
import Testing
import Workflow

/// An association that calls a new amendment `lodged` and the adoption of one `carry`, in its
/// `workflows/amendment.yml` and nowhere else.
@Suite("An amendment's life under other names")
struct RenamedLifeTests {
    /// The shipped amendment's life with `tabled` renamed `lodged` and the transition `adopt` renamed `carry`.
    static let renamed: String = {
        let shipped = Shipped.workflows[RecordLayout.amendmentWorkflow] ?? ""
        return shipped.replacingOccurrences(of: "tabled", with: "lodged")
            .replacingOccurrences(of: "\n  adopt:\n", with: "\n  carry:\n")
            .replacingOccurrences(of: "passed: adopt", with: "passed: carry")
    }()

    static func workflows() -> [String: String] {
        var workflows = Shipped.workflows
        workflows[RecordLayout.amendmentWorkflow] = renamed
        return workflows
    }

    @Test("the renamed life lints clean and is what Accord reads")
    func lintsClean() throws {
        #expect(Self.renamed.contains("initial: lodged") && Self.renamed.contains("  carry:\n") && !Self.renamed.contains("adopt:"))
        #expect(WorkflowLinter.lint(Self.renamed, file: "amendment.yml", vocabulary: .accordAmendment).isEmpty)
        let life = try #require(AmendmentLife(try WorkflowDefinition.parse(Self.renamed, file: "amendment.yml", vocabulary: .accordAmendment)))
        #expect(life.initial.rawValue == "lodged")
        #expect(life.unscreened == ["lodged"])
        #expect(life.transition(.passed)?.name == "carry")
    }

    @Test("a whole procedure runs on the renamed life, and the record shows its names")
    func wholeProcedure() throws {
        let fixture = try TestRecord(workflows: Self.workflows())
        try fixture.startAmendments()
        let fallen = try fixture.table(AmendmentDraft(target: "par-6", kind: .replace, text: "Asks for a fair share;"), by: "amelie")
        let carried = try fixture.table(AmendmentDraft(target: "par-6", kind: .delete), by: "sanne")
        let covered = try fixture.table(AmendmentDraft(target: "par-9", kind: .replace, text: "Demands a dialogue;"), by: "katrin")
        let lost = try fixture.table(AmendmentDraft(target: "par-2", kind: .insertAfter, text: "Recalls its earlier call;"), by: "lucia")
        #expect(try fixture.states() == [fallen: "lodged", carried: "lodged", covered: "lodged", lost: "lodged"])
        let file = try fixture.git("show", "main:" + RecordLayout.amendment(pact, fallen)).text
        #expect(file.contains("state: lodged"), "\(file)")

        try fixture.closeAmendments()
        // A lodged amendment is still to be screened: the vote cannot open.
        let early = try #require(try fixture.refusal(.transition(resolution: pact, name: "open-voting", deadline: nil),
                                                     by: People.secretariat, at: When.voting))
        #expect(early.blockers.map(\.message).contains("not yet screened: A1, A2, A3, A4"), "\(early)")
        #expect(try fixture.snapshot().votingList(pact).map(\.amendment) == [lost, carried, fallen, covered],
                "lodged amendments are listed until screened")
        try fixture.screenRemaining()
        #expect(try fixture.states() == [fallen: "admissible", carried: "admissible", covered: "admissible", lost: "admissible"])
        let compromise = try fixture.table(AmendmentDraft(target: "par-9", kind: .replace, text: "Demands a real dialogue;", replaces: [covered]),
                                           by: People.secretariat, at: When.screening)
        #expect(try fixture.amendment(compromise)?.state == "admissible", "a compromise starts where host-states says")
        try fixture.openVoting()
        try fixture.vote(on: Amendment.id(carried), ballot(for: 6, against: 1))
        try fixture.vote(on: Amendment.id(compromise), ballot(for: 5))
        try fixture.vote(on: Amendment.id(lost), ballot(for: 1, against: 6))
        let closed = try fixture.transition("close-voting", at: When.review)
        #expect(closed.summary.hasSuffix("2 adopted, 1 rejected, 2 fallen"), "\(closed.summary)")
        #expect(try fixture.states() == [fallen: "fallen", carried: "adopted", covered: "fallen", lost: "rejected", compromise: "adopted"])
        let status = try fixture.snapshot().status(pact, now: When.review)
        #expect(status.amendments.map(\.state) == ["fallen", "adopted", "fallen", "rejected", "adopted"])
        let consolidated = try #require(try fixture.snapshot().consolidated(pact))
        #expect(!consolidated.provisions.contains { $0.id == "par-6" })
        #expect(consolidated.provisions.first { $0.id == "par-9" }?.text == "Demands a real dialogue;")

        // The record replays with its own procedures, and git finds it sound.
        #expect(try Verifier(record: fixture.record).verify().failure == nil)
        #expect(try fixture.git("fsck", "--strict").status == 0)
        #expect(try fixture.git("show", "main:workflows/amendment.yml").text.contains("carry:"))
    }

    @Test("under the shipped names, a record whose amendments are lodged cannot be screened: its states are its own")
    func namesAreTheFiles() throws {
        let fixture = try TestRecord(workflows: Self.workflows())
        try fixture.startAmendments()
        let number = try fixture.table(AmendmentDraft(target: "par-6", kind: .delete), by: "amelie")
        try fixture.closeAmendments()
        // The shipped names mean nothing here: the lodged amendment is screened through its own life.
        #expect(!(try fixture.snapshot().amendmentLife().isPending(.tabled)))
        try fixture.screen(number, admissible: false, reason: "Out of scope")
        #expect(try fixture.amendment(number)?.state == "inadmissible")
    }

    @Test("an amendment's life lacking what Accord fires or reads is refused, each gap with its line, and no record is made of it")
    func missingDeclarations() throws {
        let shipped = Shipped.workflows[RecordLayout.amendmentWorkflow] ?? ""
        let broken = shipped.replacingOccurrences(of: "  lapsed: fall\n", with: "")
            .replacingOccurrences(of: "  to-vote: [admissible]\n", with: "")
            .replacingOccurrences(of: "  inadmissible: rule-inadmissible\n", with: "  inadmissible: rule-out\n")
        let lines = broken.components(separatedBy: "\n")
        let hostLine = try #require(lines.firstIndex(of: "host:")) + 1
        let statesLine = try #require(lines.firstIndex(of: "host-states:")) + 1
        let ruleOutLine = try #require(lines.firstIndex(of: "  inadmissible: rule-out")) + 1
        let issues = WorkflowLinter.lint(broken, file: "workflows/amendment.yml", vocabulary: .accordAmendment)
        #expect(issues.map { "\($0.code)@\($0.line)" } == [
            "missing-host@\(hostLine)", "unknown-transition@\(ruleOutLine)", "missing-host@\(statesLine)",
        ], "\(issues)")
        #expect(issues.map(\.description).contains(
            "workflows/amendment.yml:\(hostLine):1: ‘host:’ must name the transition for ‘lapsed’ (when it falls because another amendment changed the same text), e.g. ‘lapsed: <transition>’"))
        #expect(issues.map(\.description).contains(
            "workflows/amendment.yml:\(statesLine):1: ‘host-states:’ must name the states for ‘to-vote’ (amendments to be put to the vote)"))

        var workflows = Shipped.workflows
        workflows[RecordLayout.amendmentWorkflow] = broken
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: AccordError.self) { try Record.create(at: folder, workflows: workflows, now: When.created) }
        #expect(!FileManager.default.fileExists(atPath: folder), "a refused record leaves no folder behind")
    }

    @Test("an amendment's life written before host: existed still works, with the shipped names, and its record verifies")
    func writtenBeforeHostDeclarations() throws {
        let shipped = Shipped.workflows[RecordLayout.amendmentWorkflow] ?? ""
        let older = try #require(shipped.components(separatedBy: "\n# The transitions Accord fires itself").first)
        #expect(!older.contains("host"))
        #expect(WorkflowLinter.lint(older, file: "amendment.yml", vocabulary: .accordAmendment).isEmpty)
        let life = try #require(AmendmentLife(try WorkflowDefinition.parse(older, file: "amendment.yml", vocabulary: .accordAmendment)))
        #expect(life.initial == AmendmentLife.shipped.initial && life.unscreened == AmendmentLife.shipped.unscreened)
        #expect(life.transition(.lapsed)?.name == "fall")

        // Under other names, nothing can be assumed: each missing declaration is reported.
        let renamedOlder = try #require(Self.renamed.components(separatedBy: "\n# The transitions Accord fires itself").first)
        let issues = WorkflowLinter.lint(renamedOlder, file: "amendment.yml", vocabulary: .accordAmendment)
        #expect(issues.map(\.code) == Array(repeating: "missing-host", count: 9), "\(issues)")
        let top = try #require(renamedOlder.components(separatedBy: "\n").firstIndex(of: "name: amendment")) + 1
        #expect(issues.allSatisfy { $0.line == top }, "reported where the workflow starts")

        var workflows = Shipped.workflows
        workflows[RecordLayout.amendmentWorkflow] = older
        let fixture = try TestRecord(workflows: workflows)
        try fixture.startAmendments()
        let number = try fixture.table(AmendmentDraft(target: "par-6", kind: .delete), by: "amelie")
        try fixture.putToTheVote()
        try fixture.vote(on: Amendment.id(number), ballot(for: 6))
        try fixture.closeVoting()
        #expect(try fixture.amendment(number)?.state == .adopted)
        #expect(try Verifier(record: fixture.record).verify().failure == nil)
    }
}
