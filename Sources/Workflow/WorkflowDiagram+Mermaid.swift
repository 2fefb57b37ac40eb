extension WorkflowDiagram {
    /// A Mermaid `stateDiagram-v2`: `[*]` marks the start and the ends, edges read `name (roles) [guards]`.
    public static func mermaid(_ definition: WorkflowDefinition) -> String {
        let ids = mermaidIdentifiers(definition)
        var lines = ["stateDiagram-v2"]
        for state in definition.states {
            let id = ids[state.name] ?? state.name
            if id != state.name {
                lines.append("    state \"\(state.name.replacingOccurrences(of: "\"", with: "'"))\" as \(id)")
            }
            if let description = state.description, !description.isEmpty {
                lines.append("    \(id) : \(mermaidText(description))")
            }
        }
        lines.append("    [*] --> \(ids[definition.initialState] ?? definition.initialState)")
        for transition in definition.transitions {
            let label = mermaidText(transition.labelParts.joined(separator: " "))
            for source in transition.from {
                lines.append("    \(ids[source] ?? source) --> \(ids[transition.to] ?? transition.to) : \(label)")
            }
        }
        for state in definition.states where state.isFinal {
            lines.append("    \(ids[state.name] ?? state.name) --> [*]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static let mermaidKeywords: Set<String> = [
        "state", "note", "end", "class", "classdef", "direction", "default", "scale", "as", "hide", "style",
    ]

    /// Mermaid state identifiers cannot hold `-`, `:` or spaces, so such states get a numbered alias.
    private static func mermaidIdentifiers(_ definition: WorkflowDefinition) -> [String: String] {
        var ids: [String: String] = [:]
        for (index, state) in definition.states.enumerated() {
            let name = state.name
            let isPlain = name.first?.isLetter == true
                && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                && !mermaidKeywords.contains(name.lowercased())
                && !name.hasPrefix("state_")
            ids[name] = isPlain ? name : "state_\(index + 1)"
        }
        return ids
    }

    /// Mermaid ends a label at `:`, `;` or a line break, so those are replaced.
    private static func mermaidText(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case ":": result += " -"
            case ";": result += ","
            case "\n", "\r", "\t": result += " "
            default: result.append(character)
            }
        }
        return result
    }
}
