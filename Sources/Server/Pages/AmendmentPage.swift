import Exports
import Foundation
import Hummingbird
import Resolutions

/// The page of one amendment (`/resolutions/{id}/amendments/{A}`): its track changes against
/// the provision's wording, who tabled and supports it, the ruling, the proposal, compromises,
/// votes and outcome; and the forms the signed-in person may use on it now — co-sign,
/// withdraw, rule, propose — each offered only when the planner would accept it.
extension AmendmentPages {
    struct AmendmentView: Sendable {
        let resolutionID: String
        let resolutionTitle: String
        let language: String
        let amendmentID: String
        /// "Amendment A3" or "Compromise amendment A3".
        let heading: String
        /// "Replace paragraph 6".
        let action: String
        let state: String
        let stateWords: String
        let target: ProvisionView?
        let targetLabel: String
        let runs: [RunView]
        let justification: String
        let organisation: String
        let tabledBy: String
        let round: Int
        let cosignatories: [String]
        let ruling: RulingView?
        let proposal: ProposalView?
        let replaces: [ResolutionLink]
        let coveredBy: ResolutionLink?
        let votes: [VoteRow]
        let tally: TallyView?
        let outcome: String?
        let listPath: String
        let eventsPath: String
        let cosignForm: ActionForm?
        let withdrawForm: ActionForm?
        let rulingForm: RulingForm?
        let proposalForm: ProposalForm?
        /// Whether any of the four forms is offered.
        let hasActions: Bool
        /// Where to table another amendment to the same provision, when the person may.
        let tablePath: String?
        /// Where the secretariat tables a compromise on the same provision, when it may.
        let compromisePath: String?
        /// A refusal of an action whose form the person is not offered (a forged request).
        let problems: [String]
    }

    struct RulingView: Sendable {
        let admissible: Bool
        let reason: String?
        let by: String
    }

    struct ProposalView: Sendable {
        let accept: Bool
        let note: String?
        let by: String
    }

    struct VoteRow: Sendable {
        let organisation: String
        let person: String
        let choice: String
    }

    struct TallyView: Sendable {
        let votesFor: Int
        let against: Int
        let abstentions: Int
    }

    /// Co-signing or withdrawing: a button, and why it was refused when it was.
    struct ActionForm: Sendable {
        let path: String
        let problems: [String]
    }

    struct RulingForm: Sendable {
        let path: String
        let canAdmit: Bool
        let canRuleOut: Bool
        let admitChecked: Bool
        let ruleOutChecked: Bool
        let reasonText: String
        let problems: [String]
    }

    struct ProposalForm: Sendable {
        let path: String
        let acceptChecked: Bool
        let rejectChecked: Bool
        let noteText: String
        let problems: [String]
    }

    /// Which form a refused post came from, with what the person sent, to show them again.
    enum Attempt: Sendable {
        case cosign([String])
        case withdraw([String])
        case ruling(choice: String?, reason: String, problems: [String])
        case proposal(choice: String?, note: String, problems: [String])
    }

    /// Where to go once recorded (`next`, a path of this site): another page may post these
    /// forms, as the screening queue does, and have the person come back to it.
    struct ReturnField: Decodable {
        let next: String?
    }

    struct RulingFields: Decodable {
        let ruling: String?
        let reason: String?
        let next: String?
    }

    struct ProposalFields: Decodable {
        let recommendation: String?
        let note: String?
        let next: String?
    }

    static func addAmendmentPage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        let path = "/resolutions/:resolution/amendments/:amendment"
        router.get(RouterPath(path)) { request, context in
            let (id, number) = try amendment(context)
            return try await page(id, number, context, services, notice: await Pages.notice(request, services))
        }
        router.post(RouterPath(path + "/cosign")) { request, context in
            let (id, number) = try amendment(context)
            let next = try await Pages.form(ReturnField.self, request).next
            return try await act(.cosign(resolution: id, amendment: number), id, number, next, context, services) { .cosign($0) }
        }
        router.post(RouterPath(path + "/withdraw")) { request, context in
            let (id, number) = try amendment(context)
            let next = try await Pages.form(ReturnField.self, request).next
            return try await act(.withdraw(resolution: id, amendment: number), id, number, next, context, services) { .withdraw($0) }
        }
        router.post(RouterPath(path + "/ruling")) { request, context in
            let (id, number) = try amendment(context)
            let fields = try await Pages.form(RulingFields.self, request)
            let reason = fields.reason ?? ""
            guard let choice = fields.ruling, choice == "admissible" || choice == "inadmissible" else {
                return try await page(id, number, context, services, status: .unprocessableContent,
                                      attempt: .ruling(choice: nil, reason: reason, problems: ["Choose whether \(Amendment.id(number)) is admissible or inadmissible."]))
            }
            let action = Action.screen(resolution: id, amendment: number, admissible: choice == "admissible",
                                       reason: reason.isEmpty ? nil : reason)
            return try await act(action, id, number, fields.next, context, services) { .ruling(choice: choice, reason: reason, problems: $0) }
        }
        router.post(RouterPath(path + "/proposal")) { request, context in
            let (id, number) = try amendment(context)
            let fields = try await Pages.form(ProposalFields.self, request)
            let note = fields.note ?? ""
            guard let choice = fields.recommendation, choice == "accept" || choice == "reject" else {
                return try await page(id, number, context, services, status: .unprocessableContent,
                                      attempt: .proposal(choice: nil, note: note, problems: ["Choose whether to recommend accepting or rejecting \(Amendment.id(number))."]))
            }
            let action = Action.propose(resolution: id, amendment: number, accept: choice == "accept", note: note.isEmpty ? nil : note)
            return try await act(action, id, number, fields.next, context, services) { .proposal(choice: choice, note: note, problems: $0) }
        }
    }

    /// The resolution and amendment number of the path, well formed, for a signed-in person.
    static func amendment(_ context: AccordRequestContext) throws -> (String, Int) {
        let id = try Pages.resolution(context)
        return (id, try WellFormed.amendment(context.parameters.require("amendment"), in: id))
    }

    /// Performs a form's action: back to the amendment's page (or to `next`, a path of this
    /// site) with the notice, or the amendment's page again with the refusal beside the form.
    static func act(_ action: Action, _ id: String, _ number: Int, _ next: String?, _ context: AccordRequestContext,
                    _ services: ServerServices, attempt: @escaping @Sendable ([String]) -> Attempt) async throws -> Response {
        switch try await Pages.perform(action, context, services) {
        case .success(let performed):
            let back = next.flatMap { Pages.safeNext($0) == $0 ? $0 : nil } ?? amendmentPath(id, Amendment.id(number))
            return Pages.recorded(performed, returningTo: back)
        case .failure(let error):
            if error.status == .notFound { throw error }
            return try await page(id, number, context, services, status: error.status, attempt: attempt(error.sentences))
        }
    }

    /// The amendment's page, with a refused attempt shown beside its form when there is one.
    static func page(_ id: String, _ number: Int, _ context: AccordRequestContext, _ services: ServerServices,
                     notice: Notice? = nil, status: HTTPResponse.Status = .ok, attempt: Attempt? = nil) async throws -> Response {
        let person = try context.requirePerson()
        let now = services.configuration.now()
        let view = try await Pages.read(services) { snapshot throws(AccordError) in
            try amendmentView(snapshot, id, number, person: person, now: now, attempt: attempt)
        }
        return services.pages.page("amendment", title: "\(view.heading) — \(view.resolutionTitle)", view: view, context: context,
                                   notice: notice, status: status, liveSource: view.eventsPath)
    }

    /// What the page of amendment `number` shows `person` at `now`, read from one snapshot.
    static func amendmentView(_ snapshot: Snapshot, _ id: String, _ number: Int, person: Person, now: Date,
                              attempt: Attempt?) throws(AccordError) -> AmendmentView {
        let meta = try snapshot.meta(id)
        guard let amendment = try snapshot.amendment(id, number) else {
            throw .notFound("there is no amendment \(Amendment.id(number)) to \(id)")
        }
        let text = try snapshot.text(id)
        let roster = try snapshot.roster()
        let life = try snapshot.amendmentLife()
        let located = text.locate(amendment.target)?.provision
        let targetLabel = text.label(of: amendment.target)
        func personName(_ personID: String) -> String {
            guard let someone = roster.person(personID) else { return personID }
            return "\(someone.name) (\(someone.organisation.uppercased()))"
        }
        func link(_ number: Int) -> ResolutionLink { ResolutionLink(label: Amendment.id(number), href: amendmentPath(id, Amendment.id(number))) }

        let coveredBy = try snapshot.amendments(id).first { $0.isCompromise && $0.draft.replaces.contains(number) }
        let votes = try snapshot.votes(id, item: amendment.id)
        let count = VoteCount(votes)
        let organisationName = roster.organisation(amendment.organisation)?.name ?? amendment.organisation

        let forms = actionForms(snapshot, id, amendment, person: person, now: now, attempt: attempt)
        let mayTable = try snapshot.refusals(of: .tableAmendment, on: id, by: person, now: now).isEmpty
        let mayCompromise = try snapshot.refusals(of: .tableCompromise, on: id, by: person, now: now).isEmpty
        return AmendmentView(
            resolutionID: id, resolutionTitle: meta.title, language: meta.language, amendmentID: amendment.id,
            heading: "\(amendment.isCompromise ? "Compromise amendment" : "Amendment") \(amendment.id)",
            action: action(amendment.kind, targetLabel), state: amendment.state.rawValue, stateWords: life.words(amendment.state),
            target: located.map { ProvisionView($0, in: text, resolution: id) }, targetLabel: targetLabel,
            runs: RunView.list(amendment.draft.trackChanges(against: located)),
            justification: amendment.draft.justification,
            organisation: "\(organisationName) (\(amendment.organisation.uppercased()))",
            tabledBy: roster.person(amendment.tabledBy)?.name ?? amendment.tabledBy, round: amendment.round,
            cosignatories: amendment.draft.cosignatories.map(personName),
            ruling: amendment.ruling.map { RulingView(admissible: $0.admissible, reason: $0.reason, by: personName($0.by)) },
            proposal: amendment.proposal.map { ProposalView(accept: $0.accept, note: $0.note, by: personName($0.by)) },
            replaces: amendment.draft.replaces.map(link), coveredBy: coveredBy.map { link($0.number) },
            votes: votes.sorted { $0.organisation < $1.organisation }.map { vote in
                VoteRow(organisation: roster.organisation(vote.organisation).map { "\($0.name) (\(vote.organisation.uppercased()))" } ?? vote.organisation.uppercased(),
                        person: roster.person(vote.person)?.name ?? vote.person, choice: vote.choice.rawValue)
            },
            tally: votes.isEmpty ? nil : TallyView(votesFor: count.votesFor, against: count.against, abstentions: count.abstentions),
            outcome: amendment.outcome, listPath: resolutionPath(id) + "/amendments", eventsPath: resolutionPath(id) + "/events",
            cosignForm: forms.cosign, withdrawForm: forms.withdraw, rulingForm: forms.ruling, proposalForm: forms.proposal,
            hasActions: forms.cosign != nil || forms.withdraw != nil || forms.ruling != nil || forms.proposal != nil,
            tablePath: located != nil && mayTable ? tabling(id, amendment.target) : nil,
            compromisePath: located != nil && life.isPending(amendment.state) && mayCompromise
                ? compromise(id, provision: amendment.target) : nil,
            problems: forms.problems)
    }

    /// The forms offered on an amendment's page, and a refused attempt's reasons where its form is not offered.
    struct Forms {
        var cosign: ActionForm?
        var withdraw: ActionForm?
        var ruling: RulingForm?
        var proposal: ProposalForm?
        var problems: [String] = []
    }

    /// The forms `person` may use on `amendment` now — each only when the planner would record
    /// its action — with a refused attempt's input and reasons put back beside its form.
    static func actionForms(_ snapshot: Snapshot, _ id: String, _ amendment: Amendment, person: Person, now: Date,
                            attempt: Attempt?) -> Forms {
        let number = amendment.number
        func offered(_ action: Action) -> Bool { snapshot.refusals(of: action, by: person, now: now).isEmpty }
        let path = amendmentPath(id, amendment.id)
        var forms = Forms()
        if offered(.cosign(resolution: id, amendment: number)) { forms.cosign = ActionForm(path: path + "/cosign", problems: []) }
        if offered(.withdraw(resolution: id, amendment: number)) { forms.withdraw = ActionForm(path: path + "/withdraw", problems: []) }
        let canAdmit = offered(.screen(resolution: id, amendment: number, admissible: true, reason: nil))
        // An inadmissible ruling needs a reason: ask whether one with a reason would be recorded.
        let canRuleOut = offered(.screen(resolution: id, amendment: number, admissible: false, reason: "a reason"))
        if canAdmit || canRuleOut {
            forms.ruling = RulingForm(path: path + "/ruling", canAdmit: canAdmit, canRuleOut: canRuleOut, admitChecked: false,
                                      ruleOutChecked: false, reasonText: "", problems: [])
        }
        if offered(.propose(resolution: id, amendment: number, accept: true, note: nil)) {
            forms.proposal = ProposalForm(path: path + "/proposal", acceptChecked: false, rejectChecked: false, noteText: "", problems: [])
        }
        switch attempt {
        case .cosign(let reasons):
            if let form = forms.cosign { forms.cosign = ActionForm(path: form.path, problems: reasons) } else { forms.problems = reasons }
        case .withdraw(let reasons):
            if let form = forms.withdraw { forms.withdraw = ActionForm(path: form.path, problems: reasons) } else { forms.problems = reasons }
        case .ruling(let choice, let reason, let reasons):
            if let form = forms.ruling {
                forms.ruling = RulingForm(path: form.path, canAdmit: form.canAdmit, canRuleOut: form.canRuleOut,
                                          admitChecked: choice == "admissible", ruleOutChecked: choice == "inadmissible",
                                          reasonText: reason, problems: reasons)
            } else {
                forms.problems = reasons
            }
        case .proposal(let choice, let note, let reasons):
            if let form = forms.proposal {
                forms.proposal = ProposalForm(path: form.path, acceptChecked: choice == "accept", rejectChecked: choice == "reject",
                                              noteText: note, problems: reasons)
            } else {
                forms.problems = reasons
            }
        case nil:
            break
        }
        return forms
    }
}
