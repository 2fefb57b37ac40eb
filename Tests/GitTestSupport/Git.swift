import Foundation

/// What a run of the real `git` printed.
public struct GitOutput: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String

    /// Standard output without its final line break, as a shell's `$(…)` gives it.
    public var text: String { stdout.hasSuffix("\n") ? String(stdout.dropLast()) : stdout }
    /// Standard output split into non-empty lines.
    public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// Runs the real `git` in `folder`, so that tests check what Accord wrote with
/// the tool people will read the record with.
@discardableResult
public func git(_ arguments: String..., in folder: String, input: String? = nil) throws -> GitOutput {
    try git(arguments, in: folder, input: input)
}

/// Runs the real `git` in `folder` with `arguments`, `input` on its standard
/// input and `extra` added to its environment (system config ignored, UTF-8 locale).
@discardableResult
public func git(_ arguments: [String], in folder: String, input: String? = nil,
                environment extra: [String: String] = [:]) throws -> GitOutput {
    try runProgram("/usr/bin/git", ["-C", folder] + arguments, input: input,
                   environment: ["GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C.UTF-8"].merging(extra) { _, new in new })
}

/// Runs a program (a path) with `arguments`, `input` on its standard input and `extra` added
/// to its environment, and returns what it printed: the tools the tests check with (git, the
/// browser tests' Python, validators).
@discardableResult
public func runProgram(_ executable: String, _ arguments: [String], input: String? = nil,
                       environment extra: [String: String] = [:]) throws -> GitOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
    // Files rather than pipes: a full pipe would block the program before it exits.
    let outputs = (0..<2).map { _ in FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)") }
    defer { outputs.forEach { try? FileManager.default.removeItem(at: $0) } }
    for url in outputs { _ = FileManager.default.createFile(atPath: url.path, contents: nil) }
    process.standardOutput = try FileHandle(forWritingTo: outputs[0])
    process.standardError = try FileHandle(forWritingTo: outputs[1])
    let stdin = Pipe()
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    process.waitUntilExit()
    let read = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
    return GitOutput(status: process.terminationStatus, stdout: read(outputs[0]), stderr: read(outputs[1]))
}
