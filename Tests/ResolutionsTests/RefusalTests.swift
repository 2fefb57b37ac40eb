import Foundation
import Resolutions
import Testing

/// How far a refusal test takes the sample resolution before trying the refused action.
///
/// In the amendment period four amendments are tabled: A1 (AFCCRE) and A2 (VNG)
/// replace paragraph 2, A3 (DST) inserts after paragraph 9, A4 (FEMP) replaces
/// paragraph 5 and is withdrawn. Voting opens with A1–A3 admissible; every
/// organisation adopts A1 before the review.
enum Stage: Int, Sendable, Comparable, CaseIterable {
    case drafting, amendments, screening, voting, review

    static func < (left: Stage, right: Stage) -> Bool { left.rawValue < right.rawValue }

    func prepare(_ fixture: TestRecord) throws {
        try fixture.importSample()
        guard self >= .amendments else { return }
        try fixture.openAmendments()
        try fixture.table(AmendmentDraft(target: "par-2", kind: .replace, text: "Stresses integration;"), by: "amelie")
        try fixture.table(AmendmentDraft(target: "par-2", kind: .replace, text: "Stresses inclusion;"), by: "sanne")
        try fixture.table(AmendmentDraft(target: "par-9", kind: .insertAfter, text: "Asks for a dialogue;"), by: "katrin")
        try fixture.table(AmendmentDraft(target: "par-5", kind: .replace, text: "Calls for funds;"), by: "lucia")
        try fixture.perform(.withdraw(resolution: pact, amendment: 4), by: "javier", at: When.tabling)
        guard self >= .screening else { return }
        try fixture.closeAmendments()
        guard self >= .voting else { return }
        try fixture.screenRemaining()
        try fixture.openVoting()
        guard self >= .review else { return }
        try fixture.vote(on: "A1", ballot(for: 8))
        try fixture.closeVoting()
    }
}

/// An action that must be refused, and what the refusal must say.
struct RefusalCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable {
        /// A refusal with a blocker of this code whose message contains the text.
        case refused(code: String, saying: String)
        /// A `notFound` error whose message contains the text.
        case notFound(saying: String)
    }

    let name: String
    let stage: Stage
    let action: Action
    let actor: String?
    let at: Date
    let expected: Expected

    var testDescription: String { name }
}

@Suite("Refusals: each says why, and nothing is written")
struct RefusalTests {
    static let cases: [RefusalCase] = [
        RefusalCase(name: "tabling while drafting (wrong state)", stage: .drafting,
                    action: .table(resolution: pact, AmendmentDraft(target: "par-1", kind: .delete)), actor: "amelie", at: When.tabling,
                    expected: .refused(code: "wrong-state", saying: "you cannot propose a change to the text now: the secretariat and the drafters write the text; it is possible only while members and drafters table amendments until the deadline")),
        RefusalCase(name: "a member opening the amendments (wrong role)", stage: .drafting,
                    action: .transition(resolution: pact, name: "open-amendments", deadline: When.deadline), actor: "amelie", at: When.opened,
                    expected: .refused(code: "role", saying: "only the secretariat may open the text for amendments and set the deadline; you are: member")),
        RefusalCase(name: "opening the amendments without a deadline", stage: .drafting,
                    action: .transition(resolution: pact, name: "open-amendments", deadline: nil), actor: "claire", at: When.opened,
                    expected: .refused(code: "deadline-missing", saying: "to open the text for amendments and set the deadline, give the amendment deadline with --deadline")),
        RefusalCase(name: "tabling after the deadline", stage: .amendments,
                    action: .table(resolution: pact, AmendmentDraft(target: "par-1", kind: .delete)), actor: "amelie", at: When.screening,
                    expected: .refused(code: "deadline", saying: "passed on")),
        RefusalCase(name: "closing the amendments before the deadline", stage: .amendments,
                    action: .transition(resolution: pact, name: "close-amendments", deadline: nil), actor: "claire", at: When.tabling,
                    expected: .refused(code: "deadline", saying: "has not passed yet")),
        RefusalCase(name: "an amendment to an unknown provision", stage: .amendments,
                    action: .table(resolution: pact, AmendmentDraft(target: "par-99", kind: .delete)), actor: "amelie", at: When.tabling,
                    expected: .notFound(saying: "there is no provision ‘par-99’ in pact-2026; its provisions are rec-a … par-14")),
        RefusalCase(name: "an amendment to a heading", stage: .amendments,
                    action: .table(resolution: pact, AmendmentDraft(target: "sec-preamble", kind: .delete)), actor: "amelie", at: When.tabling,
                    expected: .refused(code: "heading", saying: "amendments to headings are not supported yet")),
        RefusalCase(name: "a co-signatory of one's own organisation", stage: .amendments,
                    action: .table(resolution: pact, AmendmentDraft(target: "par-1", kind: .delete, cosignatories: ["julien"])),
                    actor: "amelie", at: When.tabling,
                    expected: .refused(code: "cosignatory", saying: "co-signatories come from other organisations")),
        RefusalCase(name: "a withdrawal by another organisation", stage: .amendments,
                    action: .withdraw(resolution: pact, amendment: 1), actor: "sanne", at: When.tabling,
                    expected: .refused(code: "own-organisation", saying: "only members of AFCCRE, which tabled A1, may withdraw it")),
        RefusalCase(name: "an unknown person acting", stage: .amendments,
                    action: .table(resolution: pact, AmendmentDraft(target: "par-1", kind: .delete)), actor: "nobody", at: When.tabling,
                    expected: .notFound(saying: "there is no person ‘nobody’ in the roster")),
        RefusalCase(name: "open-voting with unscreened amendments", stage: .screening,
                    action: .transition(resolution: pact, name: "open-voting", deadline: nil), actor: "claire", at: When.voting,
                    expected: .refused(code: "unscreened", saying: "not yet screened: A1, A2, A3")),
        RefusalCase(name: "screening by a member", stage: .screening,
                    action: .screen(resolution: pact, amendment: 1, admissible: true, reason: nil), actor: "amelie", at: When.screening,
                    expected: .refused(code: "role", saying: "only the secretariat may rule on whether an amendment is admissible")),
        RefusalCase(name: "an inadmissible ruling without a reason", stage: .screening,
                    action: .screen(resolution: pact, amendment: 1, admissible: false, reason: " "), actor: "claire", at: When.screening,
                    expected: .refused(code: "reason", saying: "an inadmissible ruling needs a reason")),
        RefusalCase(name: "a compromise covering an amendment to another provision", stage: .screening,
                    action: .table(resolution: pact, AmendmentDraft(target: "par-2", kind: .replace, text: "Both;", replaces: [1, 3])),
                    actor: "claire", at: When.screening,
                    expected: .refused(code: "compromise", saying: "A3 amends paragraph 9, not paragraph 2")),
        RefusalCase(name: "a compromise covering a withdrawn amendment", stage: .screening,
                    action: .table(resolution: pact, AmendmentDraft(target: "par-5", kind: .replace, text: "Both;", replaces: [4])),
                    actor: "claire", at: When.screening,
                    expected: .refused(code: "compromise", saying: "A4 cannot be covered by a compromise: the amendment was withdrawn by its author")),
        RefusalCase(name: "a compromise by a member", stage: .screening,
                    action: .table(resolution: pact, AmendmentDraft(target: "par-2", kind: .replace, text: "Both;", replaces: [1, 2])),
                    actor: "amelie", at: When.screening,
                    expected: .refused(code: "role", saying: "only the secretariat may merge several amendments into a compromise")),
        RefusalCase(name: "a withdrawal once voting has opened", stage: .voting,
                    action: .withdraw(resolution: pact, amendment: 1), actor: "amelie", at: When.voting,
                    expected: .refused(code: "wrong-state", saying: "you cannot withdraw an amendment one has tabled now: members vote on the amendments; it is possible only while members and drafters table amendments until the deadline or the secretariat screens the amendments")),
        RefusalCase(name: "a vote by a non-member (secretariat person)", stage: .voting,
                    action: .vote(resolution: pact, item: "A1", choice: .for), actor: "claire", at: When.voting,
                    expected: .refused(code: "role", saying: "only the member may vote for, against or abstain on an amendment")),
        RefusalCase(name: "a vote on a withdrawn amendment", stage: .voting,
                    action: .vote(resolution: pact, item: "A4", choice: .for), actor: "amelie", at: When.voting,
                    expected: .refused(code: "not-votable", saying: "there is nothing to vote on in A4: the amendment was withdrawn by its author")),
        RefusalCase(name: "a vote on an unknown section", stage: .review,
                    action: .vote(resolution: pact, item: "sec-nowhere", choice: .for), actor: "amelie", at: When.review,
                    expected: .notFound(saying: "‘sec-nowhere’ is neither an amendment")),
        RefusalCase(name: "adopting with a section not approved", stage: .review,
                    action: .transition(resolution: pact, name: "adopt", deadline: nil), actor: "claire", at: When.adoption,
                    expected: .refused(code: "section-not-approved", saying: "section ‘Preamble’ (sec-preamble) is not approved: failed: quorum not reached")),
    ]

    @Test("each refusal says why and writes nothing", arguments: cases)
    func refusal(_ refusal: RefusalCase) throws {
        let fixture = try TestRecord()
        try refusal.stage.prepare(fixture)
        let error = try #require(try fixture.refusal(refusal.action, by: refusal.actor, at: refusal.at))
        switch refusal.expected {
        case .refused(let code, let saying):
            let blocker = error.blockers.first { $0.code == code }
            #expect(blocker != nil, "no ‘\(code)’ blocker in \(error.blockers)")
            #expect(blocker?.message.contains(saying) == true, "‘\(blocker?.message ?? error.description)’ does not say ‘\(saying)’")
        case .notFound(let saying):
            #expect(error.isNotFound, "\(error)")
            #expect(error.description.contains(saying), "‘\(error.description)’ does not say ‘\(saying)’")
        }
    }

    @Test("a member of an organisation outside the electorate may not vote")
    func outsideElectorate() throws {
        let fixture = try TestRecord()
        try Stage.voting.prepare(fixture)
        let observer = "  - id: olga\n    name: Olga Observer\n    email: olga@example.org\n    organisation: secretariat\n    roles: [member]\n"
        let roster = try Roster(yaml: Shipped.roster + observer, file: "roster.yml")
        try fixture.perform(.importRoster(roster), by: People.secretariat, at: When.voting)
        let error = try fixture.refusal(.vote(resolution: pact, item: "A1", choice: .for), by: "olga", at: When.voting)
        #expect(error?.blockers.map(\.message) == ["SECRETARIAT is not among the organisations voting on pact-2026"])
    }

    @Test("every blocker is listed at once")
    func everyBlocker() throws {
        let fixture = try TestRecord()
        try Stage.drafting.prepare(fixture)
        let draft = AmendmentDraft(target: "par-1", kind: .replace, text: "", cosignatories: ["julien"])
        let error = try fixture.refusal(.table(resolution: pact, draft), by: "amelie", at: When.tabling)
        // Drafting: the wrong state, and no deadline set yet; and the draft itself has two faults.
        #expect(Set(error?.blockers.map(\.code) ?? []) == ["wrong-state", "deadline-missing", "text", "cosignatory"])
    }
}

@Suite("Refusals that depend on the repository")
struct RepositoryRefusalTests {
    @Test("adoption is refused, nothing written, when its tag already exists")
    func tagTaken() throws {
        let fixture = try TestRecord()
        try Stage.review.prepare(fixture)
        for section in try fixture.snapshot().reviewedText(pact).sections.map(\.id) {
            try fixture.vote(on: section, ballot(for: 5), at: When.review)
        }
        #expect(try fixture.git(["tag", "-a", "pact-2026/adopted", "-m", "Premature"], environment: TestRecord.forger).status == 0)
        let error = try #require(try fixture.refusal(.transition(resolution: pact, name: "adopt", deadline: nil),
                                                     by: People.secretariat, at: When.adoption))
        #expect(error.description.contains("pact-2026/adopted"), "\(error)")
        #expect(try fixture.snapshot().meta(pact).state == "review")
    }
}
