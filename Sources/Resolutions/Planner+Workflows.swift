import Foundation
import GitStore
import Workflow

extension Planner {
    /// Adds or replaces a procedure of the record: a change to the rules, recorded like any action.
    ///
    /// Refused while a resolution under the procedure (or, for the amendment's life, an amendment)
    /// sits in a state the new version lacks, or an amendment still to be screened or voted on
    /// would no longer be: the new rules must be able to carry on from where things stand.
    func installWorkflow(_ name: String, _ yaml: String) throws(AccordError) -> Plan {
        let person = try requireActor()
        guard person.roles.contains(Role.secretariat) else {
            throw .refused("role", "only the secretariat may change the rules of procedure; \(person.name) is \(person.roles.joined(separator: ", "))")
        }
        let definition: WorkflowDefinition
        do {
            definition = try Self.parseWorkflow(name, yaml)
        } catch {
            throw .invalidInput(error)
        }
        let path = RecordLayout.workflow(name)
        let current = try snapshot.text(at: path)
        if current == yaml {
            throw .refused("unchanged", "the record already follows this version of the procedure ‘\(name)’")
        }
        let blockers = name == RecordLayout.amendmentWorkflow
            ? try amendmentsStranded(by: definition)
            : try resolutionsStranded(by: definition, named: name)
        try refuseIfAny(blockers)
        var plan = Plan(subject: current == nil ? "Add the procedure ‘\(name)’" : "Change the procedure ‘\(name)’",
                        trailers: trailers(Action.installWorkflow(name: name, yaml: "").name, resolution: nil, person: person)
                            + [Trailer("Accord-Workflow", name)])
        plan.changes = [.write(path, yaml)]
        return plan
    }

    /// The resolutions under the procedure `name` whose state the new version lacks.
    private func resolutionsStranded(by definition: WorkflowDefinition, named name: String) throws(AccordError) -> [Blocker] {
        var blockers: [Blocker] = []
        let old = try? snapshot.workflow(name)
        for id in try snapshot.resolutionIDs() {
            let meta = try snapshot.meta(id)
            guard meta.workflow == name, definition.state(named: meta.state) == nil else { continue }
            let words = old?.stateWords(meta.state) ?? "it is \(meta.state)"
            blockers.append(Blocker(code: "stranded", message: "\(id) is at a point the new version does not have (\(words)): finish or abandon it first, or keep that state",
                                    parameters: ["resolution": id, "state": meta.state]))
        }
        return blockers
    }

    /// The amendments whose state the new amendment's life lacks, or that are still to be screened
    /// or voted on under the old one but would not be under the new one.
    private func amendmentsStranded(by definition: WorkflowDefinition) throws(AccordError) -> [Blocker] {
        guard let new = AmendmentLife(definition) else { return [] }
        let old = try snapshot.amendmentLife()
        var blockers: [Blocker] = []
        for id in try snapshot.resolutionIDs() {
            // Each state once per resolution: ten thousand amendments share a few states.
            var seen: Set<AmendmentState> = []
            for amendment in try snapshot.amendments(id) where seen.insert(amendment.state).inserted {
                let state = amendment.state
                if definition.state(named: state.rawValue) == nil {
                    blockers.append(Blocker(code: "stranded", message: "\(amendment.id) of \(id) is at a point the new amendment’s life does not have (\(old.words(state))): keep that state",
                                            parameters: ["resolution": id, "amendment": amendment.id, "state": state.rawValue]))
                } else if old.unscreened.contains(state) && !new.unscreened.contains(state) || old.toVote.contains(state) && !new.toVote.contains(state) {
                    blockers.append(Blocker(code: "stranded", message: "\(amendment.id) of \(id) waits to be screened or voted on (\(old.words(state))), but the new amendment’s life would leave it aside",
                                            parameters: ["resolution": id, "amendment": amendment.id, "state": state.rawValue]))
                }
            }
        }
        return blockers
    }
}
