import Exports
import Foundation
import Hummingbird
import Resolutions

/// Tabling a compromise (`/resolutions/{id}/compromise`, the secretariat): first the provision,
/// among those with amendments still open; then the amendments of that provision it replaces,
/// its wording and justification. Recorded as `Action.table` with `replaces`.
extension AmendmentPages {
    struct CompromiseView: Sendable {
        let resolutionID: String
        let resolutionTitle: String
        let language: String
        let formPath: String
        /// Why the person may not table a compromise now (nothing else is shown then).
        let refusals: [String]
        let chooser: ChooserView?
        let form: CompromiseForm?
    }

    /// The provisions that have open amendments, to choose the one a compromise is about.
    struct ChooserView: Sendable {
        let provisions: [ChoiceView]
        let problems: [String]
    }

    struct CompromiseForm: Sendable {
        let provision: ProvisionView
        let candidates: [CandidateView]
        let kinds: [ChoiceView]
        let wording: String
        let justificationText: String
        let problems: [String]
        let preview: PreviewView?
    }

    /// An open amendment the compromise may replace, with its changes.
    struct CandidateView: Sendable {
        let choice: ChoiceView
        let href: String
        let tabler: String
        let runs: [RunView]
    }

    struct CompromiseFields: Decodable, Sendable {
        let provision: String?
        let replaces: [String]?
        let kind: String?
        let text: String?
        let justification: String?
        let intent: String?
    }

    /// What a compromise may do to its provision: replace or delete it, never insert.
    static let compromiseKinds: [AmendmentKind] = [.replace, .delete]

    static func addCompromisePage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        let path = "/resolutions/:resolution/compromise"
        router.get(RouterPath(path)) { request, context in
            let id = try Pages.resolution(context)
            let provision = try request.uri.queryParameters.get("provision").map { try WellFormed.provision($0, in: id) }
            return try await compromisePage(id, provision, context, services, fields: nil)
        }
        router.post(RouterPath(path)) { request, context in
            let id = try Pages.resolution(context)
            let fields = try await Pages.form(CompromiseFields.self, request)
            guard let provision = try fields.provision.map({ try WellFormed.provision($0, in: id) }) else {
                return try await compromisePage(id, nil, context, services, fields: fields, status: .unprocessableContent,
                                                problems: ["Choose the provision the compromise is about."])
            }
            var problems: [String] = []
            let kind = fields.kind.flatMap(AmendmentKind.init(rawValue:))
            if kind == nil { problems.append("Choose whether the compromise replaces the provision or deletes it.") }
            let replaces = try (fields.replaces ?? []).map { try WellFormed.amendment($0, in: id) }
            if replaces.isEmpty { problems.append("Choose the amendments the compromise replaces.") }
            guard let kind, problems.isEmpty else {
                return try await compromisePage(id, provision, context, services, fields: fields, status: .unprocessableContent, problems: problems)
            }
            let draft = AmendmentDraft(target: provision, kind: kind, text: kind.hasText ? fields.text ?? "" : nil,
                                       justification: fields.justification ?? "", replaces: replaces)
            if fields.intent == "preview" {
                return try await compromisePage(id, provision, context, services, fields: fields, preview: draft)
            }
            switch try await Pages.perform(.table(resolution: id, draft), context, services) {
            case .success(let performed):
                return Pages.recorded(performed, returningTo: amendmentPath(id, performed.created ?? ""))
            case .failure(let error):
                return try await compromisePage(id, provision, context, services, fields: fields, status: error.status, problems: error.sentences)
            }
        }
    }

    static func compromisePage(_ id: String, _ provisionID: String?, _ context: AccordRequestContext, _ services: ServerServices,
                               fields: CompromiseFields?, preview: AmendmentDraft? = nil, status: HTTPResponse.Status = .ok,
                               problems: [String] = []) async throws -> Response {
        let person = try context.requirePerson()
        let now = services.configuration.now()
        let view = try await Pages.read(services) { snapshot throws(AccordError) -> CompromiseView in
            let meta = try snapshot.meta(id)
            let text = try snapshot.text(id)
            let refusals = try snapshot.refusals(of: .tableCompromise, on: id, by: person, now: now)
            func make(chooser: ChooserView? = nil, form: CompromiseForm? = nil, refusals: [String] = []) -> CompromiseView {
                CompromiseView(resolutionID: id, resolutionTitle: meta.title, language: meta.language, formPath: compromise(id),
                               refusals: sentences(refusals), chooser: chooser, form: form)
            }
            // A form the person filled in is shown again, so that nothing they typed is lost, unless
            // the refusal is about who they are: then no form is offered at all.
            guard refusals.isEmpty || (fields != nil && status != .forbidden) else { return make(refusals: refusals) }
            let life = try snapshot.amendmentLife()
            let open = try snapshot.amendments(id).filter { life.isPending($0.state) && $0.round == meta.round }
            guard let provisionID, let provision = text.locate(provisionID)?.provision else {
                if let provisionID { throw .notFound("there is no provision ‘\(provisionID)’ in \(id)") }
                var counts: [String: Int] = [:]
                for amendment in open { counts[amendment.target, default: 0] += 1 }
                let choices = text.provisions.compactMap { provision in
                    counts[provision.id].map { count in
                        ChoiceView(value: provision.id, label: "\(text.label(of: provision.id)) (\(count) open amendment\(count == 1 ? "" : "s"))",
                                   checked: false, field: "provision-\(provision.id)")
                    }
                }
                return make(chooser: ChooserView(provisions: choices, problems: problems))
            }
            let roster = try snapshot.roster()
            let ticked = Set((fields?.replaces ?? []).compactMap(Amendment.number))
            let candidates = open.filter { $0.target == provisionID }.map { amendment in
                CandidateView(
                    choice: ChoiceView(value: amendment.id, label: "\(amendment.id): \(action(amendment.kind, text.label(of: provisionID)))",
                                       checked: ticked.contains(amendment.number), field: "replaces-\(amendment.id)"),
                    href: amendmentPath(id, amendment.id),
                    tabler: "\(roster.person(amendment.tabledBy)?.name ?? amendment.tabledBy) (\(amendment.organisation.uppercased())), \(amendment.state.rawValue)",
                    runs: RunView.list(amendment.draft.trackChanges(against: provision)))
            }
            let chosenKind = fields?.kind.flatMap(AmendmentKind.init(rawValue:)) ?? .replace
            let form = CompromiseForm(
                provision: ProvisionView(provision, in: text, resolution: id), candidates: candidates,
                kinds: kindChoices(compromiseKinds, chosen: chosenKind), wording: fields?.text ?? provision.text,
                justificationText: fields?.justification ?? "", problems: problems,
                preview: preview.map { draft in
                    PreviewView(action: action(draft.kind, text.label(of: provisionID)),
                                runs: RunView.list(draft.trackChanges(against: provision)),
                                problems: sentences(snapshot.refusals(of: .table(resolution: id, draft), by: person, now: now)))
                })
            return make(form: form)
        }
        return services.pages.page("compromise", title: "Table a compromise — \(view.resolutionTitle)", view: view,
                                   context: context, status: status)
    }
}
