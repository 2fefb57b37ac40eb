/// The error thrown when a workflow file cannot be used, carrying every problem found in it.
public struct WorkflowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, in file order; never empty when thrown by the engine.
    public let issues: [LintIssue]

    /// Creates an error.
    public init(issues: [LintIssue]) {
        self.issues = issues
    }

    /// One issue per line, as a compiler would print them.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
