/// A problem found in a file a person wrote (a draft, a roster), with where it is.
public struct InputProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    /// 1-based; nil when the problem concerns the whole file.
    public let line: Int?
    public let message: String

    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// A file refused with every problem found in it, so that a person can fix them all at once.
public struct InvalidInput: Error, Sendable, Equatable, CustomStringConvertible {
    public let problems: [InputProblem]

    public init(_ problems: [InputProblem]) {
        self.problems = problems
    }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
