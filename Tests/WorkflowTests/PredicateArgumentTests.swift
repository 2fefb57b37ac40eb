import Foundation
import Testing
@testable import Workflow

/// A predicate narrowed by arguments (`for: [fr]`): read, drawn, and looked up under its own key.
@Suite struct PredicateArgumentTests {
    static let yaml = """
        name: t
        roles: [chair]
        initial: open
        states:
          open: {}
          closed: {final: true}
        transitions:
          close:
            from: open
            to: closed
            by: [chair]
            guards:
              - predicate: {name: translations-current, for: [fr, de], message: the French and German versions must be up to date}

        """

    @Test func aPredicateReadsItsArgumentsAndIsLookedUpUnderItsKey() throws {
        let vocabulary = HostVocabulary(predicates: ["translations-current"])
        let workflow = try WorkflowDefinition.parse(Self.yaml, file: "t.yml", vocabulary: vocabulary)
        let guards = try #require(workflow.transition(named: "close")?.guards)
        #expect(guards == [.predicate(name: "translations-current", message: "the French and German versions must be up to date", arguments: ["fr", "de"])])
        #expect(guards.map(\.summary) == ["translations-current for fr, de"])
        let key = Guard.predicateKey(name: "translations-current", arguments: ["fr", "de"])
        #expect(key == "translations-current(fr,de)")
        #expect(Guard.predicateCall(key).name == "translations-current" && Guard.predicateCall(key).arguments == ["fr", "de"])
        #expect(Guard.predicateCall("every-section-approved").arguments.isEmpty)

        // The value of the bare name does not answer for the narrowed predicate.
        let bare = GuardContext(roles: ["chair"], predicates: ["translations-current": true])
        #expect(workflow.blockers(forTransition: "close", from: "open", context: bare).map(\.code) == ["predicate-unknown"])
        let failing = GuardContext(roles: ["chair"], predicates: [key: false])
        #expect(workflow.blockers(forTransition: "close", from: "open", context: failing).map(\.message)
                == ["the French and German versions must be up to date"])
        let passing = GuardContext(roles: ["chair"], predicates: [key: true])
        #expect(workflow.blockers(forTransition: "close", from: "open", context: passing).isEmpty)
    }

    @Test func anUnknownParameterOfAPredicateIsReportedWithItsLine() {
        let text = Self.yaml.replacingOccurrences(of: "for: [fr, de]", with: "languages: [fr]")
        let issues = WorkflowLinter.lint(text, file: "t.yml", vocabulary: HostVocabulary(predicates: ["translations-current"]))
        #expect(issues.map(\.line) == [13], "\(issues)")
        #expect(issues.first?.message.contains("languages") == true, "\(issues)")
    }
}
