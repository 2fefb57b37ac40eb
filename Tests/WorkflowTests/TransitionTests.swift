import Foundation
import Testing
import Workflow

@Suite("Firing transitions of the resolution workflow")
struct TransitionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var transition: String
        var from: String
        var roles: Set<String> = ["secretariat"]
        var now = TestSupport.deadline
        var predicates: [String: Bool] = [:]
        var expected: String
        var testDescription: String { "\(transition) from \(from) → \(expected)" }
    }

    static let allowed: [Case] = [
        Case(transition: "open-amendments", from: "drafting", expected: "amendments"),
        Case(transition: "extend-deadline", from: "amendments", expected: "amendments"),
        Case(transition: "close-amendments", from: "amendments", now: TestSupport.deadline, expected: "screening"),
        Case(transition: "open-voting", from: "screening", predicates: ["no-unscreened-amendments": true], expected: "voting"),
        Case(transition: "close-voting", from: "voting", expected: "review"),
        Case(transition: "adopt", from: "review", predicates: ["every-section-approved": true, "translations-current": true], expected: "adopted"),
        Case(transition: "refer-back", from: "review", expected: "amendments"),
        Case(transition: "abandon", from: "screening", expected: "abandoned"),
    ]

    @Test("allowed transitions lead to the expected state", arguments: allowed)
    func allowedTransition(_ step: Case) throws {
        let workflow = try TestSupport.shipped("resolution")
        let context = GuardContext(
            roles: step.roles, dates: ["amendment-deadline": TestSupport.deadline],
            now: step.now, predicates: step.predicates
        )
        #expect(workflow.blockers(forTransition: step.transition, from: step.from, context: context) == [])
        #expect(try workflow.fire(step.transition, from: step.from, context: context) == step.expected)
    }

    struct Refused: CustomTestStringConvertible, Sendable {
        var transition: String
        var from: String
        var roles: Set<String>
        var predicates: [String: Bool] = [:]
        var dates: [String: Date] = ["amendment-deadline": TestSupport.deadline]
        var now = TestSupport.deadline
        var messages: [String]
        var codes: [String]
        var testDescription: String { "\(transition) from \(from): \(codes.joined(separator: ", "))" }
    }

    static let refused: [Refused] = [
        Refused(
            transition: "close-voting", from: "amendments", roles: ["secretariat"],
            messages: ["you cannot count the votes on the amendments and consolidate the text now: members and drafters table amendments until the deadline; it is possible only while members vote on the amendments"],
            codes: ["wrong-state"]
        ),
        Refused(
            transition: "open-amendments", from: "drafting", roles: ["member"],
            messages: ["only the secretariat may open the text for amendments and set the deadline; you are: member"],
            codes: ["role"]
        ),
        Refused(
            transition: "open-amendments", from: "drafting", roles: [],
            messages: ["only the secretariat may open the text for amendments and set the deadline; you hold no role"],
            codes: ["role"]
        ),
        Refused(
            transition: "close-amendments", from: "amendments", roles: ["secretariat"],
            now: TestSupport.deadline.addingTimeInterval(-1),
            messages: ["the amendment deadline has not passed yet: it is 15 December 2026 at 18:00 (UTC)"],
            codes: ["deadline"]
        ),
        Refused(
            transition: "close-amendments", from: "amendments", roles: ["secretariat"], dates: [:],
            messages: ["no amendment deadline has been set"],
            codes: ["deadline-missing"]
        ),
        Refused(
            transition: "open-voting", from: "screening", roles: ["secretariat"],
            predicates: ["no-unscreened-amendments": false],
            messages: ["every tabled amendment must be screened first"],
            codes: ["predicate"]
        ),
        Refused(
            transition: "adopt", from: "review", roles: ["secretariat"],
            predicates: ["every-section-approved": false, "translations-current": true],
            messages: ["every section must be approved first"],
            codes: ["predicate"]
        ),
        Refused(
            transition: "adopt", from: "review", roles: ["secretariat"],
            predicates: ["every-section-approved": true, "translations-current": false],
            messages: ["every language version must be complete and up to date first"],
            codes: ["predicate"]
        ),
        Refused(
            transition: "adopt", from: "review", roles: ["secretariat"],
            predicates: ["translations-current": true],
            messages: ["condition could not be checked: every section approved"],
            codes: ["predicate-unknown"]
        ),
        Refused(
            transition: "adopt", from: "voting", roles: ["member", "drafter"],
            predicates: ["every-section-approved": false, "translations-current": true],
            messages: [
                "you cannot adopt the resolution now: members vote on the amendments; it is possible only while members vote on each section of the consolidated text",
                "only the secretariat may adopt the resolution; you are: drafter, member",
                "every section must be approved first",
            ],
            codes: ["wrong-state", "role", "predicate"]
        ),
        Refused(
            transition: "publish", from: "review", roles: ["secretariat"],
            messages: ["there is no transition called ‘publish’ in the ‘resolution’ workflow"],
            codes: ["unknown-transition"]
        ),
    ]

    @Test("refused transitions report every reason, in plain words", arguments: refused)
    func refusedTransition(_ step: Refused) throws {
        let workflow = try TestSupport.shipped("resolution")
        let context = GuardContext(roles: step.roles, dates: step.dates, now: step.now, predicates: step.predicates)
        let blockers = workflow.blockers(forTransition: step.transition, from: step.from, context: context)
        #expect(blockers.map(\.message) == step.messages)
        #expect(blockers.map(\.code) == step.codes)
        let refusal = #expect(throws: Refusal.self) {
            try workflow.fire(step.transition, from: step.from, context: context)
        }
        #expect(refusal?.blockers == blockers)
        #expect(refusal?.description == step.messages.joined(separator: "\n"))
    }

    @Test("dates are shown in the context's time zone")
    func timeZoneInMessages() throws {
        let workflow = try TestSupport.shipped("resolution")
        let brussels = try #require(TimeZone(identifier: "Europe/Brussels"))
        let context = GuardContext(
            roles: ["member"], dates: ["amendment-deadline": TestSupport.deadline],
            now: TestSupport.deadline.addingTimeInterval(3600), timeZone: brussels
        )
        #expect(workflow.blockers(forAction: "table-amendment", in: "amendments", context: context).map(\.message) == [
            "the amendment deadline passed on 15 December 2026 at 19:00 (Europe/Brussels)",
        ])
    }

    struct Availability: CustomTestStringConvertible, Sendable {
        var state: String
        var roles: Set<String>
        var now: Date
        var transitions: [String]
        var actions: [String]
        var testDescription: String { "\(roles.sorted()) in \(state)" }
    }

    static let availability: [Availability] = [
        Availability(state: "drafting", roles: ["drafter"], now: TestSupport.deadline, transitions: [], actions: ["update-draft", "translate"]),
        Availability(
            state: "drafting", roles: ["secretariat"], now: TestSupport.deadline,
            transitions: ["open-amendments", "abandon"], actions: ["update-draft", "translate"]
        ),
        Availability(
            state: "amendments", roles: ["member"], now: TestSupport.deadline.addingTimeInterval(-60),
            transitions: [], actions: ["table-amendment", "withdraw-amendment"]
        ),
        Availability(state: "amendments", roles: ["member"], now: TestSupport.deadline, transitions: [], actions: ["withdraw-amendment"]),
        Availability(
            state: "amendments", roles: ["secretariat"], now: TestSupport.deadline.addingTimeInterval(-60),
            transitions: ["extend-deadline", "abandon"], actions: ["translate"]
        ),
        Availability(
            state: "amendments", roles: ["secretariat"], now: TestSupport.deadline,
            transitions: ["extend-deadline", "close-amendments", "abandon"], actions: ["translate"]
        ),
        Availability(
            state: "screening", roles: ["secretariat"], now: TestSupport.deadline,
            transitions: ["abandon"], actions: ["screen-amendment", "propose-procedure", "table-compromise", "translate"]
        ),
        Availability(state: "review", roles: ["member"], now: TestSupport.deadline, transitions: [], actions: ["vote-section"]),
        Availability(state: "adopted", roles: ["secretariat", "member"], now: TestSupport.deadline, transitions: [], actions: []),
    ]

    @Test("available transitions and actions depend on the state, the actor's roles and the guards", arguments: availability)
    func available(_ expectation: Availability) throws {
        let workflow = try TestSupport.shipped("resolution")
        let context = GuardContext(
            roles: expectation.roles, dates: ["amendment-deadline": TestSupport.deadline], now: expectation.now
        )
        #expect(workflow.availableTransitions(in: expectation.state, context: context).map(\.name) == expectation.transitions)
        #expect(workflow.availableActions(in: expectation.state, context: context).map(\.name) == expectation.actions)
    }

    @Test("refused actions report their reasons too")
    func refusedAction() throws {
        let workflow = try TestSupport.shipped("resolution")
        let context = GuardContext(roles: ["secretariat"], dates: ["amendment-deadline": TestSupport.deadline], now: TestSupport.deadline)
        #expect(workflow.blockers(forAction: "vote-section", in: "voting", context: context).map(\.message) == [
            "you cannot approve or reject a section of the consolidated text now: members vote on the amendments; it is possible only while members vote on each section of the consolidated text",
            "only the member may approve or reject a section of the consolidated text; you are: secretariat",
        ])
        #expect(workflow.blockers(forAction: "table-amendment", in: "amendments", context: context).map(\.code) == ["role", "deadline"])
        #expect(workflow.blockers(forAction: "dance", in: "voting", context: context).map(\.code) == ["unknown-action"])
        #expect(throws: Refusal.self) { try workflow.check(action: "vote-section", in: "voting", context: context) }
        try workflow.check(action: "screen-amendment", in: "screening", context: context)
    }
}
