/// One problem found in a workflow file, pointing at the line (and column, where known) to fix.
public struct LintIssue: Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in, as given to the linter.
    public let file: String
    /// The 1-based line of the offending key or value.
    public let line: Int
    /// The 1-based column, where known.
    public let column: Int?
    /// A stable identifier such as `unknown-state`, so that tools and tests need not match messages.
    public let code: String
    /// A plain-English explanation.
    public let message: String

    /// Creates an issue.
    public init(file: String, line: Int, column: Int? = nil, code: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.code = code
        self.message = message
    }

    /// `file:line[:column]: message`, the form editors and terminals turn into links.
    public var description: String {
        let position = column.map { "\(line):\($0)" } ?? "\(line)"
        return "\(file):\(position): \(message)"
    }
}
