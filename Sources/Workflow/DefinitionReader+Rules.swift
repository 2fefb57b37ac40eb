extension DefinitionReader {
    /// Runs the checks that need the whole file: names that must exist, roles, reachability and the vocabulary.
    mutating func checkRules(vocabulary: HostVocabulary) {
        checkRoles()
        let initial = checkInitialState()
        checkStateReferences()
        checkPerformers()
        checkFinalStates()
        checkReachability(from: initial)
        checkDeadEnds()
        checkVocabulary(vocabulary)
        checkHost(vocabulary.host)
        checkNeeds(vocabulary.needs)
    }

    /// A transition whose guard or effect counts on an action (the votes it counts, say) must leave
    /// only states where that action is allowed, or it could never be taken for want of them.
    private mutating func checkNeeds(_ needs: [String: String]) {
        guard !needs.isEmpty else { return }
        for transition in draft.transitions {
            let predicates = transition.guards.compactMap { guardItem -> String? in
                if case .predicate(let name, _, _) = guardItem { return name }
                return nil
            }
            for name in predicates + transition.effects.map(\.value) {
                guard let action = needs[name] else { continue }
                let allowed = Set(draft.actions.filter { $0.name.value == action }.flatMap(\.states).map(\.value))
                for state in transition.from where !allowed.contains(state.value) {
                    report("missing-action", "transition ‘\(transition.name.value)’ counts on ‘\(action)’ (for ‘\(name)’), "
                           + "which is not allowed in ‘\(state.value)’, where it starts: add ‘\(state.value)’ to the action’s ‘in:’",
                           at: state.position)
                }
            }
        }
    }

    /// The initial state, when exactly one valid one is given.
    var resolvedInitial: String? {
        let declared = Set(draft.states.map(\.name.value))
        if let initial = draft.initial {
            return declared.contains(initial.value) ? initial.value : nil
        }
        let flagged = draft.states.filter { $0.initialFlag != nil }
        return flagged.count == 1 ? flagged.first?.name.value : nil
    }

    private mutating func checkRoles() {
        var seen: Set<String> = []
        for role in draft.roles {
            if !seen.insert(role.value).inserted {
                report("duplicate-name", "role ‘\(role.value)’ is declared more than once", at: role.position)
            }
        }
        let declared = seen
        let used = draft.transitions.flatMap { $0.roles + $0.guardRoles } + draft.actions.flatMap { $0.roles + $0.guardRoles }
        for role in used where !declared.contains(role.value) {
            let known = draft.roles.isEmpty ? "no roles are declared" : "declared roles: \(draft.roles.map(\.value).joined(separator: ", "))"
            report("unknown-role", "role ‘\(role.value)’ is not declared; \(known)", at: role.position)
        }
    }

    private mutating func checkInitialState() -> String? {
        let declared = Set(draft.states.map(\.name.value))
        let flagged = draft.states.filter { $0.initialFlag != nil }
        if let initial = draft.initial {
            if !declared.contains(initial.value) {
                report("unknown-initial", "the initial state ‘\(initial.value)’ is not declared under ‘states:’", at: initial.position)
            }
            for state in flagged where state.name.value != initial.value {
                report(
                    "multiple-initial",
                    "state ‘\(state.name.value)’ is marked initial, but ‘initial: \(initial.value)’ is also given",
                    at: state.initialFlag ?? state.name.position
                )
            }
        } else if flagged.isEmpty {
            report("missing-initial", "the workflow has no initial state; add ‘initial: <state>’", at: draft.rootPosition)
        } else {
            for state in flagged.dropFirst() {
                report(
                    "multiple-initial",
                    "state ‘\(state.name.value)’ is marked initial, but so is ‘\(flagged[0].name.value)’; there can be only one",
                    at: state.initialFlag ?? state.name.position
                )
            }
        }
        return resolvedInitial
    }

    private mutating func checkStateReferences() {
        let declared = Set(draft.states.map(\.name.value))
        let list = draft.states.map(\.name.value).joined(separator: ", ")
        let references = draft.transitions.flatMap { $0.from + ($0.to.map { [$0] } ?? []) } + draft.actions.flatMap(\.states)
            + draft.votingStates
        for state in references where !declared.contains(state.value) {
            report("unknown-state", "state ‘\(state.value)’ is not declared; declared states: \(list)", at: state.position)
        }
    }

    private mutating func checkPerformers() {
        for transition in draft.transitions where transition.roles.isEmpty {
            report("no-performer", "nobody can perform transition ‘\(transition.name.value)’: give it ‘by:’ with at least one role", at: transition.name.position)
        }
        for action in draft.actions where action.roles.isEmpty {
            report("no-performer", "nobody can perform action ‘\(action.name.value)’: give it ‘by:’ with at least one role", at: action.name.position)
        }
    }

    private mutating func checkFinalStates() {
        let finals = Set(draft.states.filter(\.isFinal).map(\.name.value))
        for transition in draft.transitions {
            for state in transition.from where finals.contains(state.value) {
                report(
                    "final-has-exit",
                    "state ‘\(state.value)’ is final, so transition ‘\(transition.name.value)’ cannot leave it",
                    at: state.position
                )
            }
        }
    }

    private mutating func checkReachability(from initial: String?) {
        guard let initial else { return }
        var reached: Set<String> = [initial]
        var queue = [initial]
        while let state = queue.popLast() {
            for transition in draft.transitions where transition.from.contains(where: { $0.value == state }) {
                if let target = transition.to?.value, reached.insert(target).inserted {
                    queue.append(target)
                }
            }
        }
        for state in draft.states where !reached.contains(state.name.value) {
            report("unreachable-state", "state ‘\(state.name.value)’ cannot be reached from the initial state ‘\(initial)’", at: state.name.position)
        }
    }

    private mutating func checkDeadEnds() {
        for state in draft.states where !state.isFinal {
            let leaves = draft.transitions.contains { transition in
                transition.from.contains { $0.value == state.name.value } && transition.to.map { $0.value != state.name.value } ?? false
            }
            if !leaves {
                report(
                    "dead-end",
                    "state ‘\(state.name.value)’ is not final but no transition leads out of it; add one or mark it ‘final: true’",
                    at: state.name.position
                )
            }
        }
    }

    private mutating func checkVocabulary(_ vocabulary: HostVocabulary) {
        for reference in draft.references {
            let known: Set<String>?
            switch reference.kind {
            case .predicate: known = vocabulary.predicates
            case .effect: known = vocabulary.effects
            case .action: known = vocabulary.actions
            case .count: known = vocabulary.counts
            case .date: known = vocabulary.dates
            }
            guard let known, !known.contains(reference.name.value) else { continue }
            report(
                "unknown-\(reference.kind.rawValue)",
                "the program knows no \(reference.kind.rawValue) called ‘\(reference.name.value)’; known: \(known.sorted().joined(separator: ", "))",
                at: reference.name.position
            )
        }
    }
}
