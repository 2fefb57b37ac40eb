import Foundation
import GitStore
import Workflow

extension Planner {
    /// Adds the actor's organisation to the supporters of an amendment of another organisation.
    ///
    /// Co-signing supports a tabling, so it follows the workflow's rules for tabling
    /// (`table-amendment`: its states, roles and deadline); the amendment must still await
    /// screening, and each organisation supports it once.
    func cosign(_ id: String, _ number: Int) throws(AccordError) -> Plan {
        let person = try requireActor()
        let meta = try snapshot.meta(id)
        var amendment = try existingAmendment(id, number)
        var blockers = try actionBlockers(.tableAmendment, meta, person)
        if let index = blockers.firstIndex(where: { $0.code == "wrong-state" }) {
            blockers[index] = Blocker(code: "wrong-state", message: "amendments can be co-signed only while they are open; \(id) is in ‘\(meta.state)’",
                                      parameters: ["state": meta.state])
        }
        let roster = try snapshot.roster()
        if amendment.organisation == person.organisation {
            blockers.append(Blocker(code: "organisation", message: "\(amendment.id) was tabled by \(person.organisation.uppercased()), \(person.name)’s own organisation; co-signatories come from other organisations",
                                    parameters: ["organisation": person.organisation]))
        } else if let other = amendment.draft.cosignatories.first(where: { roster.person($0)?.organisation == person.organisation }) {
            let name = roster.person(other)?.name ?? other
            blockers.append(Blocker(code: "exists", message: "\(person.organisation.uppercased()) already co-signs \(amendment.id) (\(name))",
                                    parameters: ["cosignatory": other]))
        }
        if try !snapshot.amendmentLife().unscreened.contains(amendment.state) {
            blockers.append(Blocker(code: "wrong-state", message: "\(amendment.id) is \(amendment.state.rawValue): only an amendment awaiting screening can be co-signed",
                                    parameters: ["state": amendment.state.rawValue]))
        }
        try refuseIfAny(blockers)
        amendment.draft.cosignatories.append(person.id)
        return amendmentPlan(.cosign(resolution: id, amendment: number),
                             "Co-sign amendment \(amendment.id) (\(organisationLabel(person)))", amendment, in: id, by: person)
    }
}
