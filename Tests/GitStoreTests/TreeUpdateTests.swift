import Foundation
import Testing
import GitStore
import GitTestSupport

/// `commit(_:)` rewrites only the folders on the changed paths, as git would;
/// `predictedTreeID(applying:to:)` gives the same tree without writing it;
/// `firstParentLine(endingAt:)` is `git rev-list --first-parent --reverse`.
@Suite struct TreeUpdateTests {
    /// Predicts each commit's tree, then commits it: the prediction must be the tree git reads back.
    static func expectPredicted(_ changes: [FileChange], in repository: Repository, path: String,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let parent = try repository.reference(mainRef)
        let objectsBefore = try objectIDs(in: path)
        let predicted = try repository.predictedTreeID(applying: changes, to: parent)
        // The prediction writes nothing.
        #expect(try objectIDs(in: path) == objectsBefore, sourceLocation: sourceLocation)
        try repository.append(changes)
        #expect(predicted.hex == (try git("rev-parse", "main^{tree}", in: path).text), sourceLocation: sourceLocation)
    }

    @Test func predictsTheTreesCommitsWrite() throws {
        try withRepository { repository, path in
            // The first commit starts from the empty tree.
            try Self.expectPredicted([.write("accord.yml", "format: 1\n"), .write("workflows/a.yml", "a\n")], in: repository, path: path)
            // Names that sort differently as files and as folders: `foo-bar`, `foo.txt`, `foo/`, `foo0`.
            try Self.expectPredicted([.write("foo/inner.txt", "inner\n"), .write("foo.txt", "dot\n"),
                                      .write("foo-bar", "dash\n"), .write("foo0", "zero\n")], in: repository, path: path)
            // Deep new folders, a rewrite with the same bytes, a rewrite with new bytes.
            try Self.expectPredicted([.write("r/p/amendments/3f/A1/amendment.yml", "number: 1\n"),
                                      .write("foo.txt", "dot\n"), .write("accord.yml", "format: 2\n")], in: repository, path: path)
            try Self.expectPredicted([.write("r/p/amendments/3f/A1/votes/afccre.yml", "vote: for\n"),
                                      .write("r/p/amendments/3f/A2/amendment.yml", "number: 2\n")], in: repository, path: path)
            // Deleting the only file of folders removes them, up to the first folder that keeps an entry.
            try Self.expectPredicted([.delete(path: "r/p/amendments/3f/A1/votes/afccre.yml")], in: repository, path: path)
            #expect(try git("ls-tree", "-d", "main:r/p/amendments/3f/A1", in: path).text.isEmpty)
            // Deleting a whole folder, and a file.
            try Self.expectPredicted([.delete(path: "foo"), .delete(path: "foo0")], in: repository, path: path)
            // Emptying the record's only folder but one leaves the top folder.
            try Self.expectPredicted([.delete(path: "r")], in: repository, path: path)
            #expect(try git("ls-tree", "--name-only", "main", in: path).lines == ["accord.yml", "foo-bar", "foo.txt", "workflows"])
            // Nothing changed at all.
            try Self.expectPredicted([], in: repository, path: path)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    @Test func agreesWithGitOverRandomChanges() throws {
        try withRepository { repository, path in
            var generator = SystemRandomNumberGenerator()
            try repository.append([.write("seed.txt", "seed\n")])
            // Random writes and deletions in a small, crowded tree, so that folders appear and vanish.
            for round in 0..<60 {
                let parent = try #require(try repository.reference(mainRef))
                // Paths as they are, not quoted: some are not ASCII.
                let existing = try git("-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "main", in: path).lines
                var changes: [FileChange] = []
                var used = Set<String>()
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    if Bool.random(using: &generator), let victim = existing.randomElement(using: &generator), !used.contains(victim) {
                        used.insert(victim)
                        changes.append(.delete(path: victim))
                    } else {
                        // Names one the prefix of another, around `/` in git's order ("a" as a folder sorts as "a/").
                        let names = ["a", "a.b", "a-b", "a0", "ab", "é"]
                        let file = "d\(Int.random(in: 0..<3, using: &generator))/\(names.randomElement(using: &generator)!)/"
                            + "\(names.randomElement(using: &generator)!)"
                        guard !used.contains(file) else { continue }
                        used.insert(file)
                        changes.append(.write(file, "round \(round)\n"))
                    }
                }
                let predicted = try repository.predictedTreeID(applying: changes, to: parent)
                try repository.append(changes)
                #expect(predicted.hex == (try git("rev-parse", "main^{tree}", in: path).text), "\(changes)")
                // git's own index builds the same tree from the files it checks out.
                let index = ["GIT_INDEX_FILE": path + "/round.index"]
                try #require(try git(["read-tree", "main"], in: path, environment: index).status == 0)
                #expect(try git(["write-tree"], in: path, environment: index).text == predicted.hex, "\(changes)")
            }
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    @Test func keepsModesOfUntouchedFilesAndResetsRewrittenOnes() throws {
        try withRepository { repository, path in
            try repository.append([.write("a.sh", "echo a\n"), .write("b.sh", "echo b\n")])
            // Make both files executable with git itself, as someone outside Accord would.
            let index = ["GIT_INDEX_FILE": path + "/modes.index"]
            try #require(try git(["read-tree", "main"], in: path, environment: index).status == 0)
            for file in ["a.sh", "b.sh"] {
                let blob = try git("rev-parse", "main:\(file)", in: path).text
                try #require(try git(["update-index", "--cacheinfo", "100755,\(blob),\(file)"], in: path, environment: index).status == 0)
            }
            let tree = try git(["write-tree"], in: path, environment: index).text
            let commit = try git("commit-tree", tree, "-p", "main", "-m", "Executable", in: path, input: nil).text
            try #require(try git("update-ref", "refs/heads/main", commit, in: path).status == 0)
            // Rewriting a.sh with the same bytes makes it an ordinary file again; b.sh stays executable.
            try Self.expectPredicted([.write("a.sh", "echo a\n")], in: repository, path: path)
            #expect(try git("ls-tree", "main", in: path).lines.map { String($0.prefix(6)) } == ["100644", "100755"])
        }
    }

    @Test("changes whose outcome would be a guess are refused, and nothing is written", arguments: [
        [FileChange.delete(path: "missing.txt")],
        [FileChange.write("folder", "a file in place of a folder\n")],
        [FileChange.write("file.txt/inner", "inside a file\n")],
        [FileChange.write("new/a", "a\n"), FileChange.delete(path: "new")],
        [FileChange.delete(path: "folder"), FileChange.write("folder/inside.txt", "again\n")],
        [FileChange.delete(path: "file.txt"), FileChange.delete(path: "file.txt")],
        [FileChange.write("folder/x", "x\n"), FileChange.write("folder/x/y", "y\n")],
        [FileChange.write("../escape", "no\n")],
        [FileChange.write("twice", "1\n"), FileChange.write("twice", "2\n")],
        [FileChange.write("GIT~1/config", "NTFS's short name of .git\n")],
        [FileChange.write(".git./config", "Windows drops a final dot\n")],
        [FileChange.write("a/.git /config", "and a final space\n")],
        [FileChange.write(".git::$INDEX_ALLOCATION/config", "an NTFS stream of .git\n")],
        [FileChange.write(".g\u{200C}it/config", "macOS ignores the zero-width non-joiner\n")],
        // The first change alone would apply: nothing of it is written either.
        [FileChange.write("a-new-file.txt", "new\n"), FileChange.delete(path: "missing.txt")],
    ])
    func refusesGuesses(_ changes: [FileChange]) throws {
        try withRepository { repository, path in
            let parent = try repository.append([.write("folder/inside.txt", "in\n"), .write("file.txt", "file\n")])
            let objects = try objectIDs(in: path)
            #expect(throws: GitError.self) { try repository.predictedTreeID(applying: changes, to: parent) }
            let refusal = #expect(throws: GitError.self) { try repository.append(changes) }
            // The message names the path it refuses.
            #expect(changes.contains { refusal?.message.contains($0.path.split(separator: "/").last.map(String.init) ?? "") == true
                || refusal?.message.contains($0.path.split(separator: "/").first.map(String.init) ?? "") == true },
                    "\(String(describing: refusal))")
            #expect(try objectIDs(in: path) == objects)
            #expect(try repository.reference(mainRef) == parent)
        }
    }

    static func rawID(_ hex: String) -> Data {
        var bytes = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    @Test func firstParentLineIsGitsFirstParentHistory() throws {
        try withRepository { repository, path in
            for index in 0..<5 { try repository.append([.write("main.txt", "\(index)\n")]) }
            // A side branch merged with git: its commits are not on the first-parent line.
            try repository.append([.write("side.txt", "side\n")], ref: "refs/heads/side")
            try repository.append([.write("side.txt", "more\n")], ref: "refs/heads/side")
            let tree = try git("rev-parse", "main^{tree}", in: path).text
            let merge = try git("commit-tree", tree, "-p", "main", "-p", "side", "-m", "Merge", in: path, input: nil).text
            try #require(try git("update-ref", "refs/heads/main", merge, in: path).status == 0)
            try repository.append([.write("main.txt", "after\n")])
            let tip = try #require(try repository.reference(mainRef))
            let line = try repository.firstParentLine(endingAt: tip).map(\.hex)
            #expect(line == (try git("rev-list", "--first-parent", "--reverse", "main", in: path).lines))
            #expect(line.count == 7)
            #expect(line.last == tip.hex)
        }
    }
}
