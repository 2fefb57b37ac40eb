import Foundation
import Testing
import Workflow

@Suite("Lint rules")
struct LintRuleTests {
    struct Expectation: CustomTestStringConvertible, Sendable {
        var fixture: String
        var issues: [String]
        var testDescription: String { fixture }

        init(_ fixture: String, _ issues: String...) {
            self.fixture = fixture
            self.issues = issues
        }
    }

    /// One broken fixture per rule; each lists every issue expected, as `code@line`.
    static let expectations: [Expectation] = [
        Expectation("malformed-yaml.yml", "malformed-yaml@3"),
        Expectation("invalid-document.yml", "invalid-document@1"),
        Expectation("missing-key.yml", "missing-key@1", "unknown-role@10"),
        Expectation("unknown-key.yml", "unknown-key@12"),
        Expectation("duplicate-name.yml", "duplicate-name@7"),
        Expectation("duplicate-and-more.yml", "duplicate-name@12", "unknown-state@18"),
        Expectation("missing-initial.yml", "missing-initial@1"),
        Expectation("unknown-initial.yml", "unknown-initial@3"),
        Expectation("multiple-initial.yml", "multiple-initial@8"),
        Expectation("unknown-state.yml", "unknown-state@14"),
        Expectation("unreachable-state.yml", "unreachable-state@7"),
        Expectation("dead-end.yml", "dead-end@6"),
        Expectation("final-has-exit.yml", "final-has-exit@13"),
        Expectation("no-performer.yml", "no-performer@8"),
        Expectation("unknown-role.yml", "unknown-role@11"),
        Expectation("unknown-guard.yml", "unknown-guard@13"),
        Expectation("invalid-guard-fraction.yml", "invalid-guard@13"),
        Expectation("invalid-guard-missing-count.yml", "invalid-guard@14"),
        Expectation("invalid-guard-deadline.yml", "invalid-guard@13"),
        Expectation("invalid-voting.yml", "invalid-voting@13"),
        Expectation("invalid-name.yml", "invalid-name@6"),
        Expectation("invalid-value.yml", "invalid-value@12"),
        Expectation("vocabulary.yml"),
    ]

    @Test("each broken fixture reports its rule's code on the offending line", arguments: expectations)
    func fixture(_ expectation: Expectation) throws {
        let issues = WorkflowLinter.lint(try TestSupport.fixture(expectation.fixture), file: expectation.fixture)
        #expect(issues.map { "\($0.code)@\($0.line)" } == expectation.issues, "\(issues)")
        #expect(issues.allSatisfy { $0.file == expectation.fixture })
    }

    @Test("parse refuses each broken fixture with all its issues", arguments: expectations.filter { !$0.issues.isEmpty })
    func parseThrows(_ expectation: Expectation) throws {
        let text = try TestSupport.fixture(expectation.fixture)
        let error = #expect(throws: WorkflowError.self) {
            try WorkflowDefinition.parse(text, file: expectation.fixture)
        }
        #expect(error?.issues == WorkflowLinter.lint(text, file: expectation.fixture))
    }

    static let vocabulary = HostVocabulary(
        predicates: ["ready"], effects: ["notify"], actions: ["comment"], counts: ["approvals"], dates: ["deadline"]
    )

    @Test("names the host does not know are reported when a vocabulary is given", arguments: [
        ("unknown-predicate", 13), ("unknown-count", 14), ("unknown-date", 15), ("unknown-effect", 16), ("unknown-action", 18),
    ])
    func vocabulary(code: String, line: Int) throws {
        let issues = WorkflowLinter.lint(try TestSupport.fixture("vocabulary.yml"), file: "vocabulary.yml", vocabulary: Self.vocabulary)
        #expect(issues.count == 5)
        let issue = try #require(issues.first { $0.code == code })
        #expect(issue.line == line)
    }

    @Test("malformed YAML is reported with the parser's line and column")
    func malformedPosition() throws {
        let issue = try #require(WorkflowLinter.lint(try TestSupport.fixture("malformed-yaml.yml"), file: "broken.yml").first)
        #expect(issue.line == 3)
        #expect(issue.column == 14)
        #expect(issue.description.hasPrefix("broken.yml:3:14: the file is not valid YAML: "))
    }

    @Test("issues point at the column of the offending name and read well")
    func columnsAndMessages() throws {
        let issues = WorkflowLinter.lint(try TestSupport.fixture("unknown-state.yml"), file: "unknown-state.yml")
        #expect(issues.map(\.description) == [
            "unknown-state.yml:14:16: state ‘reveiw’ is not declared; declared states: open, closed",
        ])
    }

    @Test("messages explain the problem and suggest the fix", arguments: [
        ("unknown-key.yml", "unknown-key.yml:12:5: unknown key ‘guard’ in transition ‘close’; did you mean ‘guards’?"),
        ("missing-key.yml", "missing-key.yml:10:10: role ‘secretariat’ is not declared; no roles are declared"),
        ("final-has-exit.yml", "final-has-exit.yml:13:12: state ‘closed’ is final, so transition ‘reopen’ cannot leave it"),
        ("no-performer.yml", "no-performer.yml:8:3: nobody can perform transition ‘close’: give it ‘by:’ with at least one role"),
        ("unreachable-state.yml", "unreachable-state.yml:7:3: state ‘forgotten’ cannot be reached from the initial state ‘open’"),
    ])
    func messages(fixture: String, expected: String) throws {
        let issues = WorkflowLinter.lint(try TestSupport.fixture(fixture), file: fixture)
        #expect(issues.map(\.description).contains(expected), "\(issues)")
    }

    @Test("a later duplicate is reported with the line of the first")
    func duplicateMessage() throws {
        let issues = WorkflowLinter.lint(try TestSupport.fixture("duplicate-name.yml"), file: "d.yml")
        #expect(issues.map(\.description) == ["d.yml:7:3: state ‘open’ is declared more than once (first on line 5)"])
    }

    @Test("duplicates inside a flow mapping are found on the same line")
    func flowDuplicate() {
        let yaml = """
            name: flow
            roles: [member]
            initial: open
            states: {open: {}, closed: {final: true}, open: {}}
            transitions: {close: {from: open, to: closed, by: member}}
            """
        let issues = WorkflowLinter.lint(yaml, file: "flow.yml")
        #expect(issues.map { "\($0.code)@\($0.line):\($0.column ?? 0)" } == ["duplicate-name@4:43"])
    }

    @Test("an empty file is reported, not crashed on")
    func emptyFile() {
        #expect(WorkflowLinter.lint("", file: "empty.yml").map(\.code) == ["invalid-document"])
    }

    @Test("several problems in one file are all reported, in file order")
    func severalProblems() {
        let yaml = """
            name: many
            roles: [member]
            initial: start
            states:
              open: {}
              closed: {final: true}
            transitions:
              close:
                from: open
                to: shut
                by: [chair]
                guards:
                  - deadline: {}
            """
        let issues = WorkflowLinter.lint(yaml, file: "many.yml")
        #expect(issues.map { "\($0.code)@\($0.line)" } == [
            "unknown-initial@3", "unknown-state@10", "unknown-role@11", "invalid-guard@13",
        ])
    }
}
