import Foundation
import Hummingbird
import Resolutions
import Workflow

/// The procedure of a resolution (`/resolutions/{id}/procedure`): every step possible from its
/// state with what still stands in its way, in words, before any button is pressed; a button
/// for each step the person may take (with the deadline it sets); and the procedure's states.
extension Pages {
    struct TransitionForm: Decodable {
        let name: String
        let deadline: String?
    }

    struct ProcedureView {
        let id: String
        let title: String
        let workflow: String
        let workflowWords: String
        let stateWords: String
        let deadlineWords: String
        let steps: [StepView]
        let hasSteps: Bool
        let states: [StateView]
    }

    struct StepView {
        let name: String
        let anchor: String
        /// What the step does, from the workflow file.
        let label: String
        /// "It leads to: members vote on the amendments."
        let leadsTo: String
        /// "Taken by the secretariat."
        let rolesWords: String
        /// What stands in its way for whoever holds the roles, in words.
        let blockers: [String]
        let isReady: Bool
        /// Whether the signed-in person may take it now: the button is shown.
        let mayTake: Bool
        /// Why the person may not, when the step is ready but not theirs to take.
        let notYours: String
        let setsDeadline: Bool
        /// The deadline typed, kept after a refusal.
        let deadline: String
        let problems: [String]
    }

    struct StateView {
        let name: String
        let words: String
        let isCurrent: Bool
        let isFinal: Bool
        /// "Next: close amendments (to screening), abandon (to abandoned)."
        let nextWords: String
    }

    static func addProcedurePage(_ router: Router<AccordRequestContext>, _ services: ServerServices) {
        router.get("/resolutions/:resolution/procedure") { request, context in
            let id = try resolution(context)
            return try await procedurePage(id, context, services, notice: await notice(request, services))
        }
        router.post("/resolutions/:resolution/procedure") { request, context in
            let id = try resolution(context)
            let fields = try await form(TransitionForm.self, request)
            let typed = fields.deadline?.trimmingCharacters(in: .whitespaces) ?? ""
            func refused(_ problems: [String], _ status: HTTPResponse.Status) async throws -> Response {
                try await procedurePage(id, context, services, problems: [fields.name: problems], deadline: [fields.name: typed], status: status)
            }
            guard Slug.isValidID(fields.name) else {
                return try await refused(["There is no step called ‘\(fields.name)’; choose one of the buttons below."], .unprocessableContent)
            }
            var deadline: Date?
            if !typed.isEmpty {
                guard let date = RecordDate.parse(typed) else {
                    return try await refused(["‘\(typed)’ is not a date and time: give it as 2026-12-15 18:00 (UTC)."], .unprocessableContent)
                }
                deadline = date
            }
            switch try await perform(.transition(resolution: id, name: fields.name, deadline: deadline), context, services) {
            case .success(let performed):
                return recorded(performed, returningTo: "/resolutions/\(id)/procedure")
            case .failure(let error):
                return try await refused(error.sentences, error.status)
            }
        }
    }

    static func procedurePage(_ id: String, _ context: AccordRequestContext, _ services: ServerServices, notice: Notice? = nil,
                              problems: [String: [String]] = [:], deadline typed: [String: String] = [:],
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let person = try context.requirePerson()
        let now = services.configuration.now()
        let view = try await read(services) { snapshot throws(AccordError) in
            let meta = try snapshot.meta(id)
            let workflow = try snapshot.workflow(meta.workflow)
            let heading = try snapshot.statusHeading(id, now: now)
            // A deadline field starts from the deadline in force, as `datetime-local` writes it (2026-11-20T18:00).
            let current = meta.amendmentDeadline.map { String(RecordDate.format($0).prefix(16)) } ?? ""
            let steps = heading.next.filter { $0.kind == "transition" }.compactMap { step -> StepView? in
                guard let transition = workflow.transition(named: step.name) else { return nil }
                let holdsRole = step.roles.contains(where: person.roles.contains)
                let roles = EnglishText.alternatives(step.roles)
                return StepView(
                    name: step.name, anchor: "step-\(step.name)", label: EnglishText.capitalised(transition.label),
                    leadsTo: "It leads to: \(workflow.stateWords(transition.to)).",
                    rolesWords: "Taken by the \(roles).",
                    blockers: step.blockers.map(EnglishText.sentence), isReady: step.blockers.isEmpty,
                    mayTake: step.blockers.isEmpty && holdsRole,
                    notYours: holdsRole ? "" : "Only the \(roles) may take this step; you are: \(person.roles.joined(separator: ", ")).",
                    setsDeadline: transition.effects.contains(Effect.setDeadline.rawValue),
                    deadline: typed[step.name] ?? current, problems: problems[step.name] ?? [])
            }
            let states = workflow.states.map { state in
                let next = workflow.transitions.filter { $0.from.contains(state.name) && $0.to != state.name }
                    .map { "\($0.label) (to \($0.to))" }
                return StateView(name: state.name, words: EnglishText.sentence(workflow.stateWords(state.name)), isCurrent: state.name == meta.state,
                                 isFinal: state.isFinal, nextWords: next.isEmpty ? "" : "Next: \(next.joined(separator: "; ")).")
            }
            return ProcedureView(
                id: id, title: meta.title, workflow: workflow.name, workflowWords: workflow.description.map(EnglishText.sentence) ?? "",
                stateWords: workflow.stateWords(meta.state),
                deadlineWords: meta.amendmentDeadline.map { "The amendment deadline is \(HumanDate.format($0))." } ?? "",
                steps: steps, hasSteps: !steps.isEmpty, states: states)
        }
        return services.pages.page("procedure", title: "Procedure · \(view.title)", view: view, context: context,
                                   notice: notice, status: status, liveSource: "/resolutions/\(id)/events")
    }
}
