import Foundation
import Testing

/// How one run of a program ended and what it printed.
struct Outcome {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Files of the package the tests read: the samples, the shipped workflows and the help snapshots.
enum PackageFiles {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let root = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let draft = root.appendingPathComponent("drafts/pact-resolution.md").path
    static let roster = root.appendingPathComponent("drafts/roster.yml").path
    static let snapshots = testsFolder.appendingPathComponent("Snapshots")

    static func workflow(_ name: String) -> String { root.appendingPathComponent("workflows/\(name).yml").path }

    /// Compares `actual` with `Snapshots/<name>.txt`; `ACCORD_UPDATE_SNAPSHOTS=1` rewrites the file instead.
    static func assertSnapshot(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = snapshots.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["ACCORD_UPDATE_SNAPSHOTS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot \(name).txt differs; rerun with ACCORD_UPDATE_SNAPSHOTS=1 to accept", sourceLocation: sourceLocation)
    }
}

/// The built `accord` executable: a sibling of the test bundle in the build products
/// folder, or `$ACCORD_BIN`.
enum AccordBinary {
    static let path: String? = locate()

    private static func locate() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["ACCORD_BIN"], !explicit.isEmpty { return explicit }
        let starts = [Bundle.main.bundleURL, URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])]
        for start in starts {
            var folder = start.standardizedFileURL
            for _ in 0..<6 {
                let candidate = folder.appendingPathComponent("accord")
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder), !isFolder.boolValue,
                   FileManager.default.isExecutableFile(atPath: candidate.path) {
                    return candidate.path
                }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }
}

/// Runs a program and waits for it, capturing its output through files (no pipe can fill up).
func runProgram(_ executable: String, _ arguments: [String], environment: [String: String], in folder: URL) throws -> Outcome {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("accord-out-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: outURL.path, contents: nil)
    FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    process.currentDirectoryURL = folder
    process.standardOutput = out
    process.standardError = err
    try process.run()
    process.waitUntilExit()
    try out.close()
    try err.close()
    return Outcome(status: process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus,
                   stdout: try String(contentsOf: outURL, encoding: .utf8),
                   stderr: try String(contentsOf: errURL, encoding: .utf8))
}

/// A temporary folder for one test, with a record at `record` once `init` has run there.
///
/// Every run gets a fixed clock (`ACCORD_NOW`), a private `HOME` (so the machine's git
/// identity never leaks in) and a stable help width.
final class Sandbox {
    let folder: URL
    let record: URL
    /// `ACCORD_NOW` for the next runs.
    var now = "2026-11-01T09:00:00Z"
    /// The amendment deadline the sample procedure sets.
    static let deadline = "2026-12-15T18:00:00Z"
    static let afterDeadline = "2026-12-16T09:00:00Z"

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-cli-\(UUID().uuidString)")
        record = folder.appendingPathComponent("record")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// A record with the sample roster and the sample draft imported by the secretariat.
    static func withSampleDraft(sourceLocation: SourceLocation = #_sourceLocation) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.act("init", sandbox.record.path, in: sandbox.folder, sourceLocation: sourceLocation)
        try sandbox.act("roster", "import", PackageFiles.roster, sourceLocation: sourceLocation)
        try sandbox.act("draft", "import", PackageFiles.draft, as: "claire", sourceLocation: sourceLocation)
        return sandbox
    }

    /// A sample record with amendments open until `deadline`.
    static func withOpenAmendments(sourceLocation: SourceLocation = #_sourceLocation) throws -> Sandbox {
        let sandbox = try withSampleDraft(sourceLocation: sourceLocation)
        try sandbox.act("advance", "pact-2026", "open-amendments", "--deadline", deadline, as: "claire", sourceLocation: sourceLocation)
        return sandbox
    }

    var environment: [String: String] {
        [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": folder.path, "XDG_CONFIG_HOME": folder.path, "GIT_CONFIG_NOSYSTEM": "1",
            "ACCORD_NOW": now, "COLUMNS": "100", "LANG": "C.UTF-8",
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
        ]
    }

    /// Runs `accord` in `folder` (default: the record) with `--as person` appended when given.
    func accord(_ arguments: [String], as person: String? = nil, environment extra: [String: String] = [:],
                in folder: URL? = nil) throws -> Outcome {
        let binary = try #require(AccordBinary.path, "no built accord next to the test bundle; build it or set ACCORD_BIN")
        let arguments = arguments + (person.map { ["--as", $0] } ?? [])
        return try runProgram(binary, arguments, environment: environment.merging(extra) { $1 }, in: folder ?? record)
    }

    /// Runs `accord` and expects it to succeed; returns what it printed.
    @discardableResult
    func run(_ arguments: String..., as person: String? = nil, environment extra: [String: String] = [:], in folder: URL? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outcome = try accord(arguments, as: person, environment: extra, in: folder)
        #expect(outcome.status == 0, "accord \(arguments.joined(separator: " ")) failed: \(outcome.stderr)", sourceLocation: sourceLocation)
        return outcome.stdout
    }

    /// Runs an `accord` command that changes the record and expects exactly one new commit on main.
    @discardableResult
    func act(_ arguments: String..., as person: String? = nil, environment extra: [String: String] = [:], in folder: URL? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try act(arguments, as: person, environment: extra, in: folder, sourceLocation: sourceLocation)
    }

    @discardableResult
    func act(_ arguments: [String], as person: String? = nil, environment extra: [String: String] = [:], in folder: URL? = nil,
             sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = FileManager.default.fileExists(atPath: record.path) ? tip() : ""
        let outcome = try accord(arguments, as: person, environment: extra, in: folder)
        #expect(outcome.status == 0, "accord \(arguments.joined(separator: " ")) failed: \(outcome.stderr)", sourceLocation: sourceLocation)
        if !before.isEmpty {
            #expect(try git("rev-parse", "main^") == before, "accord \(arguments.joined(separator: " ")) did not add one commit", sourceLocation: sourceLocation)
        }
        return outcome.stdout
    }

    /// Runs `accord` and expects a refusal: exit 1, reasons on stderr, and the record untouched.
    @discardableResult
    func refuse(_ arguments: String..., as person: String? = nil, environment extra: [String: String] = [:],
                sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        try refuse(arguments, as: person, environment: extra, sourceLocation: sourceLocation)
    }

    @discardableResult
    func refuse(_ arguments: [String], as person: String? = nil, environment extra: [String: String] = [:],
                sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let before = tip()
        let outcome = try accord(arguments, as: person, environment: extra)
        #expect(outcome.status == 1, "accord \(arguments.joined(separator: " ")) exited \(outcome.status): \(outcome.stdout)\(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("accord: "), "no plain reason on stderr: ‘\(outcome.stderr)’", sourceLocation: sourceLocation)
        #expect(tip() == before, "a refused action changed main", sourceLocation: sourceLocation)
        return outcome
    }

    /// Runs `git` on the record and returns its trimmed output; a failure is an issue.
    @discardableResult
    func git(_ arguments: String..., environment extra: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outcome = try gitOutcome(arguments, environment: extra)
        #expect(outcome.status == 0, "git \(arguments.joined(separator: " ")) failed: \(outcome.stderr)", sourceLocation: sourceLocation)
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func gitOutcome(_ arguments: [String], environment extra: [String: String] = [:]) throws -> Outcome {
        try runProgram("/usr/bin/env", ["git", "-C", record.path] + arguments, environment: environment.merging(extra) { $1 }, in: folder)
    }

    /// The commit main points at.
    func tip() -> String {
        (try? gitOutcome(["rev-parse", "main"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? ""
    }

    /// Parses what a `--json` command printed.
    func json(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> Any {
        let outcome = try accord(arguments + ["--json"])
        #expect(outcome.status == 0, "accord \(arguments.joined(separator: " ")) --json failed: \(outcome.stderr)", sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))
    }
}

/// Markdown as `accord show` prints it, without the `{#id}` annotations it adds.
func withoutIDs(_ markdown: String) -> String {
    markdown.replacingOccurrences(of: #" ?\{#[a-z0-9-]+\}"#, with: "", options: .regularExpression)
}
