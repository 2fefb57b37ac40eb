import Foundation
import Resolutions
import Testing
import Workflow

/// Votes taken by the bodies a procedure names, and the roster that declares them.
@Suite("Bodies")
struct BodyTests {
    /// The sample roster without its bodies.
    static let rosterWithoutBodies: String = {
        let roster = Shipped.roster
        guard let start = roster.range(of: "# The bodies"), let end = roster.range(of: "people:\n") else { return roster }
        return String(roster[..<start.lowerBound] + roster[end.lowerBound...])
    }()

    @Test("a vote by a body the roster does not declare is refused in words, and nothing is written")
    func undeclaredBody() throws {
        #expect(try Roster(yaml: Self.rosterWithoutBodies, file: "roster.yml").bodies.isEmpty)
        let fixture = try TestRecord(roster: Self.rosterWithoutBodies)
        var text = try sampleText()
        text.workflow = "multi-body"
        try fixture.perform(.importDraft(text), by: People.secretariat, at: When.created)
        try fixture.openAmendments()
        try fixture.closeAmendments()
        let error = try #require(try fixture.refusal(.transition(resolution: pact, name: "open-voting", deadline: nil),
                                                     by: People.secretariat, at: When.voting))
        #expect(error.reasons == ["the procedure has the body ‘working-group’ vote while the working group votes on the amendments, but the roster declares no such body; add it under ‘bodies:’ in the roster"])
    }

    @Test("without bodies, every member organisation votes, as before")
    func wholeMembership() throws {
        let fixture = try TestRecord(roster: Self.rosterWithoutBodies)
        try fixture.startAmendments()
        try fixture.putToTheVote()
        #expect(try fixture.snapshot().meta(pact).electorate == People.organisations)
    }

    @Test("a step that waits for a vote on the text must start where the text can be voted on")
    func stepWithoutItsVote() throws {
        let shipped = Shipped.workflows["multi-body"] ?? ""
        let broken = shipped.replacingOccurrences(of: "    in: [endorsement, final-vote]\n", with: "    in: [endorsement]\n")
        #expect(broken != shipped)
        let lines = broken.components(separatedBy: "\n")
        let adopt = try #require(lines.firstIndex(of: "  adopt:"))
        let line = try #require(lines[adopt...].firstIndex(of: "    from: [final-vote]")) + 1
        let issues = WorkflowLinter.lint(broken, file: "workflows/multi-body.yml", vocabulary: .accord)
        #expect(issues.map { "\($0.code)@\($0.line)" } == ["missing-action@\(line)"], "\(issues)")
        #expect(issues.first?.message == "transition ‘adopt’ counts on ‘vote-text’ (for ‘text-vote-passed’), which is not allowed in ‘final-vote’, where it starts: add ‘final-vote’ to the action’s ‘in:’")
    }
}
