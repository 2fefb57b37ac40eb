/// Draws a workflow as Mermaid or Graphviz text, so that the procedure can be reviewed as a picture.
///
/// Output follows file order and contains no timestamps, so that diagrams can be committed and compared.
public enum WorkflowDiagram {}

extension Guard {
    /// A short summary for edge labels, such as `after amendment-deadline`.
    public var summary: String {
        switch self {
        case .role(let roles): "role \(EnglishText.alternatives(roles))"
        case .quorum(let quorum):
            quorum.total.map { "\(quorum.count) at least \(quorum.threshold) of \($0)" } ?? "\(quorum.count) at least \(quorum.threshold)"
        case .majority(let majority): "\(majority.forCount) over \(majority.againstCount)"
        case .deadline(let deadline): "\(deadline.side.rawValue) \(deadline.date)"
        case .predicate(let name, _, let arguments): arguments.isEmpty ? name : "\(name) for \(arguments.joined(separator: ", "))"
        }
    }
}

extension TransitionDefinition {
    /// The parts of an edge label: the name, `(roles)` and, when there are guards, `[guards]`.
    var labelParts: [String] {
        var parts = [name, "(\(roles.joined(separator: ", ")))"]
        if !guards.isEmpty {
            parts.append("[\(guards.map(\.summary).joined(separator: ", "))]")
        }
        return parts
    }
}
