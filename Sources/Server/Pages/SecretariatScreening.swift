import Foundation
import Hummingbird
import Resolutions
import Workflow

/// The screening queue (`/resolutions/{id}/screening`), for the secretariat: the amendments
/// awaiting a ruling, each with a ruling form, and the screened ones with a proposal form; kept
/// up to date as others rule. The forms post the same actions as the amendment page, under
/// `/resolutions/{id}/screening/{A}/…`.
extension Pages {
    struct RulingForm: Decodable {
        let decision: String?
        let reason: String?
        let page: String?
    }

    struct ProposalForm: Decodable {
        let recommendation: String?
        let note: String?
        let page: String?
    }

    /// What a person typed into one amendment's forms, kept when the action is refused.
    struct ScreeningInput: Sendable {
        var decision: String?
        var reason = ""
        var recommendation: String?
        var note = ""
        var problems: [String] = []
    }

    struct ScreeningView {
        /// The language of the resolution's text, for `lang` on what quotes it.
        let language: String
        let id: String
        let title: String
        let stateWords: String
        let mayScreen: Bool
        let screenWhyNot: [String]
        let mayPropose: Bool
        let proposeWhyNot: [String]
        /// "3 amendments await screening."
        let queueWords: String
        let queue: [ScreeningItemView]
        let hasQueue: Bool
        let queueWindow: ListWindow
        let screened: [ScreeningItemView]
        let hasScreened: Bool
        let screenedWindow: ListWindow
        /// The page of the lists asked for, carried by the forms.
        let listPage: Int
        let ruledOut: [ScreeningItemView]
        let hasRuledOut: Bool
    }

    struct ScreeningItemView {
        let anchor: String
        let card: AmendmentCardView
        let isAdmissibleChosen: Bool
        let isInadmissibleChosen: Bool
        let reason: String
        let isAcceptChosen: Bool
        let isRejectChosen: Bool
        let note: String
        let problems: [String]
    }

    static func addScreeningPage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/resolutions/:resolution/screening") { request, context in
            let id = try resolution(context)
            return try await screeningPage(id, context, services, page: ListWindow.requested(request), notice: await notice(request, services))
        }
        router.post("/resolutions/:resolution/screening/:amendment/ruling") { request, context in
            try await screeningAction(request, context, services) { number in
                let fields = try await form(RulingForm.self, request)
                let reason = fields.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                var input = ScreeningInput(decision: fields.decision, reason: reason)
                guard let decision = fields.decision, decision == "admissible" || decision == "inadmissible" else {
                    input.problems = ["Choose whether \(Amendment.id(number)) is admissible or inadmissible."]
                    return (fields.page, input, nil)
                }
                return (fields.page, input, { id in .screen(resolution: id, amendment: number, admissible: decision == "admissible", reason: reason.isEmpty ? nil : reason) })
            }
        }
        router.post("/resolutions/:resolution/screening/:amendment/proposal") { request, context in
            try await screeningAction(request, context, services) { number in
                let fields = try await form(ProposalForm.self, request)
                let note = fields.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                var input = ScreeningInput(recommendation: fields.recommendation, note: note)
                guard let recommendation = fields.recommendation, recommendation == "accept" || recommendation == "reject" else {
                    input.problems = ["Choose whether the secretariat recommends accepting or rejecting \(Amendment.id(number))."]
                    return (fields.page, input, nil)
                }
                return (fields.page, input, { id in .propose(resolution: id, amendment: number, accept: recommendation == "accept", note: note.isEmpty ? nil : note) })
            }
        }
    }

    /// One screening form: the secretariat's check, then the action `read` makes of the form,
    /// and back to the queue's page; or the queue again with the person's input and the problem
    /// (the form's own, or the refusal in the CLI's words) beside that amendment's form.
    private static func screeningAction(
        _ request: Request, _ context: AccordRequestContext, _ services: ServerServices,
        read: (Int) async throws -> (page: String?, input: ScreeningInput, action: ((String) -> Action)?)
    ) async throws -> Response {
        let id = try resolution(context)
        let number = try WellFormed.amendment(context.parameters.require("amendment"), in: id)
        try await requireScreener(id, context, services)
        let form = try await read(number)
        var input = form.input
        let page = form.page.flatMap { Int($0) }
        guard let action = form.action else {
            return try await screeningPage(id, context, services, page: page, kept: [number: input], status: .unprocessableContent)
        }
        switch try await perform(action(id), context, services) {
        case .success(let performed):
            return recorded(performed, returningTo: "/resolutions/\(id)/screening" + (page.map { "?page=\($0)" } ?? ""))
        case .failure(let error):
            input.problems = error.sentences
            return try await screeningPage(id, context, services, page: page, kept: [number: input], status: error.status)
        }
    }

    /// The roles the resolution's procedure lets screen amendments or propose how to vote on them.
    private static func screeningRoles(_ snapshot: Snapshot, _ id: String) throws(AccordError) -> [String] {
        let workflow = try snapshot.workflow(try snapshot.meta(id).workflow)
        let actions = [DomainAction.screenAmendment, .proposeProcedure].compactMap { workflow.action(named: $0.rawValue) }
        return Array(Set(actions.flatMap(\.roles))).sorted()
    }

    /// Refuses (a 403 page) a person whose roles do not let them screen amendments of `id`.
    static func requireScreener(_ id: String, _ context: AccordRequestContext, _ services: ServerServices) async throws {
        let person = try context.requirePerson()
        let roles = try await read(services) { snapshot throws(AccordError) in try screeningRoles(snapshot, id) }
        guard roles.contains(where: person.roles.contains) else {
            throw forbiddenPage(person, onlyFor: roles, "screen the amendments of \(id)")
        }
    }

    static func screeningPage(_ id: String, _ context: AccordRequestContext, _ services: ServerServices, page: Int? = nil, notice: Notice? = nil,
                              kept: [Int: ScreeningInput] = [:], status: HTTPResponse.Status = .ok) async throws -> Response {
        try await requireScreener(id, context, services)
        let person = try context.requirePerson()
        let now = services.configuration.now()
        let view = try await read(services) { snapshot throws(AccordError) in
            let meta = try snapshot.meta(id)
            let workflow = try snapshot.workflow(meta.workflow)
            let roster = try snapshot.roster()
            let text = TextIndex(try snapshot.text(id))
            let life = try snapshot.amendmentLife()
            let screenWhyNot = try snapshot.refusals(of: .screenAmendment, on: id, by: person, now: now)
            let proposeWhyNot = try snapshot.refusals(of: .proposeProcedure, on: id, by: person, now: now)
            let current = try snapshot.amendments(id).filter { $0.round == meta.round }
            func item(_ amendment: Amendment) -> ScreeningItemView {
                let input = kept[amendment.number]
                let decision = input?.decision ?? amendment.ruling.map { $0.admissible ? "admissible" : "inadmissible" }
                let recommendation = input?.recommendation ?? amendment.proposal.map { $0.accept ? "accept" : "reject" }
                return ScreeningItemView(
                    anchor: "screening-\(amendment.id)", card: AmendmentCardView(amendment, resolution: id, text: text, roster: roster),
                    isAdmissibleChosen: decision == "admissible", isInadmissibleChosen: decision == "inadmissible",
                    reason: input?.reason ?? amendment.ruling?.reason ?? "",
                    isAcceptChosen: recommendation == "accept", isRejectChosen: recommendation == "reject",
                    note: input?.note ?? amendment.proposal?.note ?? "", problems: input?.problems ?? [])
            }
            let path = "/resolutions/\(id)/screening"
            let waiting = current.filter { life.unscreened.contains($0.state) }
            let queueWindow = ListWindow(count: waiting.count, requested: page, path: path, noun: "Amendments awaiting a ruling",
                                         label: "Pages of the screening queue")
            let queue = waiting[queueWindow.range].map(item)
            let admissible = current.filter { life.toVote.contains($0.state) }
            let screenedWindow = ListWindow(count: admissible.count, requested: page, path: path, noun: "Admissible amendments",
                                            label: "Pages of the admissible amendments")
            let screened = admissible[screenedWindow.range].map(item)
            let ruledOut = current.filter { $0.ruling?.admissible == false && !life.isPending($0.state) && life.transition(.admissible)?.from.contains($0.state.rawValue) == true }.map(item)
            return ScreeningView(
                language: meta.language, id: id, title: meta.title, stateWords: workflow.stateWords(meta.state),
                mayScreen: screenWhyNot.isEmpty, screenWhyNot: screenWhyNot.map(EnglishText.sentence),
                mayPropose: proposeWhyNot.isEmpty, proposeWhyNot: proposeWhyNot.map(EnglishText.sentence),
                queueWords: waiting.isEmpty ? "No amendment awaits screening." : "\(EnglishText.count(waiting.count, "amendment")) \(waiting.count == 1 ? "awaits" : "await") screening.",
                queue: queue, hasQueue: !queue.isEmpty, queueWindow: queueWindow,
                screened: screened, hasScreened: !screened.isEmpty, screenedWindow: screenedWindow, listPage: page ?? 1,
                ruledOut: ruledOut, hasRuledOut: !ruledOut.isEmpty)
        }
        return services.pages.page("screening", title: "Screening · \(view.title)", view: view, context: context,
                                   notice: notice, status: status, liveSource: "/resolutions/\(id)/events")
    }
}
