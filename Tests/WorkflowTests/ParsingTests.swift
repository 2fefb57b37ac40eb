import Foundation
import Testing
import Workflow

@Suite("Parsing and loading")
struct ParsingTests {
    @Test("short forms: a single state in from, a single role in by, initial marked on the state")
    func shortForms() throws {
        let yaml = """
            name: short
            roles: [member]
            states:
              open:
                initial: true
              closed: {final: true, description: done}
            transitions:
              close: {from: open, to: closed, by: member, description: finish}
            """
        let workflow = try WorkflowDefinition.parse(yaml, file: "short.yml")
        #expect(workflow.initialState == "open")
        #expect(workflow.transition(named: "close") == TransitionDefinition(
            name: "close", from: ["open"], to: "closed", roles: ["member"], description: "finish"
        ))
        #expect(workflow.state(named: "closed") == StateDefinition(name: "closed", isFinal: true, description: "done"))
        #expect(workflow.actions.isEmpty)
        #expect(workflow.voting == VotingRule())
        #expect(workflow.state(named: "missing") == nil)
    }

    @Test("a predicate's message may be written before or after it, or in the long form", arguments: [
        "- message: not yet\n        predicate: ready",
        "- predicate: ready\n        message: not yet",
        "- predicate: {name: ready, message: not yet}",
    ])
    func predicateForms(guardText: String) throws {
        let yaml = """
            name: predicates
            roles: [member]
            initial: open
            states: {open: {}, closed: {final: true}}
            transitions:
              close:
                from: open
                to: closed
                by: member
                guards:
                  \(guardText)
            """
        let workflow = try WorkflowDefinition.parse(yaml, file: "p.yml")
        #expect(workflow.transition(named: "close")?.guards == [.predicate(name: "ready", message: "not yet")])
    }

    @Test("a missing file is reported as a WorkflowError naming the file")
    func unreadableFile() {
        let url = URL(fileURLWithPath: "/nonexistent/accord/workflow.yml")
        let error = #expect(throws: WorkflowError.self) { try WorkflowDefinition.load(contentsOf: url) }
        #expect(error?.issues.map(\.code) == ["unreadable-file"])
        #expect(error?.issues.first?.file == url.path)
    }

    @Test("load reports issues against the file's path")
    func loadPath() {
        let url = TestSupport.fixturesFolder.appendingPathComponent("dead-end.yml")
        let error = #expect(throws: WorkflowError.self) { try WorkflowDefinition.load(contentsOf: url) }
        #expect(error?.description.hasPrefix("\(url.path):6:3: state ‘pending’ is not final") == true)
    }

    @Test("the vocabulary passed to parse is enforced")
    func parseWithVocabulary() throws {
        let text = try String(contentsOf: TestSupport.workflowsFolder.appendingPathComponent("resolution.yml"), encoding: .utf8)
        let vocabulary = HostVocabulary(effects: ["tally"])
        let error = #expect(throws: WorkflowError.self) { try WorkflowDefinition.parse(text, file: "r.yml", vocabulary: vocabulary) }
        #expect(Set(error?.issues.map(\.code) ?? []) == ["unknown-effect"])
    }
}
