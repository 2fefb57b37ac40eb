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
        // People know steps by what they do (their description), and states by what is happening in them.
        let label = transition.label
        return Self.blockers(kind: "transition", name: name, label: label, allowedIn: transition.from,
                             wrongState: wrongStateMessage(label, in: state, allowedIn: transition.from),
                             roles: transition.roles, guards: transition.guards, state: state, context: context)
    }

    /// "You cannot count the votes now: members table amendments until the deadline; it is possible
    /// only while members vote on the amendments", from the descriptions of the step and the states.
    public func wrongStateMessage(_ label: String, in state: String, allowedIn states: [String]) -> String {
        let possible = states.isEmpty ? "it is never possible" : "it is possible only while \(EnglishText.alternatives(states.map(stateWords)))"
        return "you cannot \(label) now: \(stateWords(state)); \(possible)"
    }

    /// What is happening in a state, in words: its description, else "it is <state>".
    public func stateWords(_ state: String) -> String {
        self.state(named: state)?.description ?? "it is \(EnglishText.label(state))"
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
        return Self.blockers(kind: "action", name: name, label: label, allowedIn: action.states,
                             wrongState: wrongStateMessage(label, in: state, allowedIn: action.states),
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
