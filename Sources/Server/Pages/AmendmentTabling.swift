import Exports
import Foundation
import Hummingbird
import Resolutions

/// Tabling an amendment on one provision (`/resolutions/{id}/provisions/{pid}/amend`): what it
/// does (replace, delete, insert before or after), the new wording prefilled with the current
/// one, the justification and co-signatories; "Preview" shows the track changes and what would
/// be refused without recording anything, "Table the amendment" records it.
extension AmendmentPages {
    struct TablingView: Sendable {
        let resolutionID: String
        let resolutionTitle: String
        let language: String
        let provision: ProvisionView
        let formPath: String
        /// Why the person may not table an amendment now (no form is offered then).
        let refusals: [String]
        let form: TablingForm?
    }

    struct TablingForm: Sendable {
        let kinds: [ChoiceView]
        let wording: String
        let justificationText: String
        let cosignatories: [ChoiceView]
        let problems: [String]
        let preview: PreviewView?
    }

    /// What the form sent (`cosign[]` once per ticked co-signatory).
    struct TablingFields: Decodable, Sendable {
        let kind: String?
        let text: String?
        let justification: String?
        let cosign: [String]?
        let intent: String?
    }

    static func addTablingPage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        let path = "/resolutions/:resolution/provisions/:provision/amend"
        router.get(RouterPath(path)) { _, context in
            let (id, provision) = try provision(context)
            return try await tablingPage(id, provision, context, services, fields: nil)
        }
        router.post(RouterPath(path)) { request, context in
            let (id, provision) = try provision(context)
            let fields = try await Pages.form(TablingFields.self, request)
            guard let kind = fields.kind.flatMap(AmendmentKind.init(rawValue:)) else {
                return try await tablingPage(id, provision, context, services, fields: fields, status: .unprocessableContent,
                                             problems: ["Choose what the amendment does: replace the provision, delete it, or insert a new one before or after it."])
            }
            let draft = AmendmentDraft(target: provision, kind: kind, text: kind.hasText ? fields.text ?? "" : nil,
                                       justification: fields.justification ?? "", cosignatories: fields.cosign ?? [])
            if fields.intent == "preview" {
                return try await tablingPage(id, provision, context, services, fields: fields, preview: draft)
            }
            switch try await Pages.perform(.table(resolution: id, draft), context, services) {
            case .success(let performed):
                return Pages.recorded(performed, returningTo: amendmentPath(id, performed.created ?? ""))
            case .failure(let error):
                return try await tablingPage(id, provision, context, services, fields: fields, status: error.status, problems: error.sentences)
            }
        }
    }

    /// The resolution and provision of the path, well formed, for a signed-in person.
    static func provision(_ context: AccordRequestContext) throws -> (String, String) {
        let id = try Pages.resolution(context)
        return (id, try WellFormed.provision(context.parameters.require("provision"), in: id))
    }

    /// The tabling page: the empty form, or the form as the person filled it in with a preview
    /// or with the reasons it was refused.
    static func tablingPage(_ id: String, _ provisionID: String, _ context: AccordRequestContext, _ services: ServerServices,
                            fields: TablingFields?, preview: AmendmentDraft? = nil, status: HTTPResponse.Status = .ok,
                            problems: [String] = []) async throws -> Response {
        let person = try context.requirePerson()
        let now = services.configuration.now()
        let view = try await Pages.read(services) { snapshot throws(AccordError) -> TablingView in
            let meta = try snapshot.meta(id)
            let text = try snapshot.text(id)
            guard let provision = text.locate(provisionID)?.provision else {
                throw .notFound("there is no provision ‘\(provisionID)’ in \(id)")
            }
            let refusals = try snapshot.refusals(of: .tableAmendment, on: id, by: person, now: now)
            var form: TablingForm?
            // A form the person filled in is shown again, so that nothing they typed is lost, unless
            // the refusal is about who they are: then no form is offered at all.
            if refusals.isEmpty || (fields != nil && status != .forbidden) {
                let roster = try snapshot.roster()
                let chosenKind = fields?.kind.flatMap(AmendmentKind.init(rawValue:)) ?? .replace
                let ticked = Set(fields?.cosign ?? [])
                let others = roster.memberOrganisations.filter { $0.id != person.organisation }.map(\.id)
                let cosignatories = others.flatMap { organisation in
                    roster.people.filter { $0.organisation == organisation }.map { other in
                        ChoiceView(value: other.id, label: "\(other.name) (\(organisation.uppercased()))",
                                   checked: ticked.contains(other.id), field: "cosign-\(other.id)")
                    }
                }
                form = TablingForm(
                    kinds: kindChoices(kinds, chosen: chosenKind), wording: fields?.text ?? provision.text,
                    justificationText: fields?.justification ?? "", cosignatories: cosignatories, problems: problems,
                    preview: preview.map { draft in
                        PreviewView(action: action(draft.kind, text.label(of: provisionID)),
                                    runs: RunView.list(draft.trackChanges(against: provision)),
                                    problems: sentences(snapshot.refusals(of: .table(resolution: id, draft), by: person, now: now)))
                    })
            }
            return TablingView(resolutionID: id, resolutionTitle: meta.title, language: meta.language,
                               provision: ProvisionView(provision, in: text, resolution: id),
                               formPath: tabling(id, provisionID), refusals: form == nil ? sentences(refusals) : [], form: form)
        }
        return services.pages.page("amend", title: "Amend \(view.provision.label) — \(view.resolutionTitle)", view: view,
                                   context: context, status: status)
    }
}
