/// Checks workflow files and reports every problem at once, each with its line, like a compiler.
public enum WorkflowLinter {
    /// Lints a workflow file's text; an empty result means the file can be used.
    ///
    /// - Parameters:
    ///   - yaml: The file's contents.
    ///   - file: The name to show in issues, usually the file's path.
    ///   - vocabulary: The predicates, effects, actions, counts and dates the host program knows.
    /// - Returns: The problems, ordered by position in the file.
    public static func lint(_ yaml: String, file: String, vocabulary: HostVocabulary = .init()) -> [LintIssue] {
        analyse(yaml, file: file, vocabulary: vocabulary).issues
    }

    /// Lints and, when the file is clean, builds the definition, so that parsing and linting never disagree.
    static func analyse(_ yaml: String, file: String, vocabulary: HostVocabulary) -> (definition: WorkflowDefinition?, issues: [LintIssue]) {
        let (root, compositionIssues) = compose(yaml, file: file)
        var reader = DefinitionReader(file: file)
        if root != nil || compositionIssues.isEmpty {
            reader.read(root)
            if reader.hasWorkflowShape {
                reader.checkRules(vocabulary: vocabulary)
            }
        }
        let issues = (compositionIssues + reader.issues).enumerated().sorted { left, right in
            (left.element.line, left.element.column ?? 0, left.offset) < (right.element.line, right.element.column ?? 0, right.offset)
        }.map(\.element)
        return (issues.isEmpty ? reader.makeDefinition() : nil, issues)
    }
}
