import Foundation
import Testing
import Workflow

@Suite("Shipped workflows")
struct ShippedWorkflowTests {
    static let names = ["resolution", "amendment", "consultation", "multi-body"]

    @Test("each shipped workflow lints clean with the host vocabulary", arguments: names)
    func lintsClean(name: String) throws {
        let url = TestSupport.workflowsFolder.appendingPathComponent("\(name).yml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let issues = WorkflowLinter.lint(text, file: url.path, vocabulary: TestSupport.hostVocabulary)
        #expect(issues.isEmpty, "\(issues)")
        #expect(try TestSupport.shipped(name).name == name)
    }

    @Test("the resolution workflow has the states, transitions and actions other modules rely on")
    func resolutionShape() throws {
        let workflow = try TestSupport.shipped("resolution")
        #expect(workflow.roles == ["secretariat", "drafter", "member"])
        #expect(workflow.initialState == "drafting")
        #expect(workflow.states.map(\.name) == ["drafting", "amendments", "screening", "voting", "review", "adopted", "abandoned"])
        #expect(workflow.states.filter(\.isFinal).map(\.name) == ["adopted", "abandoned"])
        #expect(workflow.transitions.map(\.name) == [
            "open-amendments", "extend-deadline", "close-amendments", "open-voting",
            "close-voting", "adopt", "refer-back", "abandon",
        ])
        #expect(workflow.actions.map(\.name) == [
            "update-draft", "table-amendment", "withdraw-amendment", "screen-amendment",
            "propose-procedure", "table-compromise", "vote-amendment", "vote-section", "translate",
        ])
        #expect(workflow.action(named: "translate")?.roles == ["secretariat", "drafter"])
        #expect(workflow.transition(named: "adopt")?.guards.map(\.summary) == ["every-section-approved", "translations-current"])
        #expect(workflow.transition(named: "open-voting")?.effects == ["fix-electorate"])
        #expect(workflow.transition(named: "open-voting")?.guards == [
            .predicate(name: "no-unscreened-amendments", message: "every tabled amendment must be screened first"),
        ])
        #expect(workflow.transition(named: "close-amendments")?.guards == [
            .deadline(DeadlineRequirement(date: "amendment-deadline", side: .after)),
        ])
        #expect(workflow.transition(named: "abandon")?.from == ["drafting", "amendments", "screening", "voting", "review"])
        #expect(workflow.action(named: "table-amendment")?.guards == [
            .deadline(DeadlineRequirement(date: "amendment-deadline", side: .before)),
        ])
        #expect(workflow.voting == VotingRule())
    }

    @Test("the multi-body procedure has each body vote under its own rule, and may refer back from both")
    func multiBodyShape() throws {
        let workflow = try TestSupport.shipped("multi-body")
        #expect(workflow.votingRule(in: "voting") == VotingRule(body: "working-group"))
        #expect(workflow.votingRule(in: "endorsement") == VotingRule(body: "secretaries-general"))
        #expect(workflow.votingRule(in: "final-vote") == VotingRule(majority: .twoThirds, body: "policy-committee"))
        #expect(workflow.votingRule(in: "drafting") == VotingRule())
        #expect(workflow.transition(named: "refer-back")?.from == ["endorsement", "final-vote"])
        #expect(workflow.action(named: "vote-text")?.states == ["endorsement", "final-vote"])
        #expect(workflow.transition(named: "adopt")?.guards.map(\.summary) == ["text-vote-passed"])
    }

    @Test("a voting rule per state inherits what it leaves out, and names only declared states")
    func votingRulePerState() throws {
        let text = """
            name: t
            roles: [chair]
            initial: open
            states:
              open: {}
              closed: {final: true}
            transitions:
              close: {from: open, to: closed, by: chair}
            voting:
              quorum: 2/3
              in:
                open: {body: board, majority: two-thirds}
                shut: {body: board}

            """
        let issues = WorkflowLinter.lint(text, file: "t.yml")
        #expect(issues.map { "\($0.code)@\($0.line)" } == ["unknown-state@13"], "\(issues)")
        let sound = try WorkflowDefinition.parse(text.replacingOccurrences(of: "    shut: {body: board}\n", with: ""), file: "t.yml")
        let twoThirds = try #require(Fraction(parsing: "2/3"))
        #expect(sound.votingRule(in: "open") == VotingRule(quorum: twoThirds, majority: .twoThirds, body: "board"))
        #expect(sound.votingRule(in: "closed") == VotingRule(quorum: twoThirds))
    }

    @Test("the amendment workflow keeps inadmissible open and every end final")
    func amendmentShape() throws {
        let workflow = try TestSupport.shipped("amendment")
        #expect(workflow.initialState == "tabled")
        #expect(workflow.states.filter(\.isFinal).map(\.name) == ["withdrawn", "adopted", "rejected", "fallen"])
        #expect(workflow.state(named: "inadmissible")?.isFinal == false)
        #expect(workflow.transition(named: "withdraw")?.roles == ["drafter", "member"])
        #expect(workflow.transition(named: "fall")?.from == ["admissible", "tabled"])
    }

    @Test("the consultation workflow is the light procedure")
    func consultationShape() throws {
        let workflow = try TestSupport.shipped("consultation")
        #expect(workflow.states.map(\.name) == ["open", "review", "adopted", "abandoned"])
        #expect(workflow.transitions.map(\.name) == ["start-review", "adopt", "abandon"])
        #expect(workflow.actions.map(\.name) == ["update-draft", "vote-section", "translate"])
        #expect(workflow.transition(named: "adopt")?.effects == ["adopt-text"])
    }

    @Test("the Mermaid drawing of each shipped workflow matches its committed .mmd file", arguments: names)
    func mermaidSnapshot(name: String) throws {
        let mermaid = WorkflowDiagram.mermaid(try TestSupport.shipped(name))
        try TestSupport.assertSnapshot(mermaid, at: TestSupport.workflowsFolder.appendingPathComponent("\(name).mmd"))
    }

    @Test("the DOT drawing of the resolution workflow matches its snapshot")
    func dotSnapshot() throws {
        let dot = WorkflowDiagram.dot(try TestSupport.shipped("resolution"))
        try TestSupport.assertSnapshot(dot, at: TestSupport.snapshotsFolder.appendingPathComponent("resolution.dot"))
    }
}
