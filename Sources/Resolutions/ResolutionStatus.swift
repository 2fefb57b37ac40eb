import Foundation
import Workflow

/// Where a resolution stands and what can happen next: what `accord status` shows.
///
/// Codable with stable keys: `accord status --json` prints it as it is.
public struct ResolutionStatus: Sendable, Codable, Equatable {
    /// The resolution id, e.g. `pact-2026`.
    public let id: String
    /// The title from the draft.
    public let title: String
    /// The name of the resolution's workflow.
    public let workflow: String
    /// The current state in that workflow.
    public let state: String
    /// 1, then one more at each referral back.
    public let round: Int
    /// ISO 8601, UTC.
    public let deadline: String?
    /// The organisations voting, once a vote has opened.
    public let electorate: [String]
    /// Every amendment, in number order.
    public let amendments: [AmendmentStatus]
    /// The sections under review and their votes (in review and after).
    public let sections: [SectionStatus]
    /// The workflow steps and actions possible from here, and who may take them.
    public let next: [NextStep]
    /// The vote on the whole text held in this state, if the procedure holds one here.
    public var textVote: TextVoteStatus? = nil
    /// How complete and up to date each of the resolution's other language versions is, by
    /// language; nil when it is published in one language only.
    public var translations: [String: LanguageProgress]? = nil
}

/// A body's vote on the whole text, as it stands.
public struct TextVoteStatus: Sendable, Codable, Equatable {
    /// The name of the body that votes, e.g. "Policy Committee"; nil for the whole membership.
    public let body: String?
    /// organisation → for / against / abstain.
    public let votes: OrganisationVotes
    /// In words, by the voting rule of this state: e.g. "rejected: no two-thirds majority: …".
    public let result: String
    /// Whether the text passes by that rule.
    public let passed: Bool
}

/// One amendment in a status.
public struct AmendmentStatus: Sendable, Codable, Equatable {
    /// `A12`.
    public let id: String
    /// A state of the record's `amendment.yml` (in the shipped one `tabled`, `admissible`, `inadmissible`, `withdrawn`, `adopted`, `rejected` or `fallen`).
    public let state: String
    /// The amendment round it was tabled in.
    public let round: Int
    /// The id of the provision it amends.
    public let target: String
    /// `replace`, `delete`, `insert-before` or `insert-after`.
    public let kind: String
    /// The new text; none for a deletion.
    public let text: String?
    /// Why the tabler asks for it.
    public let justification: String
    /// The tabling organisation's id.
    public let organisation: String
    /// The roster id of the person who tabled it.
    public let tabledBy: String
    /// The roster ids of its co-signatories.
    public let cosignatories: [String]
    /// For a compromise: the amendments it replaces.
    public let replaces: [String]
    /// The compromise that covers this amendment, if any.
    public let coveredBy: String?
    /// `admissible` or `inadmissible`, once screened.
    public let ruling: String?
    /// Why it was ruled inadmissible.
    public let rulingReason: String?
    /// The secretariat's recommendation: `accept` or `reject`.
    public let proposal: String?
    /// The note with the recommendation.
    public let proposalNote: String?
    /// What the tally decided, in words.
    public let outcome: String?
    /// organisation → for / against / abstain.
    public let votes: OrganisationVotes
}

/// One section under review.
public struct SectionStatus: Sendable, Codable, Equatable {
    /// The section id, e.g. `sec-governance`.
    public let id: String
    /// The section heading.
    public let title: String
    /// organisation → for / against / abstain.
    public let votes: OrganisationVotes
    /// In words, by the workflow's voting rule: e.g. "adopted: 6 for, 1 against …".
    public let result: String
    /// Whether the section passes by the workflow's voting rule.
    public let approved: Bool
}

/// A step that can be taken next.
public struct NextStep: Sendable, Codable, Equatable {
    /// `transition` (moves the resolution on) or `action` (done within the state).
    public let kind: String
    /// The transition or action name, as in the workflow file.
    public let name: String
    /// What it does, from the workflow file.
    public let description: String?
    /// The roles that may take it.
    public let roles: [String]
    /// Why it cannot be taken yet by someone with those roles (empty: it can).
    public let blockers: [String]
}

extension Snapshot {
    /// The status of a resolution at this snapshot, evaluating guards as of `now`.
    public func status(_ id: String, now: Date) throws(AccordError) -> ResolutionStatus {
        try statusHeading(id, now: now).with(amendments: try amendmentStatuses(id))
    }

    /// The status of every amendment of a resolution, in number order (`status(_:now:).amendments`).
    public func amendmentStatuses(_ id: String) throws(AccordError) -> [AmendmentStatus] {
        let folders = try amendmentFolders(id)
        let coveredBy = Self.compromises(covering: folders)
        return folders.map { AmendmentStatus($0, coveredBy: coveredBy[$0.amendment.number]) }
    }

    /// The status of a resolution as `accord status --json` prints it — the same text as
    /// `status(_:now:).jsonText` — handed to `chunk` in buffers of about 64 KiB, without a final
    /// newline.
    ///
    /// The amendments (nine megabytes for ten thousand) are written as an earlier process stored
    /// them for the same amendments folder; else each is written from its folder as it comes,
    /// without building the status of every amendment first, and stored for the next process.
    public func writeStatusJSON(_ id: String, now: Date, _ chunk: @escaping (UnsafeRawBufferPointer) -> Void) throws(AccordError) {
        let heading = try statusHeading(id, now: now)
        let amendments = try storedOutput("status-amendments-json-1", of: id, inputs: [RecordLayout.amendments(id)]) { () throws(AccordError) in
            let folders = try amendmentFolders(id)
            let coveredBy = Self.compromises(covering: folders)
            // The value of the top object's "amendments" member: one level deep.
            var json = JSONText(capacity: 4_096 + folders.count * 1_024, depth: 1)
            json.array(of: folders) { json, folder in
                AmendmentStatus.writeJSON(folder, coveredBy: coveredBy[folder.amendment.number], to: &json)
            }
            return json.data
        }
        var json = JSONText(to: chunk)
        heading.write(to: &json) { json in json.raw(amendments) }
        json.finish()
    }

    /// The compromise covering each amendment a compromise replaces, by number.
    private static func compromises(covering folders: [AmendmentFolder]) -> [Int: Int] {
        var coveredBy: [Int: Int] = [:]
        for folder in folders where folder.amendment.isCompromise {
            for number in folder.amendment.draft.replaces { coveredBy[number] = folder.amendment.number }
        }
        return coveredBy
    }

    /// The status of a resolution without its amendments (`amendments` is empty): what the
    /// amendments are not needed for, evaluating guards as of `now`.
    public func statusHeading(_ id: String, now: Date) throws(AccordError) -> ResolutionStatus {
        let meta = try self.meta(id)
        let workflow = try self.workflow(meta.workflow)
        var sections: [SectionStatus] = []
        // Sections are shown where the procedure reviews them: in review, and after it.
        let consolidatedText = try consolidated(id)
        if let review = workflow.action(named: DomainAction.voteSection.rawValue), review.states.contains(meta.state) || consolidatedText != nil {
            let rule = workflow.votingRule(in: meta.state)
            let electorate = Set(meta.electorate)
            for section in try reviewedText(id).sections {
                let votes = try self.votes(id, item: section.id)
                let outcome = rule.outcome(of: votes, electorate: electorate)
                sections.append(SectionStatus(id: section.id, title: section.title,
                                              votes: OrganisationVotes(votes.map { ($0.organisation, $0.choice.rawValue) }),
                                              result: outcome.reason, approved: outcome.passed))
            }
        }
        return ResolutionStatus(
            id: meta.id, title: meta.title, workflow: meta.workflow, state: meta.state, round: meta.round,
            deadline: meta.amendmentDeadline.map(RecordDate.format), electorate: meta.electorate,
            amendments: [], sections: sections, next: try nextSteps(meta, workflow, now: now),
            textVote: try textVote(meta, workflow), translations: meta.languages.count > 1 ? try translationProgress(id) : nil)
    }

    /// The vote on the whole text in the resolution's state, where the procedure holds one.
    private func textVote(_ meta: ResolutionMeta, _ workflow: WorkflowDefinition) throws(AccordError) -> TextVoteStatus? {
        guard workflow.action(named: DomainAction.voteText.rawValue)?.states.contains(meta.state) == true else { return nil }
        let rule = workflow.votingRule(in: meta.state)
        let votes = try textVotes(meta.id, in: meta.state)
        let outcome = rule.outcome(of: votes, electorate: Set(meta.electorate))
        let roster = try self.roster()
        return TextVoteStatus(body: rule.body.flatMap { roster.body($0)?.name }, votes: OrganisationVotes(votes.map { ($0.organisation, $0.choice.rawValue) }),
                              result: outcome.reason, passed: outcome.passed)
    }

    /// Each transition and action of the current state, with what still stands in its way
    /// for a person holding the roles it needs.
    private func nextSteps(_ meta: ResolutionMeta, _ workflow: WorkflowDefinition, now: Date) throws(AccordError) -> [NextStep] {
        var steps: [NextStep] = []
        for transition in workflow.transitions where transition.from.contains(meta.state) {
            let someone = Person(id: "someone", name: "someone", email: "", organisation: "", roles: transition.roles)
            let planner = Planner(snapshot: self, actor: someone, now: now)
            let (predicates, details) = try planner.evaluate(predicateNames(in: transition.guards), meta.id, meta, person: someone)
            var blockers = workflow.blockers(forTransition: transition.name, from: meta.state,
                                             context: try planner.context(someone, meta, predicates: predicates))
            if !blockers.isEmpty { blockers += details }
            steps.append(NextStep(kind: "transition", name: transition.name, description: transition.description,
                                  roles: transition.roles, blockers: blockers.map(\.message)))
        }
        for action in workflow.actions where action.states.contains(meta.state) {
            let someone = Person(id: "someone", name: "someone", email: "", organisation: "", roles: action.roles)
            let blockers = workflow.blockers(forAction: action.name, in: meta.state,
                                             context: try Planner(snapshot: self, actor: someone, now: now).context(someone, meta))
            steps.append(NextStep(kind: "action", name: action.name, description: action.description,
                                  roles: action.roles, blockers: blockers.map(\.message)))
        }
        return steps
    }

    /// The voting list of a resolution's current round.
    public func votingList(_ id: String) throws(AccordError) -> [VotingListEntry] {
        let meta = try self.meta(id)
        return Tally.votingList(text: try text(id), amendments: try amendments(id), round: meta.round, life: try amendmentLife())
    }
}

extension ResolutionStatus {
    /// This status with these amendments.
    func with(amendments: [AmendmentStatus]) -> ResolutionStatus {
        ResolutionStatus(id: id, title: title, workflow: workflow, state: state, round: round, deadline: deadline,
                         electorate: electorate, amendments: amendments, sections: sections, next: next, textVote: textVote,
                         translations: translations)
    }
}

extension AmendmentStatus {
    /// The status of the amendment in `folder`; `coveredBy`: the compromise that covers it.
    init(_ folder: AmendmentFolder, coveredBy: Int?) {
        let (amendment, votes) = (folder.amendment, folder.votes)
        self.init(
            id: amendment.id, state: amendment.state.rawValue, round: amendment.round, target: amendment.target,
            kind: amendment.kind.rawValue, text: amendment.draft.text, justification: amendment.draft.justification,
            organisation: amendment.organisation, tabledBy: amendment.tabledBy, cosignatories: amendment.draft.cosignatories,
            replaces: amendment.draft.replaces.map(Amendment.id), coveredBy: coveredBy.map(Amendment.id),
            ruling: amendment.ruling.map { $0.admissible ? "admissible" : "inadmissible" }, rulingReason: amendment.ruling?.reason,
            proposal: amendment.proposal.map { $0.accept ? "accept" : "reject" }, proposalNote: amendment.proposal?.note,
            outcome: amendment.outcome,
            votes: OrganisationVotes(votes.map { ($0.organisation, $0.choice.rawValue) }))
    }
}
