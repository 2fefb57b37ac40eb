import Yams

extension DefinitionReader {
    static let stateKeys = ["final", "initial", "description"]
    static let transitionKeys = ["from", "to", "by", "guards", "effects", "description"]
    static let actionKeys = ["in", "by", "guards", "description"]
    static let votingKeys = ["quorum", "majority", "label"]

    mutating func readStates(_ node: Node) {
        guard let mapping = mapping(node, what: "states") else { return }
        for (key, value) in entries(of: mapping) {
            guard let stateName = name(key, what: "a state name"),
                  let body = self.mapping(value, what: "state ‘\(stateName.value)’", allowEmpty: true) else { continue }
            var state = DraftDefinition.State(name: stateName)
            for (field, fieldValue) in entries(of: body) {
                switch field.string ?? "" {
                case "final": state.isFinal = bool(fieldValue, what: "‘final’") ?? false
                case "initial":
                    if bool(fieldValue, what: "‘initial’") == true { state.initialFlag = position(of: field) }
                case "description": state.description = text(fieldValue, what: "a description")
                default: reportUnknownKey(field, allowed: Self.stateKeys, in: "state ‘\(stateName.value)’")
                }
            }
            draft.states.append(state)
        }
    }

    mutating func readTransitions(_ node: Node) {
        guard let mapping = mapping(node, what: "transitions") else { return }
        for (key, value) in entries(of: mapping) {
            guard let transitionName = name(key, what: "a transition name"),
                  let body = self.mapping(value, what: "transition ‘\(transitionName.value)’") else { continue }
            var transition = DraftDefinition.Transition(name: transitionName)
            for (field, fieldValue) in entries(of: body) {
                switch field.string ?? "" {
                case "from": transition.from = names(fieldValue, what: "a state name")
                case "to": transition.to = name(fieldValue, what: "a state name")
                case "by": transition.roles = names(fieldValue, what: "a role name")
                case "guards": (transition.guards, transition.guardRoles) = readGuards(fieldValue)
                case "effects":
                    transition.effects = names(fieldValue, what: "an effect name")
                    draft.references += transition.effects.map { HostReference(kind: .effect, name: $0) }
                case "description": transition.description = text(fieldValue, what: "a description")
                default: reportUnknownKey(field, allowed: Self.transitionKeys, in: "transition ‘\(transitionName.value)’")
                }
            }
            let present = Set(entries(of: body).compactMap { $0.key.string })
            for required in ["from", "to"] where !present.contains(required) {
                report("missing-key", "transition ‘\(transitionName.value)’ has no ‘\(required):’", at: transitionName.position)
            }
            draft.transitions.append(transition)
        }
    }

    mutating func readActions(_ node: Node) {
        if node.null != nil { return }
        guard let mapping = mapping(node, what: "actions") else { return }
        for (key, value) in entries(of: mapping) {
            guard let actionName = name(key, what: "an action name"),
                  let body = self.mapping(value, what: "action ‘\(actionName.value)’") else { continue }
            var action = DraftDefinition.Action(name: actionName)
            draft.references.append(HostReference(kind: .action, name: actionName))
            for (field, fieldValue) in entries(of: body) {
                switch field.string ?? "" {
                case "in": action.states = names(fieldValue, what: "a state name")
                case "by": action.roles = names(fieldValue, what: "a role name")
                case "guards": (action.guards, action.guardRoles) = readGuards(fieldValue)
                case "description": action.description = text(fieldValue, what: "a description")
                default: reportUnknownKey(field, allowed: Self.actionKeys, in: "action ‘\(actionName.value)’")
                }
            }
            if !entries(of: body).contains(where: { $0.key.string == "in" }) {
                report("missing-key", "action ‘\(actionName.value)’ has no ‘in:’ (the states it is allowed in)", at: actionName.position)
            }
            draft.actions.append(action)
        }
    }

    /// `voting:`: the rule of every vote, and under `in:` the rule of the votes held in a state,
    /// each key left out taken from the rule above it.
    mutating func readVoting(_ node: Node) {
        guard let mapping = mapping(node, what: "voting") else { return }
        draft.voting = readVotingRule(mapping, inheriting: VotingRule(), allowed: Self.votingKeys + ["body", "in"], context: "voting")
        guard let states = entries(of: mapping).first(where: { $0.key.string == "in" })?.value else { return }
        guard let byState = self.mapping(states, what: "voting ‘in:’") else { return }
        for (key, value) in entries(of: byState) {
            guard let state = name(key, what: "a state name"),
                  let body = self.mapping(value, what: "the voting rule in ‘\(state.value)’") else { continue }
            draft.votingStates.append(state)
            draft.votingByState[state.value] = readVotingRule(body, inheriting: draft.voting, allowed: Self.votingKeys + ["body"],
                                                              context: "the voting rule in ‘\(state.value)’")
        }
    }

    private mutating func readVotingRule(_ mapping: Node.Mapping, inheriting base: VotingRule, allowed: [String], context: String) -> VotingRule {
        var quorum = base.quorum
        var majority = base.majority
        var label = base.electorateLabel
        var body = base.body
        for (field, value) in entries(of: mapping) {
            switch field.string ?? "" {
            case "quorum":
                if let text = value.scalar?.string, let fraction = Fraction(parsing: text), fraction.isProperShare {
                    quorum = fraction
                } else {
                    report("invalid-voting", "the voting quorum must be a share of the electorate such as 1/2, 2/3 or 0.5", at: position(of: value))
                }
            case "majority":
                if let text = value.scalar?.string, let rule = VotingRule.Majority(rawValue: text) {
                    majority = rule
                } else {
                    let known = VotingRule.Majority.allCases.map(\.rawValue).joined(separator: ", ")
                    report("invalid-voting", "unknown majority ‘\(value.string ?? "")’; use one of: \(known)", at: position(of: value))
                }
            case "label":
                label = text(value, what: "the electorate label") ?? label
            case "body":
                body = name(value, what: "the name of a body")?.value ?? body
            case "in" where allowed.contains("in"):
                continue
            default:
                reportUnknownKey(field, allowed: allowed, in: context)
            }
        }
        return VotingRule(quorum: quorum, majority: majority, electorateLabel: label, body: body)
    }

    /// `host: {withdraw: withdraw, passed: adopt, …}`: the transitions the host program fires itself.
    mutating func readHostTransitions(_ node: Node, at keyPosition: SourcePosition) {
        draft.hostPosition = keyPosition
        guard let mapping = mapping(node, what: "host", allowEmpty: true) else { return }
        var pairs: [(role: Located<String>, transition: Located<String>)] = []
        for (key, value) in entries(of: mapping) {
            guard let role = name(key, what: "a host role"), let transition = name(value, what: "a transition name") else { continue }
            pairs.append((role, transition))
        }
        draft.hostTransitions = pairs
    }

    /// `host-states: {unscreened: [tabled], compromise: admissible, …}`: the groups of states the host program reads.
    mutating func readHostStates(_ node: Node, at keyPosition: SourcePosition) {
        draft.hostStatesPosition = keyPosition
        guard let mapping = mapping(node, what: "host-states", allowEmpty: true) else { return }
        var groups: [(group: Located<String>, states: [Located<String>])] = []
        for (key, value) in entries(of: mapping) {
            guard let group = name(key, what: "a group of states") else { continue }
            groups.append((group, names(value, what: "a state name")))
        }
        draft.hostStates = groups
    }
}
