import Yams

extension DefinitionReader {
    static let guardKinds = ["role", "quorum", "majority", "deadline", "predicate"]

    /// Reads a `guards:` list; returns the guards and the roles named by `role:` guards (for the role checks).
    mutating func readGuards(_ node: Node) -> ([Guard], [Located<String>]) {
        if node.null != nil { return ([], []) }
        guard let sequence = node.sequence else {
            report("invalid-value", "guards must be a list, each entry starting with ‘- ’", at: position(of: node))
            return ([], [])
        }
        var guards: [Guard] = []
        var roles: [Located<String>] = []
        for item in sequence {
            let fields = item.mapping.map { entries(of: $0) } ?? []
            // The kind is the first known guard key, so that `message:` may also come before `predicate:`.
            guard let kindIndex = fields.firstIndex(where: { Self.guardKinds.contains($0.key.string ?? "") }) ?? fields.indices.first else {
                report("invalid-guard", "a guard must be written ‘kind: parameters’, for example ‘predicate: every-section-approved’", at: position(of: item))
                continue
            }
            let (kind, value) = fields[kindIndex]
            let extra = fields.enumerated().filter { $0.offset != kindIndex }.map(\.element)
            let kindName = kind.string ?? ""
            if kindName == "predicate" {
                if let guardValue = readPredicate(value, siblings: Array(extra)) { guards.append(guardValue) }
                continue
            }
            for (field, _) in extra {
                report("invalid-guard", "a guard has a single kind; ‘\(field.string ?? "")’ must be a separate entry of the list", at: position(of: field))
            }
            switch kindName {
            case "role":
                let named = names(value, what: "a role name")
                if named.isEmpty {
                    report("invalid-guard", "a role guard must name at least one role", at: position(of: value))
                } else {
                    roles += named
                    guards.append(.role(named.map(\.value)))
                }
            case "quorum":
                if let requirement = readQuorum(value) { guards.append(.quorum(requirement)) }
            case "majority":
                if let requirement = readMajority(value) { guards.append(.majority(requirement)) }
            case "deadline":
                if let requirement = readDeadline(value) { guards.append(.deadline(requirement)) }
            default:
                report(
                    "unknown-guard",
                    "unknown guard ‘\(kindName)’; a guard is one of: \(Self.guardKinds.joined(separator: ", "))",
                    at: position(of: kind)
                )
            }
        }
        return (guards, roles)
    }

    /// Reads the parameters of a guard that are written as a mapping, reporting unknown and missing keys.
    private mutating func parameters(
        _ node: Node, of kind: String, allowed: [String], required: [String]
    ) -> [String: Node]? {
        guard let mapping = node.mapping else {
            report("invalid-guard", "the \(kind) guard needs parameters: \(allowed.joined(separator: ", "))", at: position(of: node))
            return nil
        }
        var values: [String: Node] = [:]
        for (field, value) in entries(of: mapping) {
            let fieldName = field.string ?? ""
            if allowed.contains(fieldName) {
                values[fieldName] = value
            } else {
                report("invalid-guard", "the \(kind) guard has no parameter ‘\(fieldName)’; expected: \(allowed.joined(separator: ", "))", at: position(of: field))
            }
        }
        let missing = required.filter { values[$0] == nil }
        for field in missing {
            report("invalid-guard", "the \(kind) guard needs ‘\(field):’", at: position(of: node))
        }
        return missing.isEmpty ? values : nil
    }

    private mutating func hostName(_ node: Node, kind: HostReference.Kind, what: String) -> String? {
        guard let located = name(node, what: what) else { return nil }
        draft.references.append(HostReference(kind: kind, name: located))
        return located.value
    }

    private mutating func readQuorum(_ node: Node) -> QuorumRequirement? {
        guard let values = parameters(node, of: "quorum", allowed: ["count", "of", "at-least", "label"], required: ["count", "at-least"]),
              let countNode = values["count"], let thresholdNode = values["at-least"],
              let count = hostName(countNode, kind: .count, what: "a count name") else { return nil }
        let total = values["of"].flatMap { hostName($0, kind: .count, what: "a count name") }
        let label = values["label"].flatMap { text($0, what: "a label") }
        let written = thresholdNode.scalar?.string ?? ""
        if !written.isEmpty, written.allSatisfy(\.isNumber), let number = Int(written) {
            guard number >= 1 else {
                report("invalid-guard", "a quorum of \(number) is always reached; use at least 1", at: position(of: thresholdNode))
                return nil
            }
            return QuorumRequirement(count: count, total: total, threshold: .atLeast(number), label: label)
        }
        guard let fraction = Fraction(parsing: written), fraction.numerator > 0, fraction.isProperShare else {
            report("invalid-guard", "‘\(written)’ is not a number or a share such as 2/3, 1/2 or 0.5", at: position(of: thresholdNode))
            return nil
        }
        guard total != nil else {
            if values["of"] == nil {
                report("invalid-guard", "a quorum of \(fraction) needs ‘of:’, the count it is a share of", at: position(of: thresholdNode))
            }
            return nil
        }
        return QuorumRequirement(count: count, total: total, threshold: .fraction(fraction), label: label)
    }

    private mutating func readMajority(_ node: Node) -> MajorityRequirement? {
        guard let values = parameters(node, of: "majority", allowed: ["for", "against"], required: ["for", "against"]),
              let forNode = values["for"], let againstNode = values["against"],
              let forCount = hostName(forNode, kind: .count, what: "a count name"),
              let againstCount = hostName(againstNode, kind: .count, what: "a count name") else { return nil }
        return MajorityRequirement(forCount: forCount, againstCount: againstCount)
    }

    private mutating func readDeadline(_ node: Node) -> DeadlineRequirement? {
        guard let values = parameters(node, of: "deadline", allowed: ["before", "after", "label"], required: []) else { return nil }
        let label = values["label"].flatMap { text($0, what: "a label") }
        switch (values["before"], values["after"]) {
        case let (before?, nil):
            return hostName(before, kind: .date, what: "a date name").map { DeadlineRequirement(date: $0, side: .before, label: label) }
        case let (nil, after?):
            return hostName(after, kind: .date, what: "a date name").map { DeadlineRequirement(date: $0, side: .after, label: label) }
        case (_?, _?):
            report("invalid-guard", "a deadline guard takes either ‘before:’ or ‘after:’, not both", at: position(of: node))
        case (nil, nil):
            report("invalid-guard", "a deadline guard needs ‘before:’ or ‘after:’ and the name of a date", at: position(of: node))
        }
        return nil
    }

    /// `predicate: name`, `predicate: name` with a sibling `message:`, or `predicate: {name: ..., message: ...}`,
    /// optionally with `for: [...]`, the arguments the host evaluates it with.
    private mutating func readPredicate(_ node: Node, siblings: [(key: Node, value: Node)]) -> Guard? {
        var message: String?
        for (field, value) in siblings {
            if field.string == "message" {
                message = text(value, what: "a message")
            } else {
                report("invalid-guard", "a predicate guard has no parameter ‘\(field.string ?? "")’; expected: message", at: position(of: field))
            }
        }
        if node.mapping != nil {
            guard let values = parameters(node, of: "predicate", allowed: ["name", "message", "for"], required: ["name"]),
                  let nameNode = values["name"],
                  let predicate = hostName(nameNode, kind: .predicate, what: "a predicate name") else { return nil }
            let arguments = values["for"].map { names($0, what: "an argument").map(\.value) } ?? []
            return .predicate(name: predicate, message: values["message"].flatMap { text($0, what: "a message") } ?? message,
                              arguments: arguments)
        }
        guard let predicate = hostName(node, kind: .predicate, what: "a predicate name") else { return nil }
        return .predicate(name: predicate, message: message)
    }
}
