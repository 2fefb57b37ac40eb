import Testing
import Workflow

@Suite("Voting rule")
struct VotingRuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var rule = VotingRule()
        var votesFor: Int
        var against: Int
        var abstentions: Int
        var electorate: Int
        var passed: Bool
        var reason: String
        var testDescription: String { "\(votesFor)/\(against)/\(abstentions) of \(electorate): \(reason)" }
    }

    static let cases: [Case] = [
        Case(
            votesFor: 5, against: 2, abstentions: 1, electorate: 8, passed: true,
            reason: "adopted: 5 for, 2 against, 1 abstention; 8 of 8 organisations took part (4 needed)"
        ),
        Case(
            votesFor: 3, against: 3, abstentions: 2, electorate: 8, passed: false,
            reason: "rejected: tie: 3 for, 3 against, 2 abstentions; 8 of 8 organisations took part (4 needed)"
        ),
        Case(
            votesFor: 2, against: 1, abstentions: 0, electorate: 8, passed: false,
            reason: "failed: quorum not reached: 3 of 8 organisations took part, 4 needed"
        ),
        // Abstentions make the quorum but do not count for the majority.
        Case(
            votesFor: 1, against: 0, abstentions: 3, electorate: 8, passed: true,
            reason: "adopted: 1 for, 0 against, 3 abstentions; 4 of 8 organisations took part (4 needed)"
        ),
        Case(
            votesFor: 0, against: 0, abstentions: 5, electorate: 8, passed: false,
            reason: "rejected: tie: 0 for, 0 against, 5 abstentions; 5 of 8 organisations took part (4 needed)"
        ),
        Case(
            votesFor: 2, against: 5, abstentions: 1, electorate: 8, passed: false,
            reason: "rejected: 2 for, 5 against, 1 abstention; 8 of 8 organisations took part (4 needed)"
        ),
        Case(votesFor: 0, against: 0, abstentions: 0, electorate: 0, passed: false, reason: "failed: nobody is entitled to vote"),
        Case(
            votesFor: 1, against: 0, abstentions: 0, electorate: 1, passed: true,
            reason: "adopted: 1 for, 0 against, 0 abstentions; 1 of 1 organisations took part (1 needed)"
        ),
        Case(
            votesFor: 6, against: 3, abstentions: 0, electorate: 8, passed: false,
            reason: "failed: 9 votes counted but only 8 organisations may vote"
        ),
        Case(
            rule: VotingRule(majority: .twoThirds), votesFor: 5, against: 3, abstentions: 0, electorate: 8, passed: false,
            reason: "rejected: no two-thirds majority: 5 for, 3 against, 0 abstentions; 8 of 8 organisations took part (4 needed)"
        ),
        Case(
            rule: VotingRule(majority: .twoThirds), votesFor: 6, against: 3, abstentions: 0, electorate: 9, passed: true,
            reason: "adopted: 6 for, 3 against, 0 abstentions; 9 of 9 organisations took part (5 needed)"
        ),
        Case(
            rule: VotingRule(quorum: Fraction(parsing: "2/3") ?? .half, electorateLabel: "members"),
            votesFor: 4, against: 0, abstentions: 1, electorate: 9, passed: false,
            reason: "failed: quorum not reached: 5 of 9 members took part, 6 needed"
        ),
    ]

    @Test("votes are counted as the rule says", arguments: cases)
    func outcome(_ vote: Case) {
        let outcome = vote.rule.outcome(for: vote.votesFor, against: vote.against, abstentions: vote.abstentions, electorate: vote.electorate)
        #expect(outcome.passed == vote.passed)
        #expect(outcome.reason == vote.reason)
    }

    @Test("the voting key sets the rule")
    func votingKey() throws {
        let yaml = """
            name: voting
            roles: [member]
            initial: open
            states: {open: {}, closed: {final: true}}
            transitions: {close: {from: open, to: closed, by: member}}
            voting: {quorum: 2/3, majority: two-thirds}
            """
        let workflow = try WorkflowDefinition.parse(yaml, file: "voting.yml")
        #expect(workflow.voting == VotingRule(quorum: try #require(Fraction(numerator: 2, denominator: 3)), majority: .twoThirds))
    }
}
