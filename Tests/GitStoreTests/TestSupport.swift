import Foundation
import GitStore
import GitTestSupport

/// A fresh folder under the system's temporary folder, removed when `body` returns.
func withTemporaryFolder<T>(_ body: (String) throws -> T) throws -> T {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gitstore-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    return try body(path)
}

/// A new repository of its own for one test (bare unless asked), removed afterwards.
func withRepository<T>(bare: Bool = true, mode: Repository.WriteMode = .direct,
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
