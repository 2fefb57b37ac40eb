import Foundation
import Hummingbird
import Resolutions
import Workflow

/// The voting page (`/resolutions/{id}/vote`): the voting list in order with what falls, the
/// organisation's vote on each amendment, changeable until the vote closes, and participation
/// against the quorum, kept up to date as others vote.
extension Pages {
    struct VoteForm: Decodable {
        let item: String
        let choice: String
        /// The page of the voting list the form was on, to return to.
        let page: String?
    }

    struct VotingView {
        /// The language of the resolution's text, for `lang` on what quotes it.
        let language: String
        let id: String
        let title: String
        let stateWords: String
        let organisation: String
        /// Whether the person may vote for their organisation now.
        let mayVote: Bool
        /// Why not, in the words of the refusal.
        let whyNot: [String]
        let quorumWords: String
        /// "AFCCRE has voted on 2 of 5 amendments."
        let progressWords: String
        let items: [VotingItemView]
        let hasItems: Bool
        let window: ListWindow
        /// Refusals of an attempt on an item that is not on the list.
        let problems: [String]
    }

    struct VotingItemView {
        /// The element's id (`item-A3`), for the live updates and links.
        let anchor: String
        let position: Int
        let card: AmendmentCardView
        /// "If A3 is adopted, A5 and A7 fall.", or empty.
        let fallsWords: String
        let ownVoteWords: String
        let choices: [ChoiceView]
        let participation: ParticipationView
        /// Refusals of the last attempt on this item.
        let problems: [String]
    }

    static func addVotingPage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/resolutions/:resolution/vote") { request, context in
            let id = try resolution(context)
            return try await votingPage(id, context, services, page: ListWindow.requested(request), notice: await notice(request, services))
        }
        router.post("/resolutions/:resolution/vote") { request, context in
            let id = try resolution(context)
            let (item, choice, page) = try await voteFields(request, id)
            switch try await perform(.vote(resolution: id, item: item, choice: choice), context, services) {
            case .success(let performed):
                return recorded(performed, returningTo: "/resolutions/\(id)/vote" + (page.map { "?page=\($0)" } ?? ""))
            case .failure(let error):
                return try await votingPage(id, context, services, page: page, problems: [item: error.sentences], status: error.status)
            }
        }
    }

    /// Why the person may not vote on the items of `kind` now, in the refusal's words: the
    /// procedure's check, then a vote planned on the `first` item and not written, since whether
    /// the person's organisation votes, and the person for it, only a vote itself can tell.
    static func whyNotVote(_ kind: DomainAction, on id: String, first: String?, _ snapshot: Snapshot, _ person: Person,
                           _ now: Date) throws(AccordError) -> [String] {
        let refusals = try snapshot.refusals(of: kind, on: id, by: person, now: now)
        guard refusals.isEmpty, let first else { return refusals }
        return snapshot.refusals(of: .vote(resolution: id, item: first, choice: .abstain), by: person, now: now)
    }

    /// A vote form's item and choice, well formed, and the page of the list it was on.
    static func voteFields(_ request: Request, _ id: String) async throws -> (String, VoteChoice, Int?) {
        let fields = try await form(VoteForm.self, request)
        guard let choice = VoteChoice(rawValue: fields.choice) else {
            throw APIError.malformed(["a vote is for, against or abstain; reload the page and choose one of its buttons"])
        }
        return (try WellFormed.item(fields.item, in: id), choice, fields.page.flatMap { Int($0) })
    }

    static func votingPage(_ id: String, _ context: AccordRequestContext, _ services: ServerServices, page: Int? = nil, notice: Notice? = nil,
                           problems: [String: [String]] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let person = try context.requirePerson()
        let now = services.configuration.now()
        let view = try await read(services) { snapshot throws(AccordError) in
            let meta = try snapshot.meta(id)
            let workflow = try snapshot.workflow(meta.workflow)
            let roster = try snapshot.roster()
            let text = TextIndex(try snapshot.text(id))
            let list = try snapshot.votingList(id)
            let window = ListWindow(count: list.count, requested: page, path: "/resolutions/\(id)/vote", noun: "Amendments",
                                    label: "Pages of the voting list")
            let amendments = Dictionary(uniqueKeysWithValues: try snapshot.amendments(id).map { ($0.number, $0) })
            let votes = try snapshot.amendmentVotes(id)
            let quorum = QuorumView(rule: workflow.votingRule(in: meta.state), electorate: meta.electorate, roster: roster)
            let whyNot = try whyNotVote(.voteAmendment, on: id, first: list.first.map { Amendment.id($0.amendment) }, snapshot, person, now)
            let voted = list.filter { entry in (votes[entry.amendment] ?? []).contains { $0.organisation == person.organisation } }.count
            let items = list[window.range].enumerated().compactMap { offset, entry -> VotingItemView? in
                guard let amendment = amendments[entry.amendment] else { return nil }
                let position = window.range.lowerBound + offset
                let cast = votes[entry.amendment] ?? []
                let own = cast.first { $0.organisation == person.organisation }
                let falls = entry.falls.map(Amendment.id)
                return VotingItemView(
                    anchor: "item-\(amendment.id)", position: position + 1,
                    card: AmendmentCardView(amendment, resolution: id, text: text, roster: roster),
                    fallsWords: falls.isEmpty ? "" : "If \(amendment.id) is adopted, \(EnglishText.list(falls)) \(falls.count == 1 ? "falls" : "fall") and \(falls.count == 1 ? "is" : "are") not put to the vote.",
                    ownVoteWords: ChoiceView.ownVoteWords(own, organisation: person.organisation, roster: roster),
                    choices: ChoiceView.all(chosen: own?.choice),
                    participation: quorum.participation(cast),
                    problems: problems[amendment.id] ?? [])
            }
            return VotingView(
                language: meta.language, id: id, title: meta.title, stateWords: workflow.stateWords(meta.state), organisation: person.organisation.uppercased(),
                mayVote: whyNot.isEmpty && !items.isEmpty, whyNot: whyNot.map(EnglishText.sentence), quorumWords: quorum.words,
                progressWords: "\(person.organisation.uppercased()) has voted on \(voted) of \(EnglishText.count(list.count, "amendment")).",
                items: items, hasItems: !items.isEmpty, window: window,
                problems: problems.filter { key, _ in !items.contains { $0.card.number == key } }.sorted { $0.key < $1.key }.flatMap(\.value))
        }
        return services.pages.page("vote", title: "Vote on the amendments · \(view.title)", view: view, context: context,
                                   notice: notice, status: status, liveSource: "/resolutions/\(id)/events")
    }
}

/// The section review (`/resolutions/{id}/review`): each section of the consolidated text with
/// its provisions, the organisation's vote and the result so far.
extension Pages {
    struct ReviewView {
        /// The language of the resolution's text, for `lang` on what quotes it.
        let language: String
        let id: String
        let title: String
        let stateWords: String
        let organisation: String
        let mayVote: Bool
        let whyNot: [String]
        let quorumWords: String
        let progressWords: String
        let sections: [ReviewSectionView]
        let hasSections: Bool
        /// Refusals of an attempt on an item that is not a section under review.
        let problems: [String]
    }

    struct ReviewSectionView {
        let anchor: String
        let item: String
        let heading: String
        let provisions: [ReviewProvisionView]
        let ownVoteWords: String
        let choices: [ChoiceView]
        let participation: ParticipationView
        /// The result by the workflow's rule so far, in words.
        let resultWords: String
        let isApproved: Bool
        let problems: [String]
    }

    struct ReviewProvisionView {
        let number: String
        let text: String
    }

    static func addReviewPage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/resolutions/:resolution/review") { request, context in
            let id = try resolution(context)
            return try await reviewPage(id, context, services, notice: await notice(request, services))
        }
        router.post("/resolutions/:resolution/review") { request, context in
            let id = try resolution(context)
            let (item, choice, _) = try await voteFields(request, id)
            switch try await perform(.vote(resolution: id, item: item, choice: choice), context, services) {
            case .success(let performed):
                return recorded(performed, returningTo: "/resolutions/\(id)/review")
            case .failure(let error):
                return try await reviewPage(id, context, services, problems: [item: error.sentences], status: error.status)
            }
        }
    }

    static func reviewPage(_ id: String, _ context: AccordRequestContext, _ services: ServerServices, notice: Notice? = nil,
                           problems: [String: [String]] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        let person = try context.requirePerson()
        let now = services.configuration.now()
        let view = try await read(services) { snapshot throws(AccordError) in
            let meta = try snapshot.meta(id)
            let workflow = try snapshot.workflow(meta.workflow)
            let roster = try snapshot.roster()
            let heading = try snapshot.statusHeading(id, now: now)
            let text = try snapshot.reviewedText(id)
            let numbers = text.displayNumbers
            let quorum = QuorumView(rule: workflow.votingRule(in: meta.state), electorate: meta.electorate, roster: roster)
            let whyNot = try whyNotVote(.voteSection, on: id, first: heading.sections.first?.id, snapshot, person, now)
            var voted = 0
            var sections: [ReviewSectionView] = []
            for section in heading.sections {
                let cast = try snapshot.votes(id, item: section.id)
                let own = cast.first { $0.organisation == person.organisation }
                if own != nil { voted += 1 }
                let provisions = text.sections.first { $0.id == section.id }?.provisions ?? []
                sections.append(ReviewSectionView(
                    anchor: "section-\(section.id)", item: section.id, heading: section.title,
                    provisions: provisions.map { ReviewProvisionView(number: numbers[$0.id] ?? "", text: $0.text) },
                    ownVoteWords: ChoiceView.ownVoteWords(own, organisation: person.organisation, roster: roster),
                    choices: ChoiceView.all(chosen: own?.choice), participation: quorum.participation(cast),
                    resultWords: EnglishText.sentence(section.result), isApproved: section.approved, problems: problems[section.id] ?? []))
            }
            return ReviewView(
                language: meta.language, id: id, title: meta.title, stateWords: workflow.stateWords(meta.state), organisation: person.organisation.uppercased(),
                mayVote: whyNot.isEmpty && !sections.isEmpty, whyNot: whyNot.map(EnglishText.sentence), quorumWords: quorum.words,
                progressWords: "\(person.organisation.uppercased()) has voted on \(voted) of \(EnglishText.count(sections.count, "section")).",
                sections: sections, hasSections: !sections.isEmpty,
                problems: problems.filter { key, _ in !sections.contains { $0.item == key } }.sorted { $0.key < $1.key }.flatMap(\.value))
        }
        return services.pages.page("review", title: "Section review · \(view.title)", view: view, context: context,
                                   notice: notice, status: status, liveSource: "/resolutions/\(id)/events")
    }
}
