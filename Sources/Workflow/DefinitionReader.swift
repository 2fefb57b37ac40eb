import Yams

/// Reads a composed YAML tree into a ``DraftDefinition``, reporting every shape problem it meets and
/// carrying on, so that a single run lists all of them.
struct DefinitionReader {
    let file: String
    private(set) var issues: [LintIssue] = []
    /// Whether the document was a mapping at all; checks of the whole file only make sense then.
    private(set) var hasWorkflowShape = false
    var draft = DraftDefinition()

    init(file: String) {
        self.file = file
    }

    static let topLevelKeys = ["name", "description", "roles", "initial", "states", "transitions", "actions", "voting", "host", "host-states"]

    mutating func report(_ code: String, _ message: String, at position: SourcePosition) {
        issues.append(LintIssue(file: file, line: position.line, column: position.column, code: code, message: message))
    }

    mutating func read(_ root: Node?) {
        guard let root, root.null == nil else {
            report("invalid-document", "the file is empty; a workflow needs name, roles, initial, states and transitions", at: .start)
            return
        }
        guard let mapping = root.mapping else {
            report("invalid-document", "the file must consist of ‘key: value’ entries such as name, states and transitions", at: position(of: root))
            return
        }
        draft.rootPosition = position(of: root)
        hasWorkflowShape = true
        var seen: Set<String> = []
        for (key, value) in entries(of: mapping) {
            let keyName = key.string ?? ""
            seen.insert(keyName)
            switch keyName {
            case "name": draft.name = name(value, what: "the workflow name")?.value
            case "description": draft.description = text(value, what: "description")
            case "roles": draft.roles = names(value, what: "roles")
            case "initial": draft.initial = name(value, what: "the initial state")
            case "states": readStates(value)
            case "transitions": readTransitions(value)
            case "actions": readActions(value)
            case "voting": readVoting(value)
            case "host": readHostTransitions(value, at: position(of: key))
            case "host-states": readHostStates(value, at: position(of: key))
            default: reportUnknownKey(key, allowed: Self.topLevelKeys, in: "the workflow")
            }
        }
        for required in ["name", "roles", "states", "transitions"] where !seen.contains(required) {
            report("missing-key", "the workflow has no ‘\(required):’", at: draft.rootPosition)
        }
    }

    // MARK: - Node helpers

    func position(of node: Node) -> SourcePosition {
        node.mark.map { SourcePosition(line: $0.line, column: $0.column) } ?? .start
    }

    /// The mapping's entries without the later duplicates already reported while composing.
    func entries(of mapping: Node.Mapping) -> [(key: Node, value: Node)] {
        mapping.filter { !($0.key.string?.hasPrefix(WorkflowLinter.duplicatePrefix) ?? false) }
    }

    /// A mapping, or an empty one for a key written with no value (`open:`).
    mutating func mapping(_ node: Node, what: String, allowEmpty: Bool = false) -> Node.Mapping? {
        if let mapping = node.mapping { return mapping }
        if allowEmpty, node.null != nil { return Node.Mapping([]) }
        report("invalid-value", "\(what) must be a list of ‘key: value’ entries", at: position(of: node))
        return nil
    }

    mutating func reportUnknownKey(_ key: Node, allowed: [String], in context: String) {
        let written = key.string ?? ""
        let hint = allowed.first { Self.editDistance(written, $0) <= 2 }
            .map { "did you mean ‘\($0)’?" } ?? "expected one of: \(allowed.joined(separator: ", "))"
        report("unknown-key", "unknown key ‘\(written)’ in \(context); \(hint)", at: position(of: key))
    }

    /// The Levenshtein distance, to suggest the key a typo was meant to be.
    static func editDistance(_ left: String, _ right: String) -> Int {
        let left = Array(left), right = Array(right)
        guard !left.isEmpty, !right.isEmpty else { return max(left.count, right.count) }
        var previous = Array(0...right.count)
        for (i, leftCharacter) in left.enumerated() {
            var current = [i + 1]
            for (j, rightCharacter) in right.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (leftCharacter == rightCharacter ? 0 : 1)))
            }
            previous = current
        }
        return previous[right.count]
    }

    /// A name such as a state or role: one word of letters, digits, `-`, `_` or `.`.
    mutating func name(_ node: Node, what: String) -> Located<String>? {
        guard node.null == nil, let scalar = node.scalar, !scalar.string.isEmpty else {
            report("invalid-value", "\(what) must be a name", at: position(of: node))
            return nil
        }
        let name = scalar.string
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            report("invalid-name", "‘\(name)’ cannot be used as \(what): use letters, digits and hyphens only", at: position(of: node))
            return nil
        }
        return Located(value: name, position: position(of: node))
    }

    /// One name or a list of names; `from: review` and `from: [review]` mean the same.
    mutating func names(_ node: Node, what: String) -> [Located<String>] {
        if node.null != nil { return [] }
        if node.scalar != nil { return name(node, what: what).map { [$0] } ?? [] }
        guard let sequence = node.sequence else {
            report("invalid-value", "\(what) must be a name or a list of names", at: position(of: node))
            return []
        }
        return sequence.compactMap { name($0, what: what) }
    }

    /// Free text such as a description or message.
    mutating func text(_ node: Node, what: String) -> String? {
        if node.null != nil { return nil }
        guard let scalar = node.scalar else {
            report("invalid-value", "\(what) must be text", at: position(of: node))
            return nil
        }
        return scalar.string
    }

    mutating func bool(_ node: Node, what: String) -> Bool? {
        guard node.scalar != nil, let value = node.bool else {
            report("invalid-value", "\(what) must be true or false", at: position(of: node))
            return nil
        }
        return value
    }
}
