import Foundation
import Resolutions
import Testing

@Suite("Voting list, conflicts, falls and the voting rule")
struct TallyTests {
    /// Competing amendments to paragraph 2, two insertions around it, a deletion of
    /// paragraph 1, and the secretariat's compromise A7 replacing A2 and A4.
    static func competing(_ fixture: TestRecord) throws {
        try fixture.startAmendments()
        try fixture.table(AmendmentDraft(target: "par-2", kind: .insertAfter, text: "After two;"), by: "amelie")   // A1
        try fixture.table(AmendmentDraft(target: "par-2", kind: .replace, text: "Two, shorter;"), by: "sanne")     // A2
        try fixture.table(AmendmentDraft(target: "par-2", kind: .delete), by: "katrin")                            // A3
        try fixture.table(AmendmentDraft(target: "par-2", kind: .replace, text: "Two, longer;"), by: "lucia")      // A4
        try fixture.table(AmendmentDraft(target: "par-2", kind: .insertBefore, text: "Before two;"), by: "giulia") // A5
        try fixture.table(AmendmentDraft(target: "par-1", kind: .delete), by: "annika")                            // A6
        try fixture.closeAmendments()
        try fixture.table(AmendmentDraft(target: "par-2", kind: .replace, text: "Two, agreed;", replaces: [2, 4]),
                          by: People.secretariat, at: When.screening)                                              // A7
    }

    /// The competing amendments, screened and put to the vote.
    static func competingInVoting() throws -> TestRecord {
        let fixture = try TestRecord()
        try competing(fixture)
        try fixture.screenRemaining()
        try fixture.openVoting()
        return fixture
    }

    /// A1 (VNG) deletes paragraph 3, and is put to the vote.
    static func oneDeletionInVoting() throws -> TestRecord {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        try fixture.table(AmendmentDraft(target: "par-3", kind: .delete), by: "sanne")
        try fixture.putToTheVote()
        return fixture
    }

    @Test("the voting list orders by provision, then compromise, deletions, replacements, insertions")
    func votingList() throws {
        let fixture = try TestRecord()
        try Self.competing(fixture)
        let list = try fixture.snapshot().votingList(pact)
        #expect(list.map(\.amendment) == [6, 7, 3, 2, 4, 1, 5])
        #expect(list.map(\.falls) == [[], [2, 3, 4], [2, 4], [4], [], [], []])
    }

    @Test("withdrawn and inadmissible amendments leave the voting list and their falls")
    func votingListSkips() throws {
        let fixture = try TestRecord()
        try Self.competing(fixture)
        try fixture.screen(3, admissible: false, reason: "out of order")
        try fixture.perform(.withdraw(resolution: pact, amendment: 4), by: "javier", at: When.screening)
        let list = try fixture.snapshot().votingList(pact)
        #expect(list.map(\.amendment) == [6, 7, 2, 1, 5])
        #expect(list.first { $0.amendment == 7 }?.falls == [2])
    }

    @Test("the tally's voting list leaves out amendments not yet screened")
    func votingListScreenedOnly() throws {
        let fixture = try TestRecord()
        try Self.competing(fixture)
        // The secretariat's compromise A7 is admissible as tabled.
        try fixture.screen(2)
        try fixture.screen(6)
        let snapshot = try fixture.snapshot()
        let text = try snapshot.text(pact), amendments = try snapshot.amendments(pact)
        #expect(Tally.votingList(text: text, amendments: amendments, round: 1).map(\.amendment) == [6, 7, 3, 2, 4, 1, 5])
        let screened = Tally.votingList(text: text, amendments: amendments, round: 1, admissibleOnly: true)
        #expect(screened.map(\.amendment) == [6, 7, 2])
        #expect(screened.map(\.falls) == [[], [2], []])
    }

    @Test("an adopted deletion makes later competing amendments fall, whatever their votes; insertions stay")
    func falls() throws {
        let fixture = try Self.competingInVoting()
        try fixture.vote(on: "A7", ballot(for: 2, against: 6))
        for item in ["A3", "A2", "A4", "A1", "A5", "A6"] { try fixture.vote(on: item, ballot(for: 7, against: 1)) }
        try fixture.closeVoting()
        #expect(try fixture.states() == [1: .adopted, 2: .fallen, 3: .adopted, 4: .fallen, 5: .adopted, 6: .adopted, 7: .rejected])
        #expect(try fixture.amendment(2)?.outcome == "fell because A3 was adopted")
        let consolidated = try #require(try fixture.snapshot().consolidated(pact))
        let integration = try #require(consolidated.sections.first { $0.id == "sec-long-term-integration-and-inclusion" })
        #expect(integration.provisions.map(\.id) == ["par-a5", "par-a1", "par-3", "par-4"])
        #expect(integration.provisions.map(\.text).prefix(2) == ["Before two;", "After two;"])
        #expect(consolidated.displayNumbers["par-a5"] == "1" && consolidated.displayNumbers["par-4"] == "4")
    }

    @Test("an adopted compromise makes the amendments it replaces and its competitors fall")
    func compromiseAdopted() throws {
        let fixture = try Self.competingInVoting()
        for item in ["A7", "A3", "A2", "A4"] { try fixture.vote(on: item, ballot(for: 6, against: 2)) }
        try fixture.closeVoting()
        #expect(try fixture.states() == [1: .rejected, 2: .fallen, 3: .fallen, 4: .fallen, 5: .rejected, 6: .rejected, 7: .adopted])
        #expect(try fixture.amendment(1)?.outcome?.contains("quorum not reached: 0 of 8") == true)
        #expect(try fixture.snapshot().consolidated(pact)?.locate("par-2")?.provision.text == "Two, agreed;")
    }

    struct Outcome: Sendable, CustomTestStringConvertible {
        let name: String
        let choices: [VoteChoice]
        let state: AmendmentState
        let reason: String
        var testDescription: String { name }
    }

    static let outcomes = [
        Outcome(name: "a clear majority", choices: ballot(for: 5, against: 2, abstain: 1), state: .adopted,
                reason: "adopted: 5 for, 2 against, 1 abstention; 8 of 8 organisations took part (4 needed)"),
        Outcome(name: "a tie fails", choices: ballot(for: 3, against: 3), state: .rejected, reason: "rejected: tie: 3 for, 3 against"),
        Outcome(name: "a quorum miss fails, however clear", choices: ballot(for: 3), state: .rejected,
                reason: "failed: quorum not reached: 3 of 8 organisations took part, 4 needed"),
        Outcome(name: "exactly half is a quorum", choices: ballot(for: 4), state: .adopted, reason: "adopted: 4 for, 0 against"),
        Outcome(name: "abstentions count toward the quorum", choices: ballot(for: 1, abstain: 3), state: .adopted,
                reason: "adopted: 1 for, 0 against, 3 abstentions; 4 of 8"),
        Outcome(name: "abstentions do not count toward the majority", choices: ballot(for: 1, against: 2, abstain: 5), state: .rejected,
                reason: "rejected: 1 for, 2 against, 5 abstentions"),
        Outcome(name: "abstentions only", choices: ballot(abstain: 8), state: .rejected, reason: "rejected: tie: 0 for, 0 against"),
    ]

    @Test("the tally applies the workflow's quorum and majority", arguments: outcomes)
    func outcome(_ outcome: Outcome) throws {
        let fixture = try Self.oneDeletionInVoting()
        try fixture.vote(on: "A1", outcome.choices)
        try fixture.closeVoting()
        let amendment = try #require(try fixture.amendment(1))
        #expect(amendment.state == outcome.state)
        #expect(amendment.outcome?.contains(outcome.reason) == true, "\(amendment.outcome ?? "no outcome")")
        let deleted = try fixture.snapshot().consolidated(pact)?.locate("par-3") == nil
        #expect(deleted == (outcome.state == .adopted))
    }

    @Test("a later vote by the same organisation replaces its earlier one")
    func revote() throws {
        let fixture = try Self.oneDeletionInVoting()
        try fixture.vote(on: "A1", ballot(for: 3, against: 1))
        try fixture.perform(.vote(resolution: pact, item: "A1", choice: .against), by: "julien", at: When.voting)
        try fixture.perform(.vote(resolution: pact, item: "A1", choice: .against), by: "pieter", at: When.voting)
        try fixture.perform(.vote(resolution: pact, item: "A1", choice: .abstain), by: "pieter", at: When.voting)
        let votes = try fixture.snapshot().votes(pact, item: "A1")
        #expect(votes.count == 4)
        let afccre = try #require(votes.first { $0.organisation == "afccre" })
        #expect(afccre.person == "julien" && afccre.choice == .against)
        #expect(votes.first { $0.organisation == "vng" }?.choice == .abstain)
        #expect(try fixture.git("ls-tree", "--name-only", "main:" + RecordLayout.votes(pact, item: "A1")).lines
                == ["afccre.yml", "dst.yml", "femp.yml", "vng.yml"])
        try fixture.closeVoting()
        // 1 for (DST) and 2 against (AFCCRE, FEMP): rejected, VNG's abstention aside.
        #expect(try fixture.amendment(1)?.outcome?.hasPrefix("rejected: 1 for, 2 against, 1 abstention") == true)
    }
}
