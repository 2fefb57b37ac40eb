/// A problem found in a file a person wrote (a draft, a roster), with where it is.
public struct InputProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file as the person named it.
    public let file: String
    /// 1-based; nil when the problem concerns the whole file.
    public let line: Int?
    /// What is wrong, in words.
    public let message: String

    /// A problem at a line of a file (nil: the whole file).
    public init(file: String, line: Int?, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, as compilers say it.
    public var description: String {
        line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
    }
}

/// A file refused with every problem found in it, so that a person can fix them all at once.
public struct InvalidInput: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found, in file order.
    public let problems: [InputProblem]

    /// A refusal listing these problems.
    public init(_ problems: [InputProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
