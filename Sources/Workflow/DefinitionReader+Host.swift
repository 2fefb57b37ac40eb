extension DefinitionReader {
    /// Checks `host:` and `host-states:`: every name they use is declared and, with requirements,
    /// every role and group the host needs is there, known, and fits (reported at the `host:` key,
    /// or at the top of the file when there is none).
    mutating func checkHost(_ requirements: HostRequirements?) {
        if let defaults = requirements?.defaults { applyHostDefaults(defaults) }
        checkHostNames()
        guard let requirements else { return }
        checkHostKeys(requirements)
        checkHostTransitions(requirements)
    }

    /// A file with neither key takes the defaults, when every name in them is declared in the file.
    private mutating func applyHostDefaults(_ defaults: HostRequirements.Declarations) {
        guard draft.hostTransitions == nil, draft.hostStates == nil else { return }
        let states = Set(draft.states.map(\.name.value))
        let transitions = Set(draft.transitions.map(\.name.value))
        guard defaults.transitions.values.allSatisfy(transitions.contains),
              defaults.states.values.joined().allSatisfy(states.contains) else { return }
        let here = draft.rootPosition
        draft.hostTransitions = defaults.transitions.sorted { $0.key < $1.key }
            .map { (Located(value: $0.key, position: here), Located(value: $0.value, position: here)) }
        draft.hostStates = defaults.states.sorted { $0.key < $1.key }
            .map { (Located(value: $0.key, position: here), $0.value.map { Located(value: $0, position: here) }) }
    }

    /// The transitions and states the declarations name exist.
    private mutating func checkHostNames() {
        let states = Set(draft.states.map(\.name.value))
        let transitions = Set(draft.transitions.map(\.name.value))
        let stateList = draft.states.map(\.name.value).joined(separator: ", ")
        let transitionList = draft.transitions.map(\.name.value).joined(separator: ", ")
        for (_, transition) in draft.hostTransitions ?? [] where !transitions.contains(transition.value) {
            report("unknown-transition", "transition ‘\(transition.value)’ is not declared; declared transitions: \(transitionList)", at: transition.position)
        }
        for (_, members) in draft.hostStates ?? [] {
            for state in members where !states.contains(state.value) {
                report("unknown-state", "state ‘\(state.value)’ is not declared; declared states: \(stateList)", at: state.position)
            }
        }
    }

    /// Every role and group the host needs is declared, and none it does not know.
    private mutating func checkHostKeys(_ requirements: HostRequirements) {
        let roles = Set((draft.hostTransitions ?? []).map(\.role.value))
        let groups = Dictionary((draft.hostStates ?? []).map { ($0.group.value, $0) }, uniquingKeysWith: { first, _ in first })
        for (role, _) in draft.hostTransitions ?? [] where requirements.transitions[role.value] == nil {
            let known = requirements.transitions.keys.sorted()
            report("unknown-host", "the program fires no transition for ‘\(role.value)’; "
                   + (known.isEmpty ? "this workflow takes no ‘host:’ entries" : "‘host:’ names: \(known.joined(separator: ", "))"), at: role.position)
        }
        for (group, _) in draft.hostStates ?? [] where requirements.states[group.value] == nil {
            let known = requirements.states.keys.sorted()
            report("unknown-host", "the program reads no group of states called ‘\(group.value)’; "
                   + (known.isEmpty ? "this workflow takes no ‘host-states:’ entries" : "‘host-states:’ names: \(known.joined(separator: ", "))"), at: group.position)
        }
        for (role, purpose) in requirements.transitions.sorted(by: { $0.key < $1.key }) where !roles.contains(role) {
            report("missing-host", "‘host:’ must name the transition for ‘\(role)’ (\(purpose)), e.g. ‘\(role): <transition>’",
                   at: draft.hostPosition ?? draft.rootPosition)
        }
        for (group, purpose) in requirements.states.sorted(by: { $0.key < $1.key }) {
            let single = requirements.singleStates.contains(group)
            guard let declared = groups[group] else {
                report("missing-host", "‘host-states:’ must name \(single ? "the state" : "the states") for ‘\(group)’ (\(purpose))",
                       at: draft.hostStatesPosition ?? draft.rootPosition)
                continue
            }
            if single && declared.states.count != 1 {
                report("invalid-host", "‘\(group)’ names exactly one state (\(purpose))", at: declared.group.position)
            }
        }
    }

    /// The transitions the host fires leave and enter the groups of states they must.
    private mutating func checkHostTransitions(_ requirements: HostRequirements) {
        let states = Set(draft.states.map(\.name.value))
        let transitions = Dictionary(draft.transitions.map { ($0.name.value, $0) }, uniquingKeysWith: { first, _ in first })
        let roles = Dictionary((draft.hostTransitions ?? []).map { ($0.role.value, $0.transition.value) }, uniquingKeysWith: { first, _ in first })
        let groups = Dictionary((draft.hostStates ?? []).map { ($0.group.value, $0.states.map(\.value)) }, uniquingKeysWith: { first, _ in first })
        for (role, group) in requirements.leaving.sorted(by: { $0.key < $1.key }) {
            guard let name = roles[role], let transition = transitions[name], let members = groups[group] else { continue }
            let sources = Set(transition.from.map(\.value))
            for state in members where states.contains(state) && !sources.contains(state) {
                report("invalid-host", "transition ‘\(name)’ (‘\(role)’ under ‘host:’) must be possible from ‘\(state)’, one of the ‘\(group)’ states",
                       at: transition.name.position)
            }
        }
        for (role, group) in requirements.entering.sorted(by: { $0.key < $1.key }) {
            guard let name = roles[role], let transition = transitions[name], let target = transition.to?.value,
                  let members = groups[group], !members.contains(target) else { continue }
            report("invalid-host", "transition ‘\(name)’ (‘\(role)’ under ‘host:’) must lead to one of the ‘\(group)’ states "
                   + "(\(members.joined(separator: ", "))), not ‘\(target)’", at: transition.name.position)
        }
    }
}
