import Workflow

/// One vote of the voting list.
public struct VotingListEntry: Sendable, Equatable {
    /// The amendment voted on.
    public let amendment: Int
    /// The amendments that fall if this one is adopted.
    public let falls: [Int]
}

/// What the tally decided for one amendment.
public struct TallyOutcome: Sendable, Equatable {
    /// Passed, failed or lapsed: the event of the amendment's life the tally fires.
    public let verdict: AmendmentLife.Event
    /// The state that event leads to in the amendment's life.
    public let state: AmendmentState
    /// In words: the vote, or which amendment made it fall.
    public let reason: String
}

/// The order of votes, the tally, and the consolidated text: pure functions of
/// the text, the amendments and the votes.
public enum Tally {
    /// The amendments to vote on, in the order of the provisions they target;
    /// on one provision a compromise first, then deletions, then replacements,
    /// then insertions, each kind in number order.
    ///
    /// Only amendments to be voted on (`life.toVote`) are listed, and, unless `admissibleOnly`
    /// (the tally's list), those still to be screened; never those of earlier rounds.
    public static func votingList(text: ResolutionText, amendments: [Amendment], round: Int,
                                  admissibleOnly: Bool = false, life: AmendmentLife = .shipped) -> [VotingListEntry] {
        let position = Dictionary(uniqueKeysWithValues: text.provisions.enumerated().map { ($1.id, $0) })
        func rank(_ amendment: Amendment) -> Int {
            if amendment.isCompromise { return 0 }
            switch amendment.kind {
            case .delete: return 1
            case .replace: return 2
            case .insertBefore, .insertAfter: return 3
            }
        }
        // Sorted as integer keys, each looked up once: comparing amendments looked up their
        // targets' positions at every comparison and moved whole amendments.
        // Amendments are read in place, by index: a copy retains a dozen strings.
        var keys: [(position: Int, rank: Int, number: Int, index: Int)] = []
        for index in amendments.indices
        where amendments[index].round == round
            && (life.toVote.contains(amendments[index].state) || (!admissibleOnly && life.unscreened.contains(amendments[index].state))) {
            guard let place = position[amendments[index].draft.target] else { continue }
            keys.append((place, rank(amendments[index]), amendments[index].number, index))
        }
        keys.sort { ($0.position, $0.rank, $0.number) < ($1.position, $1.rank, $1.number) }
        // The competing amendments of each provision, in voting order: what an adopted one makes fall.
        var competing: [Int: [Int]] = [:]
        for key in keys where amendments[key.index].kind.isCompeting {
            competing[key.position, default: []].append(key.number)
        }
        let listed = Set(keys.map(\.number))
        return keys.map { key in
            var falls: [Int] = []
            if amendments[key.index].kind.isCompeting, let rivals = competing[key.position], let own = rivals.firstIndex(of: key.number) {
                falls = Array(rivals[(own + 1)...])
            }
            if amendments[key.index].isCompromise {
                falls = Array(Set(falls).union(amendments[key.index].draft.replaces.filter(listed.contains))).sorted()
            }
            return VotingListEntry(amendment: key.number, falls: falls)
        }
    }

    /// Decides each amendment of the voting list in order with the workflow's
    /// voting rule: adopted ones make the amendments they conflict with fall.
    /// - Parameter votes: by amendment number, only votes of the electorate.
    public static func run(votingList: [VotingListEntry], votes: [Int: [Vote]], electorate: Int,
                           rule: VotingRule, life: AmendmentLife = .shipped) -> [Int: TallyOutcome] {
        run(votingList: votingList, counts: votes.mapValues(VoteCount.init), electorate: electorate, rule: rule, life: life)
    }

    /// The same, from the votes counted: the tally counts 100,000 votes without keeping them.
    /// - Parameter counts: by amendment number, only votes of the electorate.
    public static func run(votingList: [VotingListEntry], counts: [Int: VoteCount], electorate: Int,
                           rule: VotingRule, life: AmendmentLife = .shipped) -> [Int: TallyOutcome] {
        func outcome(_ verdict: AmendmentLife.Event, _ reason: String) -> TallyOutcome {
            TallyOutcome(verdict: verdict, state: life.state(after: verdict) ?? AmendmentState(rawValue: verdict.rawValue), reason: reason)
        }
        var outcomes: [Int: TallyOutcome] = [:]
        outcomes.reserveCapacity(votingList.count)
        // The rule's verdict, with its reason in words, depends on the count alone, and most
        // amendments share a few counts (thousands have no vote at all): each is worded once.
        var verdicts: [VoteCount: VoteOutcome] = [:]
        for entry in votingList where outcomes[entry.amendment] == nil {
            let count = counts[entry.amendment] ?? VoteCount()
            let result: VoteOutcome
            if let known = verdicts[count] {
                result = known
            } else {
                result = rule.outcome(for: count.votesFor, against: count.against, abstentions: count.abstentions, electorate: electorate)
                verdicts[count] = result
            }
            guard result.passed else {
                outcomes[entry.amendment] = outcome(.failed, result.reason)
                continue
            }
            outcomes[entry.amendment] = outcome(.passed, result.reason)
            for fallen in entry.falls where outcomes[fallen] == nil {
                outcomes[fallen] = outcome(.lapsed, "fell because \(Amendment.id(entry.amendment)) was adopted")
            }
        }
        return outcomes
    }

    /// The text with the adopted amendments applied.
    ///
    /// Insertions keep their place even when their anchor is deleted; several
    /// insertions in one gap go in number order; a section left without
    /// provisions is dropped. Display numbers follow from the new positions.
    public static func consolidate(_ text: ResolutionText, adopted: [Amendment]) -> ResolutionText {
        var result = text
        // Indexed by the provision they target, so that each gap costs a lookup.
        var insertedBefore: [String: [Amendment]] = [:]
        var insertedAfter: [String: [Amendment]] = [:]
        var changes: [String: Amendment] = [:]
        for amendment in adopted.sorted(by: { $0.number < $1.number }) {
            switch amendment.kind {
            case .insertBefore: insertedBefore[amendment.target, default: []].append(amendment)
            case .insertAfter: insertedAfter[amendment.target, default: []].append(amendment)
            case .replace, .delete: changes[amendment.target] = changes[amendment.target] ?? amendment
            }
        }
        result.sections = text.sections.compactMap { section in
            var provisions: [Provision] = []
            let ids = section.provisions.map(\.id)
            for gap in 0...ids.count {
                let before = gap < ids.count ? insertedBefore[ids[gap]] ?? [] : []
                let after = gap > 0 ? insertedAfter[ids[gap - 1]] ?? [] : []
                let inserted = (before + after).sorted { $0.number < $1.number }
                for amendment in inserted {
                    let anchorKind = section.provisions.first { $0.id == amendment.target }?.kind ?? .paragraph
                    provisions.append(Provision(id: amendment.insertedProvisionID(kind: anchorKind), kind: anchorKind,
                                                text: amendment.draft.text ?? ""))
                }
                guard gap < ids.count else { break }
                var provision = section.provisions[gap]
                if let change = changes[provision.id] {
                    if change.kind == .delete { continue }
                    provision.text = change.draft.text ?? provision.text
                }
                provisions.append(provision)
            }
            guard !provisions.isEmpty else { return nil }
            var kept = section
            kept.provisions = provisions
            return kept
        }
        return result
    }
}

extension VotingRule {
    /// The outcome of `votes` under this rule, counting only those of the organisations in `electorate`.
    func outcome(of votes: [Vote], electorate: Set<String>) -> VoteOutcome {
        let count = VoteCount(votes, electorate: electorate)
        return outcome(for: count.votesFor, against: count.against, abstentions: count.abstentions, electorate: electorate.count)
    }
}
