extension DefinitionReader {
    /// The finished definition, or nil when the file had problems or lacks a required part.
    func makeDefinition() -> WorkflowDefinition? {
        guard issues.isEmpty, let name = draft.name, let initial = resolvedInitial else { return nil }
        var transitions: [TransitionDefinition] = []
        for transition in draft.transitions {
            guard let target = transition.to else { return nil }
            transitions.append(TransitionDefinition(
                name: transition.name.value,
                from: transition.from.map(\.value),
                to: target.value,
                roles: transition.roles.map(\.value),
                guards: transition.guards,
                effects: transition.effects.map(\.value),
                description: transition.description
            ))
        }
        return WorkflowDefinition(
            name: name,
            description: draft.description,
            roles: draft.roles.map(\.value),
            initialState: initial,
            states: draft.states.map { StateDefinition(name: $0.name.value, isFinal: $0.isFinal, description: $0.description) },
            transitions: transitions,
            actions: draft.actions.map {
                ActionDefinition(
                    name: $0.name.value, states: $0.states.map(\.value), roles: $0.roles.map(\.value),
                    guards: $0.guards, description: $0.description
                )
            },
            voting: draft.voting,
            votingByState: draft.votingByState,
            hostTransitions: Dictionary((draft.hostTransitions ?? []).map { ($0.role.value, $0.transition.value) }, uniquingKeysWith: { first, _ in first }),
            hostStates: Dictionary((draft.hostStates ?? []).map { ($0.group.value, $0.states.map(\.value)) }, uniquingKeysWith: { first, _ in first })
        )
    }
}
