import Foundation
import Testing
import GitStore
import GitTestSupport

/// Writers racing on one ref: compare-and-swap keeps every commit, loses none.
@Suite struct ConcurrencyTests {
    @Test func twoWritersFromOneParentOneWinsOneLoses() throws {
        try withRepository { first, path in
            let parent = try first.append([.write("a.txt", "base\n")])
            let second = try Repository.open(at: path, mode: .direct)
            func request(_ text: String) -> CommitRequest {
                CommitRequest(ref: mainRef, parent: parent, changes: [.write("a.txt", text)], author: alice,
                              message: CommitMessage(subject: text))
            }
            let winner = try second.commit(request("second\n"))
            let error = try #require(throws: GitError.self) { try first.commit(request("first\n")) }
            #expect(error.kind == .raceLost)
            #expect(error.code != 0)
            #expect(try revParse("main", in: path) == winner.hex)
            #expect(try first.reference(mainRef) == winner)
        }
    }

    @Test func threadsAppendingWithRetriesLoseNothing() throws {
        let writers = 4, commitsEach = 25
        try withRepository { repository, path in
            try repository.append([.write("start.txt", "0\n")], subject: "Start")
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: writers) { writer in
                do {
                    // libgit2 handles are not thread-safe: one Repository per thread.
                    let own = try Repository.open(at: path, mode: .direct)
                    for index in 0..<commitsEach {
                        try own.appendRetrying([.write("w\(writer)/\(index).txt", "\(writer) \(index)\n")],
                                               subject: "Writer \(writer) commit \(index)")
                    }
                } catch {
                    failures.add("\(error)")
                }
            }
            #expect(failures.all.isEmpty)
            #expect(try git("rev-list", "--count", "main", in: path).text == "\(writers * commitsEach + 1)")
            #expect(try git("rev-list", "--merges", "--count", "main", in: path).text == "0")
            #expect(try git("ls-tree", "-r", "--name-only", "main", in: path).lines.count == writers * commitsEach + 1)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    @Test func storeAndGitUpdateRefShareTheLockProtocol() throws {
        try withRepository { repository, path in
            let first = try repository.append([.write("a.txt", "1\n")])
            let second = try repository.append([.write("a.txt", "2\n")])
            // git's own CAS refuses a stale expected value, as the store does.
            #expect(try git("update-ref", mainRef, first.hex, first.hex, in: path).status != 0)
            #expect(try git("update-ref", mainRef, first.hex, second.hex, in: path).status == 0)
            #expect(try repository.reference(mainRef) == first)
        }
    }
}

/// Errors gathered from worker threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
