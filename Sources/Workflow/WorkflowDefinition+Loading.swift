import Foundation

extension WorkflowDefinition {
    /// Parses a workflow file's text, linting it first; throws every problem found at once.
    public static func parse(_ yaml: String, file: String, vocabulary: HostVocabulary = .init()) throws(WorkflowError) -> WorkflowDefinition {
        let (definition, issues) = WorkflowLinter.analyse(yaml, file: file, vocabulary: vocabulary)
        guard let definition else {
            let reported = issues.isEmpty
                ? [LintIssue(file: file, line: 1, code: "invalid-document", message: "the file does not describe a workflow")]
                : issues
            throw WorkflowError(issues: reported)
        }
        return definition
    }

    /// Loads and parses a workflow file; an unreadable file is reported as a ``WorkflowError`` too,
    /// so that callers handle one kind of failure.
    public static func load(contentsOf url: URL, vocabulary: HostVocabulary = .init()) throws(WorkflowError) -> WorkflowDefinition {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw WorkflowError(issues: [LintIssue(
                file: url.path, line: 1, code: "unreadable-file",
                message: "the workflow file cannot be read: \(error.localizedDescription)"
            )])
        }
        return try parse(text, file: url.path, vocabulary: vocabulary)
    }
}
