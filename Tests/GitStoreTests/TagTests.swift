import Foundation
import Testing
import GitStore
import GitTestSupport

/// Annotated tags mark adopted versions; git must see real tag objects.
@Suite struct TagTests {
    @Test func createReadBackAndSeenByGit() throws {
        try withRepository { repository, path in
            let head = try repository.append([.write("a.txt", "a\n")])
            let tagID = try repository.createTag("adopted-2024-01", target: head, tagger: bob, message: "Adopted « à l’unanimité »\n")
            let tag = try #require(try repository.tag("adopted-2024-01"))
            #expect(tag.target == head)
            #expect(tag.tagger == bob)
            #expect(tag.message == "Adopted « à l’unanimité »\n")
            #expect(try git("tag", "-l", in: path).lines == ["adopted-2024-01"])
            #expect(try git("cat-file", "-t", "adopted-2024-01", in: path).text == "tag")
            #expect(try git("rev-parse", "refs/tags/adopted-2024-01", in: path).text == tagID.hex)
            #expect(try repository.resolve("adopted-2024-01") == head)
            #expect(try repository.references(withPrefix: "refs/tags/") == ["refs/tags/adopted-2024-01"])
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    @Test func duplicateNameIsRefused() throws {
        try withRepository { repository, path in
            let head = try repository.append([.write("a.txt", "a\n")])
            let first = try repository.createTag("v1", target: head, tagger: alice, message: "one\n")
            let error = try #require(throws: GitError.self) {
                try repository.createTag("v1", target: head, tagger: alice, message: "two\n")
            }
            #expect(error.kind == .alreadyExists)
            #expect(try git("rev-parse", "refs/tags/v1", in: path).text == first.hex)
        }
    }

    @Test func invalidNameAndMissingTag() throws {
        try withRepository { repository, _ in
            let head = try repository.append([.write("a.txt", "a\n")])
            let error = try #require(throws: GitError.self) {
                try repository.createTag("bad..name", target: head, tagger: alice, message: "x\n")
            }
            #expect(error.kind == .invalidPath)
            #expect(try repository.tag("nope") == nil)
        }
    }
}

/// A commit and its tag move in one ref transaction: both land or neither does.
@Suite struct TaggedCommitTests {
    func request(parent: ObjectID?, tag: String) -> CommitRequest {
        var request = CommitRequest(ref: mainRef, parent: parent, changes: [.write("adopted.md", "Adopted.\n")],
                                    author: alice, message: CommitMessage(subject: "Adopt"))
        request.tag = (tag, "Adopted text\n")
        return request
    }

    @Test func commitAndTagLandTogether() throws {
        try withRepository { repository, path in
            let commit = try repository.commit(request(parent: nil, tag: "res/adopted"))
            #expect(try git("rev-parse", "main", in: path).text == commit.hex)
            #expect(try git("cat-file", "-t", "res/adopted", in: path).text == "tag")
            #expect(try git("rev-parse", "res/adopted^{commit}", in: path).text == commit.hex)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    @Test func aTakenTagStopsTheCommitToo() throws {
        try withRepository { repository, path in
            let first = try repository.commit(CommitRequest(ref: mainRef, parent: nil, changes: [.write("a", "a\n")],
                                                            author: alice, message: CommitMessage(subject: "First")))
            try git("tag", "res/adopted", "main", in: path)
            #expect(throws: GitError.self) { try repository.commit(request(parent: first, tag: "res/adopted")) }
            #expect(try git("rev-parse", "main", in: path).text == first.hex)
        }
    }
}
