extension WorkflowDefinition {
    /// Every reason the transition is refused from `state` for this actor: unknown transition, wrong state,
    /// missing role and each failing guard, all at once so that nobody has to fix them one by one.
    /// An empty list means the transition is allowed.
    public func blockers(forTransition name: String, from state: String, context: GuardContext) -> [Blocker] {
        guard let transition = transition(named: name) else {
            return [Blocker(
                code: "unknown-transition",
                message: "there is no transition called ‘\(name)’ in the ‘\(self.name)’ workflow",
                parameters: ["transition": name, "workflow": self.name]
            )]
        }
        let wrongState = "‘\(name)’ is not possible in ‘\(state)’; it is possible from: \(transition.from.joined(separator: ", "))"
        return Self.blockers(kind: "transition", name: name, label: name, allowedIn: transition.from, wrongState: wrongState,
                             roles: transition.roles, guards: transition.guards, state: state, context: context)
    }

    /// The checks transitions and actions share: the state, the roles, then each guard.
    private static func blockers(kind: String, name: String, label: String, allowedIn states: [String], wrongState: String,
                                 roles: [String], guards: [Guard], state: String, context: GuardContext) -> [Blocker] {
        var blockers: [Blocker] = []
        if !states.contains(state) {
            blockers.append(Blocker(code: "wrong-state", message: wrongState,
                                    parameters: [kind: name, "state": state, "allowed": states.joined(separator: ",")]))
        }
        blockers += RoleCheck.blockers(required: roles, context: context, subject: label)
        for condition in guards {
            blockers += condition.blockers(in: context, doing: label)
        }
        return blockers
    }

    /// Fires the transition and returns the new state, or throws every reason it is refused.
    public func fire(_ transition: String, from state: String, context: GuardContext) throws(Refusal) -> String {
        let blockers = blockers(forTransition: transition, from: state, context: context)
        guard blockers.isEmpty, let definition = self.transition(named: transition) else {
            throw Refusal(blockers: blockers)
        }
        return definition.to
    }

    /// Every reason the action is refused in `state` for this actor; empty means it is allowed.
    public func blockers(forAction name: String, in state: String, context: GuardContext) -> [Blocker] {
        guard let action = action(named: name) else {
            return [Blocker(
                code: "unknown-action",
                message: "there is no action called ‘\(name)’ in the ‘\(self.name)’ workflow",
                parameters: ["action": name, "workflow": self.name]
            )]
        }
        // People know actions by what they do (their description), not by their names.
        let label = action.description ?? name
        let wrongState = "one cannot \(label) in ‘\(state)’; it is possible in: \(action.states.joined(separator: ", "))"
        return Self.blockers(kind: "action", name: name, label: label, allowedIn: action.states, wrongState: wrongState,
                             roles: action.roles, guards: action.guards, state: state, context: context)
    }

    /// Throws every reason the action is refused, for hosts that want the same shape as ``fire(_:from:context:)``.
    public func check(action name: String, in state: String, context: GuardContext) throws(Refusal) {
        let blockers = blockers(forAction: name, in: state, context: context)
        guard blockers.isEmpty else { throw Refusal(blockers: blockers) }
    }

    /// The transitions this actor could fire now, in file order, to offer them in a menu or help text.
    public func availableTransitions(in state: String, context: GuardContext) -> [TransitionDefinition] {
        transitions.filter { blockers(forTransition: $0.name, from: state, context: context).isEmpty }
    }

    /// The actions this actor could perform now, in file order.
    public func availableActions(in state: String, context: GuardContext) -> [ActionDefinition] {
        actions.filter { blockers(forAction: $0.name, in: state, context: context).isEmpty }
    }
}
