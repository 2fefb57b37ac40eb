import Foundation
import Testing
import GitStore

/// Every refused input is a clear, typed error, and nothing is written.
@Suite struct BadInputTests {
    @Test func openingAFolderThatIsNoRepositoryFails() throws {
        try withTemporaryFolder { folder in
            let error = try #require(throws: GitError.self) { try Repository.open(at: folder) }
            #expect(error.kind == .notARepository)
            #expect(error.message.contains(folder))
            let missing = try #require(throws: GitError.self) { try Repository.open(at: folder + "/missing") }
            #expect(missing.kind == .notARepository)
        }
    }

    @Test func creatingOverAnExistingRepositoryFails() throws {
        try withRepository { _, path in
            let error = try #require(throws: GitError.self) { try Repository.create(at: path) }
            #expect(error.kind == .alreadyExists)
            let nonBare = try #require(throws: GitError.self) { try Repository.create(at: path, bare: false) }
            #expect(nonBare.kind == .alreadyExists)
        }
    }

    @Test func creatingInAReadOnlyFolderFails() throws {
        try withTemporaryFolder { folder in
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
            // root ignores permissions: nothing to check then.
            guard getuid() != 0 else { return }
            let error = try #require(throws: GitError.self) { try Repository.create(at: folder + "/a/record.git") }
            #expect(error.kind == .notWritable)
            #expect(error.message.contains(folder))
        }
    }

    @Test func missingFileIsNotFoundAndNamesThePath() throws {
        try withRepository { repository, _ in
            let head = try repository.append([.write("a/present.txt", "x\n")])
            let error = try #require(throws: GitError.self) { try repository.file("a/absent.txt", at: head) }
            #expect(error.kind == .notFound)
            #expect(error.message.contains("a/absent.txt"))
            #expect(try repository.fileIfPresent("a/absent.txt", at: head) == nil)
            // A folder is not a file.
            #expect(try repository.fileIfPresent("a", at: head) == nil)
        }
    }

    @Test(arguments: ["../escape.txt", "/abs.txt", "a//b.txt", ".git/config", "a/.git/x", "a/./b", "a/../b",
                      "", "folder/", "a/.GIT/x"])
    func invalidPathsAreRefusedAndNothingIsWritten(_ bad: String) throws {
        try withRepository { repository, path in
            let head = try repository.append([.write("ok.txt", "ok\n")])
            let before = try objectIDs(in: path)
            let error = try #require(throws: GitError.self) {
                try repository.append([.write("fine.txt", "new content\n"), .write(bad, "bad\n")])
            }
            #expect(error.kind == .invalidPath)
            #expect(try revParse("main", in: path) == head.hex)
            #expect(try objectIDs(in: path) == before)
        }
    }

    @Test func aPathChangedTwiceIsRefused() throws {
        try withRepository { repository, path in
            let error = try #require(throws: GitError.self) {
                try repository.append([.write("a.txt", "1\n"), .delete(path: "a.txt")])
            }
            #expect(error.kind == .invalidPath)
            #expect(try revParse("main", in: path) == nil)
        }
    }

    @Test func aStaleParentIsARaceLostAndWritesNothing() throws {
        try withRepository { repository, path in
            let first = try repository.append([.write("a.txt", "1\n")])
            let second = try repository.append([.write("a.txt", "2\n")])
            let before = try objectIDs(in: path)
            let error = try #require(throws: GitError.self) {
                try repository.commit(CommitRequest(ref: mainRef, parent: first, changes: [.write("a.txt", "3\n")],
                                                    author: alice, message: CommitMessage(subject: "Late")))
            }
            #expect(error.kind == .raceLost)
            #expect(try revParse("main", in: path) == second.hex)
            #expect(try objectIDs(in: path) == before)
        }
    }
}
