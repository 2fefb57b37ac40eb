import Foundation
import GitStore
import Workflow

extension Planner {
    func transition(_ id: String, _ name: String, deadline: Date?) throws(AccordError) -> Plan {
        let person = try requireActor()
        var meta = try snapshot.meta(id)
        let workflow = try snapshot.workflow(meta.workflow)
        guard let transition = workflow.transition(named: name) else {
            // The names are what a person types: each is given with what it does.
            let possible = workflow.transitions.filter { $0.from.contains(meta.state) }.map { step in
                step.description.map { "\(step.name) (\($0))" } ?? step.name
            }
            throw .refused("unknown-transition", "the procedure of \(id) has no step ‘\(name)’; while \(workflow.stateWords(meta.state)), the possible steps are: \(possible.isEmpty ? "none" : possible.joined(separator: "; "))")
        }
        let label = transition.label
        let (predicates, details) = try evaluate(predicateNames(in: transition.guards), id, meta, person: person)
        var blockers = workflow.blockers(forTransition: name, from: meta.state, context: try context(person, meta, predicates: predicates))
        if !blockers.isEmpty { blockers += details }
        let effects = transition.effects.compactMap(Effect.init(rawValue:))
        if effects.contains(.setDeadline) {
            if let deadline {
                if deadline <= now {
                    blockers.append(Blocker(code: "deadline", message: "the new deadline (\(HumanDate.format(deadline))) must be in the future", parameters: [:]))
                }
            } else {
                blockers.append(Blocker(code: "deadline-missing", message: "to \(label), give the amendment deadline with --deadline (e.g. 2026-12-15T18:00Z)", parameters: [:]))
            }
        } else if deadline != nil {
            blockers.append(Blocker(code: "deadline", message: "no deadline is needed to \(label): leave out --deadline", parameters: [:]))
        }
        try refuseIfAny(blockers)

        let from = meta.state
        meta.state = transition.to
        var plan = Plan(subject: "\(Self.sentence(name)): \(id)",
                        trailers: trailers("transition", resolution: id, person: person) + [Trailer("Accord-Transition", name)])
        for effect in effects {
            switch effect {
            case .setDeadline:
                meta.amendmentDeadline = deadline
                if let deadline {
                    plan.subject += ", amendments until \(HumanDate.format(deadline))"
                    plan.trailers.append(Trailer("Accord-Deadline", RecordDate.format(deadline)))
                }
            case .fixElectorate:
                meta.electorate = try electorate(of: workflow.votingRule(in: transition.to), in: workflow, state: transition.to)
            case .tally:
                plan.subject += try tally(id, meta, rule: workflow.votingRule(in: from), into: &plan.changes)
            case .newRound:
                try startNewRound(id, &meta, into: &plan.changes)
            case .adoptText:
                let text = try snapshot.reviewedText(id)
                plan.changes.append(.write(RecordLayout.adopted(id), text.recordMarkdown))
                plan.tag = (RecordLayout.adoptionTag(id), "\(text.title)\n\nAdopted on \(HumanDate.format(now)) by \(person.name).\n")
            }
        }
        meta.milestones.append(Milestone(date: now, actor: person.id, step: name, summary: plan.subject))
        plan.changes.append(.write(RecordLayout.meta(id), meta.yaml))
        return plan
    }

    /// "open-amendments" → "Open amendments".
    static func sentence(_ name: String) -> String {
        let words = name.replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// Decides every amendment of the voting list and writes the consolidated text.
    /// - Returns: a summary for the commit subject.
    private func tally(_ id: String, _ meta: ResolutionMeta, rule: VotingRule,
                       into changes: inout [FileChange]) throws(AccordError) -> String {
        let text = try snapshot.text(id)
        let folders = try snapshot.amendmentFolders(id)
        let amendments = try snapshot.amendments(id)
        let life = try snapshot.amendmentLife()
        let list = Tally.votingList(text: text, amendments: amendments, round: meta.round, admissibleOnly: true, life: life)
        let electorate = Set(meta.electorate)
        // Counted in place: the tally counts 100,000 votes.
        var votes: [Int: VoteCount] = [:]
        for folder in folders where !folder.votes.isEmpty {
            votes[folder.amendment.number] = VoteCount(folder.votes, electorate: electorate)
        }
        let outcomes = Tally.run(votingList: list, counts: votes, electorate: electorate.count, rule: rule, life: life)
        let secretariat = GuardContext(roles: [Role.secretariat], now: now)
        // Every amendment decided takes one of a few steps from one of a few states: each pair is checked once.
        struct Step: Hashable { let from: AmendmentState, verdict: AmendmentLife.Event }
        var allowed: Set<Step> = []
        var decided: [(index: Int, outcome: TallyOutcome)] = []
        var adopted: [Amendment] = []
        var counts: [AmendmentLife.Event: Int] = [:]
        // Amendments are read in place, by index: a copy retains a dozen strings.
        for index in amendments.indices {
            guard let outcome = outcomes[amendments[index].number] else { continue }
            let from = amendments[index].state
            if allowed.insert(Step(from: from, verdict: outcome.verdict)).inserted {
                guard let step = life.transition(outcome.verdict) else {
                    throw .refused("unknown-transition", "the amendment’s life does not say what happens \(outcome.verdict.purpose)")
                }
                do {
                    _ = try life.workflow.fire(step.name, from: from.rawValue, context: secretariat)
                } catch {
                    throw .refused(error.blockers)
                }
            }
            decided.append((index, outcome))
            counts[outcome.verdict, default: 0] += 1
            if outcome.verdict == .passed {
                var copy = amendments[index]
                copy.state = outcome.state
                copy.outcome = outcome.reason
                adopted.append(copy)
            }
        }
        // Each amendment is written with its new state and outcome (changed first, it would be
        // copied), on every core: a tally writes ten thousand files.
        let written = decided
        changes += concurrentMap(written.count) { item in
            let (index, outcome) = written[item]
            return FileChange.write(RecordLayout.amendment(id, amendments[index].number),
                                    amendments[index].yaml(state: outcome.state, outcome: outcome.reason))
        }
        changes.append(.write(RecordLayout.consolidated(id), Tally.consolidate(text, adopted: adopted).recordMarkdown))
        return [AmendmentLife.Event.passed, .failed, .lapsed].map { verdict in
            ", \(counts[verdict] ?? 0) \(life.state(after: verdict)?.rawValue ?? verdict.rawValue)"
        }.joined()
    }

    /// A referral back: the consolidated text becomes the text of a new amendment round.
    private func startNewRound(_ id: String, _ meta: inout ResolutionMeta, into changes: inout [FileChange]) throws(AccordError) {
        meta.round += 1
        if let consolidated = try snapshot.consolidated(id) {
            changes.append(.write(RecordLayout.text(id), consolidated.recordMarkdown))
            changes.append(.delete(path: RecordLayout.consolidated(id)))
        }
        if try !snapshot.list(RecordLayout.sectionVotes(id)).isEmpty {
            changes.append(.delete(path: RecordLayout.sectionVotes(id)))
        }
        if try !snapshot.list(RecordLayout.textVotes(id)).isEmpty {
            changes.append(.delete(path: RecordLayout.textVotes(id)))
        }
    }

    /// The organisations that vote under `rule`: those of its body, else every member organisation.
    func electorate(of rule: VotingRule, in workflow: WorkflowDefinition, state: String) throws(AccordError) -> [String] {
        let roster = try snapshot.roster()
        guard let bodyID = rule.body else { return roster.memberOrganisations.map(\.id) }
        guard let body = roster.body(bodyID) else {
            let known = roster.bodies.map(\.id)
            throw .refused("body", "the procedure has the body ‘\(bodyID)’ vote while \(workflow.stateWords(state)), but the roster declares no such body"
                           + (known.isEmpty ? "; add it under ‘bodies:’ in the roster" : " (it declares: \(known.joined(separator: ", ")))"))
        }
        return body.organisations
    }

    // MARK: Predicates

    /// Evaluates the named conditions, with a detailed reason for each that fails.
    func evaluate(_ names: Set<String>, _ id: String, _ meta: ResolutionMeta, person: Person,
                  amendment: Amendment? = nil) throws(AccordError) -> ([String: Bool], [Blocker]) {
        var values: [String: Bool] = [:]
        var details: [Blocker] = []
        for name in names.sorted() {
            let call = Guard.predicateCall(name)
            switch Predicate(rawValue: call.name) {
            case .noUnscreenedAmendments:
                let unscreened = try snapshot.amendmentLife().unscreened
                let waiting = try snapshot.amendments(id).filter { $0.round == meta.round && unscreened.contains($0.state) }
                values[name] = waiting.isEmpty
                if !waiting.isEmpty {
                    details.append(Blocker(code: "unscreened", message: "not yet screened: \(waiting.map(\.id).joined(separator: ", "))", parameters: [:]))
                }
            case .everySectionApproved:
                let text = try snapshot.reviewedText(id)
                let rule = try snapshot.workflow(meta.workflow).votingRule(in: meta.state)
                let electorate = Set(meta.electorate)
                var approved = true
                for section in text.sections {
                    let outcome = rule.outcome(of: try snapshot.votes(id, item: section.id), electorate: electorate)
                    if !outcome.passed {
                        approved = false
                        details.append(Blocker(code: "section-not-approved", message: "section ‘\(section.title)’ (\(section.id)) is not approved: \(outcome.reason)", parameters: ["section": section.id]))
                    }
                }
                values[name] = approved
            case .textVotePassed:
                let rule = try snapshot.workflow(meta.workflow).votingRule(in: meta.state)
                let outcome = rule.outcome(of: try snapshot.textVotes(id, in: meta.state), electorate: Set(meta.electorate))
                values[name] = outcome.passed
                if !outcome.passed {
                    details.append(Blocker(code: "text-vote", message: "the vote on the text has not passed: \(outcome.reason)", parameters: [:]))
                }
            case .ownOrganisation:
                values[name] = amendment?.organisation == person.organisation
            case .translationsCurrent:
                let (current, gaps) = try translationsCurrent(id, languages: call.arguments)
                values[name] = current
                details += gaps
            case nil:
                break
            }
        }
        return (values, details)
    }
}

/// The host conditions a list of guards names: only these are evaluated, since
/// some (every amendment screened) read much of the record.
func predicateNames(in guards: [Guard]) -> Set<String> {
    Set(guards.compactMap { guardItem in
        if case .predicate(let name, _, let arguments) = guardItem { return Guard.predicateKey(name: name, arguments: arguments) }
        return nil
    })
}
