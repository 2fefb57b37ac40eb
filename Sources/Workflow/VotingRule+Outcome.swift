extension VotingRule {
    /// Counts the votes on one item.
    ///
    /// The quorum is checked first, since an item that too few took part in fails whatever the votes say.
    public func outcome(for votesFor: Int, against votesAgainst: Int, abstentions: Int, electorate: Int) -> VoteOutcome {
        let turnout = votesFor + votesAgainst + abstentions
        guard electorate > 0 else {
            return VoteOutcome(passed: false, reason: "failed: nobody is entitled to vote")
        }
        guard votesFor >= 0, votesAgainst >= 0, abstentions >= 0, turnout <= electorate else {
            return VoteOutcome(
                passed: false,
                reason: "failed: \(turnout) votes counted but only \(electorate) \(electorateLabel) may vote"
            )
        }
        let needed = max(quorum.required(of: electorate), 1)
        guard turnout >= needed else {
            return VoteOutcome(
                passed: false,
                reason: "failed: quorum not reached: \(turnout) of \(electorate) \(electorateLabel) took part, \(needed) needed"
            )
        }
        let tally = "\(votesFor) for, \(votesAgainst) against, \(EnglishText.count(abstentions, "abstention"))"
        let participation = "\(turnout) of \(electorate) \(electorateLabel) took part (\(needed) needed)"
        if votesFor == votesAgainst {
            return VoteOutcome(passed: false, reason: "rejected: tie: \(tally); \(participation)")
        }
        switch majority {
        case .moreForThanAgainst where votesFor > votesAgainst:
            return VoteOutcome(passed: true, reason: "adopted: \(tally); \(participation)")
        case .twoThirds where votesFor * 3 >= (votesFor + votesAgainst) * 2:
            return VoteOutcome(passed: true, reason: "adopted: \(tally); \(participation)")
        case .twoThirds where votesFor > votesAgainst:
            return VoteOutcome(passed: false, reason: "rejected: no two-thirds majority: \(tally); \(participation)")
        default:
            return VoteOutcome(passed: false, reason: "rejected: \(tally); \(participation)")
        }
    }
}
