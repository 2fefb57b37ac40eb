import Foundation
import GitStore
import Workflow

extension Planner {
    /// An amendment by id, or a clear error naming the resolution's amendments.
    func existingAmendment(_ id: String, _ number: Int) throws(AccordError) -> Amendment {
        guard let amendment = try snapshot.amendment(id, number) else {
            throw .notFound("there is no amendment \(Amendment.id(number)) to \(id)")
        }
        return amendment
    }

    /// Fires a step of the amendment's own life (`workflows/amendment.yml`, the transition its
    /// `host:` names for `event`), or returns why not.
    func lifecycleBlockers(_ event: AmendmentLife.Event, _ amendment: Amendment, _ person: Person,
                           in id: String, _ meta: ResolutionMeta) throws(AccordError) -> (AmendmentState?, [Blocker]) {
        let life = try snapshot.amendmentLife()
        let lifecycle = life.workflow
        guard let transition = life.transition(event) else {
            return (nil, [Blocker(code: "unknown-transition", message: "the amendment’s life does not say what happens \(event.purpose)", parameters: [:])])
        }
        let (predicates, _) = try evaluate(predicateNames(in: transition.guards), id, meta, person: person, amendment: amendment)
        var blockers = lifecycle.blockers(forTransition: transition.name, from: amendment.state.rawValue,
                                          context: GuardContext(roles: Set(person.roles), now: now, predicates: predicates))
        if let index = blockers.firstIndex(where: { $0.code == "wrong-state" }) {
            // Say it about the amendment, in its own words.
            let blocker = blockers.remove(at: index)
            blockers.insert(Blocker(code: "wrong-state", message: "\(amendment.id): \(blocker.message)",
                                    parameters: blocker.parameters.merging(["amendment": amendment.id]) { _, new in new }), at: 0)
        }
        if blockers.contains(where: { $0.code == "predicate" }) && predicates[Predicate.ownOrganisation.rawValue] == false {
            blockers.removeAll { $0.code == "predicate" }
            blockers.append(Blocker(code: "own-organisation", message: "only members of \(amendment.organisation.uppercased()), which tabled \(amendment.id), may withdraw it; \(person.name) is with \(person.organisation.uppercased())", parameters: [:]))
        }
        guard blockers.isEmpty else { return (nil, blockers) }
        return (AmendmentState(rawValue: transition.to), [])
    }

    /// The plan of an action that rewrites one amendment's file, and nothing else.
    func amendmentPlan(_ action: Action, _ subject: String, _ amendment: Amendment, in id: String, by person: Person,
                       extra: [Trailer] = []) -> Plan {
        var plan = Plan(subject: subject, trailers: trailers(action.name, resolution: id, person: person, item: amendment.id) + extra)
        plan.changes = [.write(RecordLayout.amendment(id, amendment.number), amendment.yaml)]
        return plan
    }

    func table(_ id: String, _ draft: AmendmentDraft) throws(AccordError) -> Plan {
        let person = try requireActor()
        var meta = try snapshot.meta(id)
        let text = try snapshot.text(id)
        let roster = try snapshot.roster()
        let life = try snapshot.amendmentLife()
        var blockers = try actionBlockers(draft.isCompromise ? .tableCompromise : .tableAmendment, meta, person)

        if draft.target.hasPrefix("sec-") {
            blockers.append(Blocker(code: "heading", message: "amendments to headings are not supported yet; amend a provision instead", parameters: [:]))
        } else if Amendment.number(draft.target) != nil {
            blockers.append(Blocker(code: "amendment-to-amendment", message: "amendments to amendments are not supported; to merge amendments, the secretariat tables a compromise (--replaces)", parameters: [:]))
        } else if text.locate(draft.target) == nil {
            throw .notFound("there is no provision ‘\(draft.target)’ in \(id); its provisions are \(Self.span(text.provisions.map(\.id)))")
        }
        let newText = draft.text?.trimmingCharacters(in: .whitespacesAndNewlines)
        if draft.kind.hasText && (newText ?? "").isEmpty {
            blockers.append(Blocker(code: "text", message: "a \(draft.kind.rawValue) amendment needs the new text", parameters: [:]))
        }
        if !draft.kind.hasText && draft.text != nil {
            blockers.append(Blocker(code: "text", message: "a deletion takes no text", parameters: [:]))
        }
        if newText?.contains("\n") == true {
            blockers.append(Blocker(code: "text", message: "the new text must be one paragraph (sub-points are not supported yet)", parameters: [:]))
        }
        for cosigner in draft.cosignatories {
            guard let other = roster.person(cosigner) else {
                throw .notFound("there is no person ‘\(cosigner)’ in the roster to co-sign")
            }
            if other.organisation == person.organisation {
                blockers.append(Blocker(code: "cosignatory", message: "co-signatories come from other organisations; \(other.name) is with \(person.organisation.uppercased()) too", parameters: [:]))
            }
        }
        if Set(draft.cosignatories).count != draft.cosignatories.count {
            blockers.append(Blocker(code: "cosignatory", message: "a co-signatory is named twice", parameters: [:]))
        }
        if draft.isCompromise {
            if !draft.kind.isCompeting {
                blockers.append(Blocker(code: "compromise", message: "a compromise replaces or deletes its provision; it cannot be an insertion", parameters: [:]))
            }
            for number in draft.replaces {
                let replaced = try existingAmendment(id, number)
                if replaced.target != draft.target {
                    blockers.append(Blocker(code: "compromise", message: "\(replaced.id) amends \(text.label(of: replaced.target)), not \(text.label(of: draft.target)): a compromise covers amendments to one provision", parameters: [:]))
                }
                if !life.isPending(replaced.state) {
                    blockers.append(Blocker(code: "compromise", message: "\(replaced.id) cannot be covered by a compromise: \(life.words(replaced.state))", parameters: ["state": replaced.state.rawValue]))
                }
                if replaced.round != meta.round {
                    blockers.append(Blocker(code: "compromise", message: "\(replaced.id) belongs to an earlier round", parameters: [:]))
                }
            }
        }
        try refuseIfAny(blockers)

        let canonical = AmendmentDraft(target: draft.target, kind: draft.kind, text: newText,
                                       justification: draft.justification.trimmingCharacters(in: .whitespacesAndNewlines),
                                       cosignatories: draft.cosignatories.compactMap { roster.person($0)?.id },
                                       replaces: draft.replaces)
        let amendment = Amendment(number: meta.nextAmendment, round: meta.round, draft: canonical,
                                  organisation: person.organisation, tabledBy: person.id,
                                  state: draft.isCompromise ? life.compromiseInitial : life.initial)
        meta.nextAmendment += 1
        let what = draft.isCompromise ? "compromise amendment" : "amendment"
        var subject = "Table \(what) \(amendment.id) to \(text.label(of: draft.target)) (\(organisationLabel(person)))"
        if draft.isCompromise { subject += ", replacing \(draft.replaces.map(Amendment.id).joined(separator: ", "))" }
        var plan = Plan(subject: subject, trailers: trailers(Action.table(resolution: id, draft).name, resolution: id, person: person, item: amendment.id)
                        + [Trailer("Accord-Target", draft.target), Trailer("Accord-Kind", draft.kind.rawValue)])
        plan.changes = [.write(RecordLayout.amendment(id, amendment.number), amendment.yaml), .write(RecordLayout.meta(id), meta.yaml)]
        plan.created = amendment.id
        return plan
    }

    func withdraw(_ id: String, _ number: Int) throws(AccordError) -> Plan {
        let person = try requireActor()
        let meta = try snapshot.meta(id)
        var amendment = try existingAmendment(id, number)
        var blockers = try actionBlockers(.withdrawAmendment, meta, person)
        let (state, lifecycle) = try lifecycleBlockers(.withdraw, amendment, person, in: id, meta)
        blockers += lifecycle
        try refuseIfAny(blockers)
        guard let state else { throw .refused(lifecycle) }
        amendment.state = state
        return amendmentPlan(.withdraw(resolution: id, amendment: number),
                             "Withdraw amendment \(amendment.id) (\(organisationLabel(person)))", amendment, in: id, by: person)
    }

    func screen(_ id: String, _ number: Int, _ admissible: Bool, _ reason: String?) throws(AccordError) -> Plan {
        let person = try requireActor()
        let meta = try snapshot.meta(id)
        var amendment = try existingAmendment(id, number)
        var blockers = try actionBlockers(.screenAmendment, meta, person)
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !admissible && (reason ?? "").isEmpty {
            blockers.append(Blocker(code: "reason", message: "an inadmissible ruling needs a reason (--reason)", parameters: [:]))
        }
        if amendment.round != meta.round {
            // It could never be voted on: the voting list and the tally take only the current round.
            blockers.append(Blocker(code: "round", message: "\(amendment.id) belongs to an earlier round and cannot be ruled on again", parameters: [:]))
        }
        let (state, lifecycle) = try lifecycleBlockers(admissible ? .admissible : .inadmissible, amendment, person, in: id, meta)
        blockers += lifecycle
        try refuseIfAny(blockers)
        guard let state else { throw .refused(lifecycle) }
        amendment.state = state
        amendment.ruling = Ruling(admissible: admissible, reason: reason.flatMap { $0.isEmpty ? nil : $0 }, by: person.id)
        let ruling = admissible ? "admissible" : "inadmissible"
        return amendmentPlan(.screen(resolution: id, amendment: number, admissible: admissible, reason: nil),
                             "Rule amendment \(amendment.id) \(ruling)", amendment, in: id, by: person,
                             extra: [Trailer("Accord-Ruling", ruling)])
    }

    func propose(_ id: String, _ number: Int, _ accept: Bool, _ note: String?) throws(AccordError) -> Plan {
        let person = try requireActor()
        let meta = try snapshot.meta(id)
        var amendment = try existingAmendment(id, number)
        var blockers = try actionBlockers(.proposeProcedure, meta, person)
        let life = try snapshot.amendmentLife()
        if !life.isPending(amendment.state) {
            blockers.append(Blocker(code: "wrong-state", message: "there is nothing to recommend on \(amendment.id): \(life.words(amendment.state))", parameters: ["state": amendment.state.rawValue]))
        }
        try refuseIfAny(blockers)
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        amendment.proposal = Proposal(accept: accept, note: note.flatMap { $0.isEmpty ? nil : $0 }, by: person.id)
        let recommendation = accept ? "accept" : "reject"
        return amendmentPlan(.propose(resolution: id, amendment: number, accept: accept, note: nil),
                             "Propose to \(recommendation) amendment \(amendment.id)", amendment, in: id, by: person,
                             extra: [Trailer("Accord-Proposal", recommendation)])
    }

    func vote(_ id: String, _ item: String, _ choice: VoteChoice) throws(AccordError) -> Plan {
        let item = Amendment.number(item).map(Amendment.id) ?? item
        let person = try requireActor()
        let meta = try snapshot.meta(id)
        var label: String
        var blockers: [Blocker]
        if let number = Amendment.number(item) {
            let amendment = try existingAmendment(id, number)
            blockers = try actionBlockers(.voteAmendment, meta, person)
            label = "amendment \(amendment.id)"
            let life = try snapshot.amendmentLife()
            if !life.toVote.contains(amendment.state) {
                blockers.append(Blocker(code: "not-votable", message: "there is nothing to vote on in \(amendment.id): \(life.words(amendment.state))", parameters: ["state": amendment.state.rawValue]))
            } else if amendment.round != meta.round {
                blockers.append(Blocker(code: "not-votable", message: "there is nothing to vote on in \(amendment.id): it belongs to an earlier round", parameters: [:]))
            }
        } else if item == RecordLayout.textItem {
            blockers = try actionBlockers(.voteText, meta, person)
            label = "the text of \(id)"
        } else {
            let text = try snapshot.reviewedText(id)
            guard let section = text.sections.first(where: { $0.id == item }) else {
                throw .notFound("‘\(item)’ is neither an amendment (A1, A2, …), a section of \(id) (\(text.sections.map(\.id).joined(separator: ", "))) nor the whole text (text)")
            }
            blockers = try actionBlockers(.voteSection, meta, person)
            label = "section ‘\(section.title)’"
        }
        let roster = try snapshot.roster()
        let body = try snapshot.workflow(meta.workflow).votingRule(in: meta.state).body.flatMap(roster.body)
        if !meta.electorate.contains(person.organisation) && blockers.isEmpty {
            let voters = body.map { "the members of the \($0.name)" } ?? "the organisations voting on \(id)"
            blockers.append(Blocker(code: "electorate", message: "\(person.organisation.uppercased()) is not among \(voters)", parameters: [:]))
        }
        if let body, !body.people.isEmpty, !body.people.contains(person.id), blockers.isEmpty {
            let delegates = body.people.compactMap { roster.person($0) }.filter { $0.organisation == person.organisation }.map(\.name)
            blockers.append(Blocker(code: "delegate", message: "in the \(body.name) only "
                                    + (delegates.isEmpty ? "its listed people" : delegates.joined(separator: " or "))
                                    + " may cast the vote of \(person.organisation.uppercased()); \(person.name) is not listed",
                                    parameters: ["body": body.id]))
        }
        try refuseIfAny(blockers)
        let vote = Vote(organisation: person.organisation, person: person.id, choice: choice)
        let verb = choice == .abstain ? "Abstain on" : "Vote \(choice.rawValue)"
        var plan = Plan(subject: "\(verb) \(label) (\(organisationLabel(person)))",
                        trailers: trailers(Action.vote(resolution: id, item: item, choice: choice).name, resolution: id, person: person, item: item)
                        + [Trailer("Accord-Vote", choice.rawValue)])
        let path = item == RecordLayout.textItem
            ? "\(RecordLayout.textVotes(id, state: meta.state))/\(person.organisation).yml"
            : RecordLayout.vote(id, item: item, organisation: person.organisation)
        plan.changes = [.write(path, vote.yaml)]
        return plan
    }

    /// "rec-a … par-14", for messages that list what exists.
    static func span(_ ids: [String]) -> String {
        guard let first = ids.first, let last = ids.last else { return "none" }
        return ids.count <= 2 ? ids.joined(separator: ", ") : "\(first) … \(last)"
    }
}
