import Foundation
import Testing
import GitStore
import GitTestSupport

/// History walks, trailers and changed paths, checked against `git log`.
@Suite struct HistoryTests {
    /// Three commits: add two files, modify one, delete one and add another.
    static func threeCommits(_ repository: Repository) throws -> [ObjectID] {
        [try repository.append([.write("a.txt", "a\n"), .write("dir/b.txt", "b\n")], subject: "One",
                               trailers: [Trailer("Accord-Action", "open"), Trailer("Accord-Step", "1")]),
         try repository.append([.write("a.txt", "a2\n")], subject: "Two", trailers: [Trailer("Accord-Action", "amend")]),
         try repository.append([.delete(path: "dir/b.txt"), .write("c/d.txt", "d\n")], subject: "Three",
                               trailers: [Trailer("Accord-Action", "adopt")])]
    }

    @Test func newestAndOldestFirstWithLimits() throws {
        try withRepository { repository, path in
            let ids = try Self.threeCommits(repository)
            let head = try #require(ids.last)
            let newest = try repository.history(from: head)
            #expect(newest.map(\.id) == ids.reversed())
            #expect(newest.map(\.id.hex) == (try git("log", "--format=%H", in: path).lines))
            #expect(try repository.history(from: head, order: .oldestFirst).map(\.id) == ids)
            #expect(try repository.history(from: head, limit: 2).map(\.id) == Array(ids.reversed().prefix(2)))
            #expect(try repository.history(from: head, order: .oldestFirst, limit: 1).map(\.id) == [ids[0]])
            #expect(newest.last?.parents == [])
            #expect(newest.first?.parents == [ids[1]])
        }
    }

    @Test func trailersAndSignaturesAreParsed() throws {
        try withRepository { repository, _ in
            let ids = try Self.threeCommits(repository)
            let first = try repository.commitInfo(ids[0])
            #expect(first.message.subject == "One")
            #expect(first.message.body == nil)
            #expect(first.message.trailer("Accord-Action") == "open")
            #expect(first.message.trailer("Accord-Step") == "1")
            #expect(first.message.trailer("Missing") == nil)
            #expect(first.author == alice)
            #expect(first.committer == alice)
        }
    }

    @Test func messageWithBodyRoundTrips() throws {
        let message = CommitMessage(subject: "Adopt", body: "First paragraph.\n\nSecond paragraph, « voilà ».",
                                    trailers: [Trailer("Accord-Action", "adopt"), Trailer("Accord-Vote", "12-3")])
        #expect(CommitMessage(parsing: message.text) == message)
        try withRepository { repository, path in
            let id = try repository.commit(CommitRequest(ref: mainRef, parent: nil, changes: [], author: alice, message: message))
            #expect(try repository.commitInfo(id).message == message)
            #expect(try git("log", "-1", "--format=%(trailers:key=Accord-Vote,valueonly)", in: path).lines == ["12-3"])
        }
    }

    @Test func changedPathsInEachCommit() throws {
        try withRepository { repository, _ in
            let ids = try Self.threeCommits(repository)
            #expect(try repository.changedPaths(from: nil, to: ids[0]) == [PathChange(path: "a.txt", kind: .added),
                                                              PathChange(path: "dir/b.txt", kind: .added)])
            #expect(try repository.changedPaths(from: ids[0], to: ids[1]) == [PathChange(path: "a.txt", kind: .modified)])
            #expect(try repository.changedPaths(from: ids[1], to: ids[2]) == [PathChange(path: "c/d.txt", kind: .added),
                                                              PathChange(path: "dir/b.txt", kind: .deleted)])
        }
    }

    @Test func changedPathsAcrossSeveralCommitsMatchGitDiff() throws {
        try withRepository { repository, path in
            let ids = try Self.threeCommits(repository)
            let changes = try repository.changedPaths(from: ids[0], to: ids[2])
            #expect(changes == [PathChange(path: "a.txt", kind: .modified), PathChange(path: "c/d.txt", kind: .added),
                                PathChange(path: "dir/b.txt", kind: .deleted)])
            let diff = try git("diff", "--name-status", ids[0].hex, ids[2].hex, in: path)
            #expect(diff.lines == ["M\ta.txt", "A\tc/d.txt", "D\tdir/b.txt"])
            #expect(try repository.changedPaths(from: ids[2], to: ids[2]).isEmpty)
        }
    }
}
