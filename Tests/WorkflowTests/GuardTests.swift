import Foundation
import Testing
import Workflow

@Suite("Guards")
struct GuardTests {
    static let yaml = """
        name: guards
        roles: [chair, member]
        initial: open
        states:
          open: {}
          closed: {final: true}
        transitions:
          by-fraction:
            from: open
            to: closed
            by: [chair, member]
            guards:
              - quorum: {count: approvals, of: member-organisations, at-least: 2/3}
          by-fraction-labelled:
            from: open
            to: closed
            by: [member]
            guards:
              - quorum: {count: approvals, of: member-organisations, at-least: 2/3, label: member organisations approved}
          by-number:
            from: open
            to: closed
            by: [member]
            guards:
              - quorum: {count: signatures, at-least: 3}
          by-decimal:
            from: open
            to: closed
            by: [member]
            guards:
              - quorum: {count: approvals, of: member-organisations, at-least: 0.5}
          by-majority:
            from: open
            to: closed
            by: [member]
            guards:
              - majority: {for: votes-for, against: votes-against}
          by-chair:
            from: open
            to: closed
            by: [member]
            guards:
              - role: [chair]
              - predicate: {name: agenda-published, message: the agenda must be published first}
        """

    struct Case: CustomTestStringConvertible, Sendable {
        var transition: String
        var counts: [String: Int]
        var roles: Set<String> = ["member"]
        var predicates: [String: Bool] = [:]
        var messages: [String]
        var testDescription: String { "\(transition) \(counts.sorted { $0.key < $1.key })" }
    }

    static let cases: [Case] = [
        Case(
            transition: "by-fraction", counts: ["approvals": 4, "member-organisations": 8],
            messages: ["quorum not reached: 4 approvals of 8 member organisations, 6 needed"]
        ),
        Case(transition: "by-fraction", counts: ["approvals": 6, "member-organisations": 8], messages: []),
        Case(transition: "by-fraction", counts: ["approvals": 5, "member-organisations": 7], messages: []),
        Case(
            transition: "by-fraction", counts: ["approvals": 4, "member-organisations": 7],
            messages: ["quorum not reached: 4 approvals of 7 member organisations, 5 needed"]
        ),
        Case(
            transition: "by-fraction", counts: ["approvals": 4],
            messages: ["quorum cannot be checked: the number of member organisations is not known"]
        ),
        Case(
            transition: "by-fraction-labelled", counts: ["approvals": 4, "member-organisations": 8],
            messages: ["quorum not reached: 4 of 8 member organisations approved, 6 needed"]
        ),
        Case(transition: "by-number", counts: ["signatures": 2], messages: ["quorum not reached: 2 signatures, 3 needed"]),
        Case(transition: "by-number", counts: [:], messages: ["quorum not reached: 0 signatures, 3 needed"]),
        Case(transition: "by-number", counts: ["signatures": 3], messages: []),
        Case(transition: "by-decimal", counts: ["approvals": 4, "member-organisations": 8], messages: []),
        Case(
            transition: "by-decimal", counts: ["approvals": 4, "member-organisations": 9],
            messages: ["quorum not reached: 4 approvals of 9 member organisations, 5 needed"]
        ),
        Case(transition: "by-majority", counts: ["votes-for": 3, "votes-against": 3], messages: ["no majority: 3 for, 3 against"]),
        Case(transition: "by-majority", counts: ["votes-for": 2, "votes-against": 5], messages: ["no majority: 2 for, 5 against"]),
        Case(transition: "by-majority", counts: ["votes-for": 4, "votes-against": 3], messages: []),
        Case(
            transition: "by-chair", counts: [:], predicates: ["agenda-published": false],
            messages: ["only the chair may by chair; you are: member", "the agenda must be published first"]
        ),
        Case(transition: "by-chair", counts: [:], roles: ["member", "chair"], predicates: ["agenda-published": true], messages: []),
    ]

    @Test("guards explain exactly why they block", arguments: cases)
    func guardMessages(_ check: Case) throws {
        let workflow = try WorkflowDefinition.parse(Self.yaml, file: "guards.yml")
        let context = GuardContext(roles: check.roles, counts: check.counts, predicates: check.predicates)
        let blockers = workflow.blockers(forTransition: check.transition, from: "open", context: context)
        #expect(blockers.map(\.message) == check.messages)
    }

    @Test("blockers carry the raw numbers as parameters")
    func parameters() throws {
        let workflow = try WorkflowDefinition.parse(Self.yaml, file: "guards.yml")
        let context = GuardContext(roles: ["member"], counts: ["approvals": 4, "member-organisations": 8])
        let blocker = try #require(workflow.blockers(forTransition: "by-fraction", from: "open", context: context).first)
        #expect(blocker.code == "quorum")
        #expect(blocker.parameters == ["count": "4", "total": "8", "needed": "6"])
        #expect(blocker.description == blocker.message)
    }

    @Test("the parsed guards are the data written in the file")
    func parsedGuards() throws {
        let workflow = try WorkflowDefinition.parse(Self.yaml, file: "guards.yml")
        let fraction = try #require(Fraction(numerator: 2, denominator: 3))
        #expect(workflow.transition(named: "by-fraction")?.guards == [
            .quorum(QuorumRequirement(count: "approvals", total: "member-organisations", threshold: .fraction(fraction))),
        ])
        #expect(workflow.transition(named: "by-number")?.guards == [
            .quorum(QuorumRequirement(count: "signatures", threshold: .atLeast(3))),
        ])
        #expect(workflow.transition(named: "by-chair")?.guards == [
            .role(["chair"]),
            .predicate(name: "agenda-published", message: "the agenda must be published first"),
        ])
    }

    @Test("fractions are read as written and rounded up when applied", arguments: [
        ("2/3", 2, 3, 8, 6), ("1/2", 1, 2, 8, 4), ("1/2", 1, 2, 7, 4), ("0.5", 1, 2, 9, 5),
        ("66%", 33, 50, 10, 7), ("4/6", 2, 3, 3, 2), ("1/1", 1, 1, 5, 5),
    ])
    func fractions(text: String, numerator: Int, denominator: Int, total: Int, needed: Int) throws {
        let fraction = try #require(Fraction(parsing: text))
        #expect(fraction.numerator == numerator)
        #expect(fraction.denominator == denominator)
        #expect(fraction.required(of: total) == needed)
    }

    @Test("text that is not a fraction is refused", arguments: ["", "half", "1/0", "/3", "2/", "-1/2", "0.", "1/2/3"])
    func notFractions(text: String) {
        #expect(Fraction(parsing: text) == nil)
    }
}
