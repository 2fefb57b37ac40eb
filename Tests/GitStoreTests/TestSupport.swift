import Foundation
import GitStore

/// What a run of the real `git` printed.
struct GitOutput {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Standard output without its final line break, as a shell's `$(…)` gives it.
    var text: String { stdout.hasSuffix("\n") ? String(stdout.dropLast()) : stdout }
    /// Standard output split into non-empty lines.
    var lines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// Runs the real `git` in `folder`, so that every test checks what libgit2
/// wrote with the tool people will read the record with.
@discardableResult
func git(_ arguments: String..., in folder: String, input: String? = nil) throws -> GitOutput {
    try git(arguments, in: folder, input: input)
}

@discardableResult
func git(_ arguments: [String], in folder: String, input: String? = nil) throws -> GitOutput {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = ["-C", folder] + arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GIT_CONFIG_NOSYSTEM"] = "1"
    environment["LC_ALL"] = "C.UTF-8"
    process.environment = environment
    // Files rather than pipes: a full pipe would block git before it exits.
    let outputs = (0..<2).map { _ in FileManager.default.temporaryDirectory.appendingPathComponent("git-\(UUID().uuidString)") }
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

/// A fresh folder under the system's temporary folder, removed when `body` returns.
func withTemporaryFolder<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gitstore-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// A new repository of its own for one test (bare unless asked), removed afterwards.
func withRepository<T>(bare: Bool = true, mode: Repository.WriteMode = .direct(durable: false),
                       _ body: (Repository, String) throws -> T) throws -> T {
    try withTemporaryFolder { folder in
        let path = folder + "/record.git"
        let repository = try Repository.create(at: path, bare: bare, mode: mode)
        return try body(repository, path)
    }
}

let mainRef = "refs/heads/main"
let alice = Signature(name: "Alice Martin", email: "alice@example.org",
                      date: Date(timeIntervalSince1970: 1_700_000_000), timeZoneOffsetMinutes: 60)
let bob = Signature(name: "Bob Lefèvre", email: "bob@example.org",
                    date: Date(timeIntervalSince1970: 1_700_000_600), timeZoneOffsetMinutes: -300)

extension Repository {
    /// Commits `changes` on top of wherever `ref` points now.
    @discardableResult
    func append(_ changes: [FileChange], subject: String = "Change", trailers: [Trailer] = [],
                ref: String = mainRef, author: Signature = alice, committer: Signature? = nil) throws -> ObjectID {
        try commit(CommitRequest(ref: ref, parent: try reference(ref), changes: changes, author: author,
                                 committer: committer, message: CommitMessage(subject: subject, trailers: trailers)))
    }

    /// Appends a commit with retries on lost races, as every concurrent writer must.
    func appendRetrying(_ changes: [FileChange], subject: String) throws {
        while true {
            do {
                try append(changes, subject: subject)
                return
            } catch let error as GitError where error.kind == .raceLost || error.kind == .locked {
                continue
            }
        }
    }
}

/// The ids of every object in the repository, as git sees them: a failed
/// operation must leave this set unchanged.
func objectIDs(in path: String) throws -> Set<String> {
    Set(try git("cat-file", "--batch-all-objects", "--batch-check=%(objectname)", in: path).lines)
}

/// The id `git rev-parse` gives, or nil when the revision is unknown.
func revParse(_ revision: String, in path: String) throws -> String? {
    let output = try git("rev-parse", "--verify", "--quiet", revision + "^{commit}", in: path)
    return output.status == 0 ? output.text : nil
}
