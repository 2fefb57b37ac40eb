import Resolutions

/// One line of the voting list as readers see it, in words, for every format that prints it.
struct VotingListRow: Sendable, Equatable {
    /// 1 for the first vote.
    var order: Int
    /// "A6", or "A6 (compromise, replaces A4, A5)".
    var amendment: String
    /// "Replace paragraph 6".
    var action: String
    /// The tabling organisation's name.
    var organisation: String
    /// "accept", "reject" or "—".
    var proposal: String
    /// The amendments that fall if it is adopted, or "—".
    var falls: String
    /// "to be voted", or the state and the votes once decided.
    var result: String
}

extension VoteCount {
    /// "6 for, 1 against, 1 abstain".
    var inWords: String { "\(votesFor) for, \(against) against, \(abstentions) abstain" }
}

extension ResolutionExport {
    /// The voting list in words, and whether votes are still to be taken.
    var votingListRows: (rows: [VotingListRow], isOpen: Bool) {
        let (list, isOpen) = votingListAndWhetherOpen
        let byNumber = Dictionary(amendments.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        let labels = draft.labelsByID
        let rows = list.enumerated().compactMap { index, entry -> VotingListRow? in
            guard let amendment = byNumber[entry.amendment] else { return nil }
            var result = isOpen ? "to be voted" : amendment.state.rawValue
            if let count = votes[amendment.number] { result += " (\(count.inWords))" }
            return VotingListRow(
                order: index + 1,
                amendment: amendment.isCompromise
                    ? "\(amendment.id) (compromise, replaces \(amendment.draft.replaces.map(Amendment.id).joined(separator: ", ")))" : amendment.id,
                action: HTMLExport.action(amendment, label: labels[amendment.target] ?? amendment.target),
                organisation: organisationName(amendment.organisation),
                proposal: amendment.proposal.map { $0.accept ? "accept" : "reject" } ?? "—",
                falls: entry.falls.isEmpty ? "—" : entry.falls.map(Amendment.id).joined(separator: ", "),
                result: result)
        }
        return (rows, isOpen)
    }
}
