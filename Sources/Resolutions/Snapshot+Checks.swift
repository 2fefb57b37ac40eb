import Foundation
import Workflow

/// What a person may do, asked of the same planner that checks their actions, so that a front
/// end offers exactly the actions that would be accepted and says why the others would not.
extension Snapshot {
    /// Why `action` by `person` at `now` would be refused, in the words of the refusal; empty
    /// when it would be recorded. Nothing is written.
    ///
    /// Plans the action in full: cheap for one amendment's actions, not for a transition that
    /// tallies (use `status(_:now:).next` and `missingRoles(for:person:)` for transitions).
    public func refusals(of action: Action, by person: Person, now: Date) -> [String] {
        do {
            _ = try Planner(snapshot: self, actor: person, now: now).plan(action)
            return []
        } catch {
            return error.reasons
        }
    }

    /// Why `person` may not take a kind of action on resolution `id` now (roles, state,
    /// deadlines), without the details of one item; empty when they may.
    public func refusals(of action: DomainAction, on id: String, by person: Person, now: Date) throws(AccordError) -> [String] {
        let meta = try self.meta(id)
        return try Planner(snapshot: self, actor: person, now: now).actionBlockers(action, meta, person).map(\.message)
    }

    /// What a person's organisation still has to do on resolution `id`: the amendments of the
    /// voting list and the sections it has not voted on, the amendments awaiting screening, and
    /// until when amendments may be tabled — each only where the person may act on it now.
    public func agenda(_ id: String, for person: Person, now: Date) throws(AccordError) -> Agenda {
        let meta = try self.meta(id)
        var agenda = Agenda()
        if try refusals(of: .tableAmendment, on: id, by: person, now: now).isEmpty {
            agenda.tablingUntil = meta.amendmentDeadline
        }
        if try refusals(of: .voteAmendment, on: id, by: person, now: now).isEmpty {
            let votes = try amendmentVotes(id)
            agenda.amendmentsToVote = try votingList(id).filter { entry in
                !(votes[entry.amendment] ?? []).contains { $0.organisation == person.organisation }
            }.count
        }
        if try refusals(of: .voteSection, on: id, by: person, now: now).isEmpty {
            for section in try reviewedText(id).sections
            where !(try votes(id, item: section.id)).contains(where: { $0.organisation == person.organisation }) {
                agenda.sectionsToReview += 1
            }
        }
        if try refusals(of: .screenAmendment, on: id, by: person, now: now).isEmpty {
            let life = try amendmentLife()
            agenda.amendmentsToScreen = try amendments(id).filter { life.unscreened.contains($0.state) }.count
        }
        return agenda
    }
}

/// What waits for one person's organisation on one resolution (`Snapshot.agenda`).
public struct Agenda: Sendable, Equatable {
    /// Amendments may be tabled until then (set while tabling is open to the person).
    public var tablingUntil: Date?
    /// Amendments of the voting list the organisation has not voted on.
    public var amendmentsToVote = 0
    /// Sections of the consolidated text the organisation has not voted on.
    public var sectionsToReview = 0
    /// Amendments awaiting the secretariat's ruling.
    public var amendmentsToScreen = 0

    public init() {}

    /// Nothing waits.
    public var isEmpty: Bool { tablingUntil == nil && amendmentsToVote == 0 && sectionsToReview == 0 && amendmentsToScreen == 0 }
}
