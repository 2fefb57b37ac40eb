import Foundation
import Testing
import GitStore
import GitTestSupport

/// Commits written through the store, read back by the real `git`.
@Suite struct CommitTests {
    static let french = "Considérant l’article 3, « à l’unanimité », le cœur de l’œuvre est adopté.\n"

    @Test func commitsPassFsckAndShowAuthorSubjectAndTrailers() throws {
        try withRepository { repository, path in
            try repository.append([.write("resolution/text.md", "Draft\n")], subject: "Open the draft",
                                  trailers: [Trailer("Accord-Action", "open"), Trailer("Accord-Actor", "alice")])
            try repository.append([.write("resolution/text.md", Self.french)], subject: "Amend the text",
                                  trailers: [Trailer("Accord-Action", "amend"), Trailer("Accord-Actor", "bob")],
                                  author: bob, committer: alice)
            let fsck = try git("fsck", "--strict", in: path)
            #expect(fsck.status == 0, "\(fsck.stderr)")
            let log = try git("log", "--format=%an|%ae|%s|%(trailers:key=Accord-Action,valueonly)", in: path)
            #expect(log.lines == ["Bob Lefèvre|bob@example.org|Amend the text|amend",
                                  "Alice Martin|alice@example.org|Open the draft|open"])
            let actors = try git("log", "--format=%(trailers:key=Accord-Actor,valueonly,separator=)", in: path)
            #expect(actors.lines == ["bob", "alice"])
            let commit = try git("cat-file", "-p", "main", in: path)
            #expect(commit.stdout.contains("committer Alice Martin <alice@example.org> 1700000000 +0100"))
            #expect(commit.stdout.contains("author Bob Lefèvre <bob@example.org> 1700000600 -0500"))
        }
    }

    @Test func gitShowReturnsTheExactBytesAtNestedPaths() throws {
        try withRepository { repository, path in
            let binary: [UInt8] = [0, 1, 2, 0xFF, 0xFE, 10, 13]
            try repository.append([.write("a/b/c/d/deep.txt", Self.french), .write(path: "data/raw.bin", bytes: binary),
                                   .write("top.txt", "top\n")])
            #expect(try git("show", "main:a/b/c/d/deep.txt", in: path).stdout == Self.french)
            let raw = try git("cat-file", "-s", "main:data/raw.bin", in: path)
            #expect(raw.text == "\(binary.count)")
            let head = try #require(try repository.reference(mainRef))
            #expect(try repository.file("data/raw.bin", at: head) == binary)
            #expect(try repository.file("a/b/c/d/deep.txt", at: head) == Array(Self.french.utf8))
        }
    }

    @Test func eachCommitIsOnePackOfItsNewObjectsWithNothingLeftBehind() throws {
        try withRepository { repository, path in
            let large = String(repeating: "Considérant l’article 3. ", count: 4_000)
            try repository.append([.write("a/small.txt", Self.french), .write("b/c/large.txt", large)])
            #expect(try git("cat-file", "-p", "main:b/c/large.txt", in: path).stdout == large)
            try repository.append([.write("a/small.txt", "changed\n")])
            let objects = path + "/objects"
            let loose = try FileManager.default.contentsOfDirectory(atPath: objects).filter { $0.count == 2 }
            #expect(loose.isEmpty, "no loose object: \(loose)")
            let packFolder = objects + "/pack"
            let files = try FileManager.default.contentsOfDirectory(atPath: packFolder)
            // One pack and its index per commit, no temporary file.
            #expect(files.filter { $0.hasSuffix(".pack") }.count == 2)
            #expect(files.count == 4, "\(files)")
            var counts: [Int] = []
            for pack in files where pack.hasSuffix(".pack") {
                let listing = try git("verify-pack", "-v", packFolder + "/" + pack, in: path).lines
                counts.append(listing.filter { $0.count > 40 && ObjectID(hex: String($0.prefix(40))) != nil }.count)
            }
            // The first: two files, four folders (the top, a, b and b/c) and the commit;
            // the second: one file, two folders (the top and a) and the commit.
            #expect(counts.sorted() == [4, 7])
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
        }
    }

    @Test func deletingAFileRemovesItAndEmptyFolders() throws {
        try withRepository { repository, path in
            try repository.append([.write("keep.txt", "k\n"), .write("gone/only.txt", "x\n")])
            try repository.append([.delete(path: "gone/only.txt")])
            #expect(try git("ls-tree", "-r", "--name-only", "main", in: path).lines == ["keep.txt"])
            #expect(try git("show", "main:gone/only.txt", in: path).status != 0)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    @Test func firstCommitOnMainMakesPlainGitLogWork() throws {
        try withRepository { repository, path in
            try repository.append([.write("a.txt", "a\n")], subject: "First")
            #expect(try git("symbolic-ref", "HEAD", in: path).text == mainRef)
            let log = try git("log", "--format=%s", in: path)
            #expect(log.status == 0 && log.lines == ["First"])
        }
    }

    @Test func nonBareRepositoryGetsCommitsWithoutTouchingTheWorkTree() throws {
        try withRepository(bare: false) { repository, path in
            try repository.append([.write("a.txt", "a\n")], subject: "First")
            #expect(try git("rev-parse", "--is-bare-repository", in: path).lines == ["false"])
            #expect(try git("log", "--format=%s", in: path).lines == ["First"])
            #expect(!FileManager.default.fileExists(atPath: path + "/a.txt"))
        }
    }

    @Test func aLargeCommitIsWrittenAsOnePack() throws {
        try withRepository { repository, path in
            let first = try repository.commit(CommitRequest(ref: mainRef, parent: nil, changes: [.write("a.txt", "a\n")],
                                                            author: alice, message: CommitMessage(subject: "First")))
            let looseBefore = try git("count-objects", "-v", in: path).stdout
            let changes = (0..<150).map { FileChange.write("items/\($0 % 10)/item-\($0).yml", "n: \($0)\n") }
            let request = CommitRequest(ref: mainRef, parent: first, changes: changes, author: alice,
                                        message: CommitMessage(subject: "Tally", trailers: [Trailer("Accord-Action", "tally")]))
            let tally = try repository.commit(request)
            #expect(try repository.reference(mainRef) == tally)
            // No loose object: 150 files, 11 folders and the commit are in one new pack.
            #expect(try git("count-objects", "-v", in: path).stdout.split(separator: "\n").first
                    == looseBefore.split(separator: "\n").first)
            let packs = try FileManager.default.contentsOfDirectory(atPath: path + "/objects/pack").filter { $0.hasSuffix(".pack") }
            #expect(packs.count == 2, "one pack for each commit")
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("show", "main:items/7/item-137.yml", in: path).stdout == "n: 137\n")
            #expect(try git("log", "-1", "--format=%s|%(trailers:key=Accord-Action,valueonly,separator=)", "main", in: path).lines
                    == ["Tally|tally"])
            // The handle that wrote it reads it, and the same compare-and-swap guards it.
            #expect(try repository.file("items/3/item-13.yml", at: tally) == Array("n: 13\n".utf8))
            #expect(throws: GitError.self) { try repository.commit(request) }
            #expect(try repository.reference(mainRef) == tally)
        }
    }
}
