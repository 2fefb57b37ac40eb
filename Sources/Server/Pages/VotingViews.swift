import Foundation
import Hummingbird
import Resolutions
import Workflow

// What the voting, review and screening pages show of amendments, votes and the voting rule:
// values made in Swift for logic-less templates, every text escaped by the template.

/// A run of words of a track-changes view: unchanged, inserted or deleted.
struct ChangeRunView {
    /// A space before the run, except at the start.
    let lead: String
    let text: String
    let isInserted: Bool
    let isDeleted: Bool
    let isSame: Bool

    /// The words an amendment changes in its target, as runs.
    static func runs(_ amendment: Amendment, target: Provision?) -> [ChangeRunView] {
        let newText = amendment.draft.text ?? ""
        let runs: [TextDiff.Run]
        switch amendment.kind {
        case .replace: runs = target.map { TextDiff.words(from: $0.text, to: newText) } ?? [.inserted(newText)]
        case .delete: runs = [.deleted(target?.text ?? "")]
        case .insertBefore, .insertAfter: runs = [.inserted(newText)]
        }
        return runs.enumerated().map { index, run in
            let lead = index == 0 ? "" : " "
            switch run {
            case .same(let text): return ChangeRunView(lead: lead, text: text, isInserted: false, isDeleted: false, isSame: true)
            case .inserted(let text): return ChangeRunView(lead: lead, text: text, isInserted: true, isDeleted: false, isSame: false)
            case .deleted(let text): return ChangeRunView(lead: lead, text: text, isInserted: false, isDeleted: true, isSame: false)
            }
        }
    }
}

/// One amendment as the voting list and the screening queue show it.
struct AmendmentCardView {
    /// `A3`.
    let number: String
    /// Its own page (the amendment page).
    let href: String
    /// "Replace paragraph 4".
    let what: String
    /// "AFCCRE, co-signed by Katrin Böhm (DST)".
    let tabledBy: String
    let runs: [ChangeRunView]
    let justification: String
    /// "A compromise replacing A1 and A2", or empty.
    let compromiseWords: String
    /// The secretariat's recommendation in words, or empty.
    let proposalWords: String
    /// The ruling in words, or empty.
    let rulingWords: String

    init(_ amendment: Amendment, resolution id: String, text: TextIndex, roster: Roster) {
        number = amendment.id
        href = "/resolutions/\(id)/amendments/\(amendment.id)"
        let label = text.labels[amendment.target] ?? amendment.target
        switch amendment.kind {
        case .replace: what = "Replace \(label)"
        case .delete: what = "Delete \(label)"
        case .insertBefore: what = "Insert before \(label)"
        case .insertAfter: what = "Insert after \(label)"
        }
        let cosigners = amendment.draft.cosignatories.map { person in
            roster.person(person).map { "\($0.name) (\($0.organisation.uppercased()))" } ?? person
        }
        let tabler = roster.person(amendment.tabledBy)?.name ?? amendment.tabledBy
        tabledBy = "Tabled by \(tabler) (\(amendment.organisation.uppercased()))"
            + (cosigners.isEmpty ? "" : ", co-signed by \(EnglishText.list(cosigners))")
        runs = ChangeRunView.runs(amendment, target: text.provisions[amendment.target])
        justification = amendment.draft.justification
        compromiseWords = amendment.isCompromise
            ? "A compromise replacing \(EnglishText.list(amendment.draft.replaces.map(Amendment.id)))." : ""
        if let proposal = amendment.proposal {
            let advice = proposal.accept ? "The secretariat recommends adopting it" : "The secretariat recommends rejecting it"
            proposalWords = advice + (proposal.note.map { ": \($0)" } ?? ".")
        } else {
            proposalWords = ""
        }
        if let ruling = amendment.ruling {
            rulingWords = ruling.admissible ? "Ruled admissible." : "Ruled inadmissible" + (ruling.reason.map { ": \($0)" } ?? ".")
        } else {
            rulingWords = ""
        }
    }
}

/// A text's provisions and how people name them ("paragraph 4"), by id, looked up once for a
/// page that shows many amendments.
struct TextIndex {
    let provisions: [String: Provision]
    let labels: [String: String]

    init(_ text: ResolutionText) {
        let provisions = text.provisionsByID
        self.provisions = provisions
        labels = text.displayNumbers.reduce(into: [:]) { labels, entry in
            if let provision = provisions[entry.key] { labels[entry.key] = "\(provision.kind.name) \(entry.value)" }
        }
    }
}

/// One page of a long list (the voting list, the screening queue): `?page=N`, fifty items each,
/// so that a resolution with thousands of amendments still makes a page a browser can refresh
/// at every vote.
struct ListWindow {
    static let size = 50

    let page: Int
    let pageCount: Int
    let range: Range<Int>
    /// "Amendments: 51 to 100 of 1234 (page 2 of 25)", or empty when one page holds them all.
    let words: String
    let previousHref: String
    let nextHref: String
    let hasPages: Bool
    /// The name of the page links, for assistive technology: "Pages of the voting list".
    let label: String

    init(count: Int, requested: Int?, path: String, noun: String, label: String) {
        self.label = label
        pageCount = max(1, (count + Self.size - 1) / Self.size)
        page = min(max(requested ?? 1, 1), pageCount)
        range = min((page - 1) * Self.size, count)..<min(page * Self.size, count)
        hasPages = pageCount > 1
        words = hasPages ? "\(noun): \(range.lowerBound + 1) to \(range.upperBound) of \(count) (page \(page) of \(pageCount))" : ""
        previousHref = page > 1 ? "\(path)?page=\(page - 1)" : ""
        nextHref = page < pageCount ? "\(path)?page=\(page + 1)" : ""
    }

    /// The page asked for in `?page=`.
    static func requested(_ request: Request) -> Int? {
        request.uri.queryParameters.get("page").flatMap { Int($0) }
    }
}

/// A button of a vote form: for, against or abstain, marked when it is the organisation's vote.
struct ChoiceView {
    let value: String
    let label: String
    let isChosen: Bool

    static func all(chosen: VoteChoice?) -> [ChoiceView] {
        VoteChoice.allCases.map { choice in
            let label = switch choice {
            case .for: "For"
            case .against: "Against"
            case .abstain: "Abstain"
            }
            return ChoiceView(value: choice.rawValue, label: label, isChosen: choice == chosen)
        }
    }

    /// "AFCCRE voted for.", "AFCCRE has not voted yet."
    static func ownVoteWords(_ vote: Vote?, organisation: String, roster: Roster) -> String {
        let name = organisation.uppercased()
        guard let vote else { return "\(name) has not voted yet." }
        let by = roster.person(vote.person)?.name ?? vote.person
        switch vote.choice {
        case .for: return "\(name) voted for (cast by \(by))."
        case .against: return "\(name) voted against (cast by \(by))."
        case .abstain: return "\(name) abstained (cast by \(by))."
        }
    }
}

/// The voting rule of the state a resolution is in, in words, and participation against its quorum.
struct QuorumView {
    /// The organisations entitled to vote.
    let electorate: Set<String>
    /// How many must take part in each vote.
    let needed: Int
    /// "The 8 member organisations vote. Each vote needs 4 of them to take part (a quorum of 1/2; abstentions count);
    /// it passes with more votes for than against."
    let words: String

    init(rule: VotingRule, electorate: [String], roster: Roster) {
        self.electorate = Set(electorate)
        needed = max(rule.quorum.required(of: electorate.count), electorate.isEmpty ? 0 : 1)
        let voters = rule.body.flatMap { roster.body($0) }.map { "the \(electorate.count) organisations of the \($0.name)" }
            ?? "the \(electorate.count) member organisations"
        let majority = switch rule.majority {
        case .moreForThanAgainst: "more votes for than against"
        case .twoThirds: "two thirds of the votes cast for or against"
        }
        words = electorate.isEmpty
            ? "The organisations entitled to vote are fixed when the vote opens."
            : "\(EnglishText.capitalised(voters)) vote. Each vote needs \(needed) of them to take part "
                + "(a quorum of \(rule.quorum); abstentions count towards it) and passes with \(majority)."
    }

    /// Participation in one vote: how many of the electorate took part, against the quorum.
    func participation(_ votes: [Vote]) -> ParticipationView {
        let count = VoteCount(votes, electorate: electorate)
        let reached = count.total >= needed && needed > 0
        let words = electorate.isEmpty ? "The vote has not opened yet."
            : "\(count.total) of \(electorate.count) organisations have voted; "
                + (reached ? "the quorum of \(needed) is reached." : "\(needed) are needed for the quorum.")
        return ParticipationView(voted: count.total, electorate: electorate.count, needed: needed, isReached: reached, words: words,
                                 votesFor: count.votesFor, against: count.against, abstentions: count.abstentions)
    }
}

/// How many of the electorate voted on one item, against the quorum.
struct ParticipationView {
    let voted: Int
    let electorate: Int
    let needed: Int
    let isReached: Bool
    let words: String
    let votesFor: Int
    let against: Int
    let abstentions: Int
}
