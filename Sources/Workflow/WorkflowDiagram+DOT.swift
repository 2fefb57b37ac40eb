extension WorkflowDiagram {
    /// A Graphviz digraph: final states are double circles, edges are labelled with name, roles and guards.
    public static func dot(_ definition: WorkflowDefinition) -> String {
        var lines = [
            "digraph \(quoted(definition.name)) {",
            "    rankdir=LR;",
            "    node [shape=ellipse, fontname=\"Helvetica\"];",
            "    edge [fontname=\"Helvetica\", fontsize=10];",
            "    \"__start\" [shape=point, label=\"\"];",
        ]
        for state in definition.states {
            var attributes = state.isFinal ? ["shape=doublecircle"] : []
            if let description = state.description, !description.isEmpty {
                attributes.append("tooltip=\(quoted(description))")
            }
            lines.append("    \(quoted(state.name))" + (attributes.isEmpty ? ";" : " [\(attributes.joined(separator: ", "))];"))
        }
        lines.append("    \"__start\" -> \(quoted(definition.initialState));")
        for transition in definition.transitions {
            let label = transition.labelParts.map(escaped).joined(separator: "\\n")
            for source in transition.from {
                lines.append("    \(quoted(source)) -> \(quoted(transition.to)) [label=\"\(label)\"];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func quoted(_ text: String) -> String {
        "\"\(escaped(text))\""
    }

    /// Escapes text for a DOT double-quoted string; line breaks become spaces so that labels stay on one line.
    private static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n", "\r", "\t": result += " "
            default: result.append(character)
            }
        }
        return result
    }
}
