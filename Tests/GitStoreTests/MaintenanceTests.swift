import Foundation
@testable import GitStore
import GitTestSupport
import Testing

/// libgit2 has no gc: the store writes packs itself, merges small ones, and
/// packs the loose objects git's own tools leave, and must never lose an
/// object doing so. Every check is made by the real git.
@Suite struct MaintenanceTests {
    /// Writes `count` commits, each changing one file, through `repository`.
    func writeCommits(_ count: Int, to repository: Repository, from start: ObjectID?, first: Int = 0, folders: Int = 7) throws -> ObjectID? {
        var parent = start
        for step in first..<(first + count) {
            parent = try repository.commit(CommitRequest(
                ref: mainRef, parent: parent, changes: [.write("files/\(step % folders)/f\(step).txt", "step \(step)\n")],
                author: alice, message: CommitMessage(subject: "Step \(step)")))
        }
        return parent
    }

    func packFiles(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path + "/objects/pack").filter { $0.hasSuffix(".pack") }
    }

    /// `git verify-pack -v` of every pack: its per-object lines, after checking each pack.
    func verifiedPackEntries(_ path: String) throws -> [[String]] {
        var entries: [[String]] = []
        for pack in try packFiles(path) {
            let output = try git("verify-pack", "-v", "objects/pack/" + pack, in: path)
            #expect(output.status == 0, "\(pack): \(output.stderr)")
            entries += output.lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
                .filter { $0.count >= 5 && $0[0].count == 40 }
        }
        return entries
    }

    @Test func packsThatPileUpAreMergedByGitWithoutLosingAnObject() throws {
        try withRepository { repository, path in
            let tip = try writeCommits(Repository.packLimit + 4, to: repository, from: nil)
            // A repack has been started in the background along the way; one more, waited for.
            try repository.maintainNow()
            // Geometric: the packs left form a progression (each at least twice the next), a few at most.
            #expect(try packFiles(path).count <= 3)
            #expect(!repository.needsMaintenance)
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "\(Repository.packLimit + 4)")
            #expect(try git("show", "main:files/3/f3.txt", in: path).text == "step 3")
            // The handle that wrote them goes on reading and writing after the packs it knew are gone.
            #expect(try repository.file("files/5/f19.txt", at: #require(tip)) == Array("step 19\n".utf8))
            _ = try writeCommits(1, to: repository, from: tip, first: 100)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    /// Where no `git` is on the search path, libgit2's pack builder merges the packs: the same
    /// objects, reachable or not, in fewer packs, read by the handle that knew the old ones too.
    @Test func whereGitIsAbsentLibgit2MergesThePacksWithoutLosingAnObject() throws {
        try withRepository { repository, path in
            let noGit = path + "/no-git-here"
            try FileManager.default.createDirectory(atPath: noGit, withIntermediateDirectories: true)
            let batch = try Repository.open(at: path, mode: .batch)
            for handle in [repository, batch] { handle.executableSearchPath = noGit + ":/nonexistent" }
            let tip = try #require(try writeCommits(Repository.packLimit - 1, to: repository, from: nil))
            // A batch that loses its race leaves a pack no ref reaches: its objects are kept too.
            try batch.commit(CommitRequest(ref: mainRef, parent: tip, changes: [.write("lost.txt", "lost\n")],
                                           author: bob, message: CommitMessage(subject: "Lost")))
            let last = try #require(try writeCommits(1, to: repository, from: tip, first: 50))
            #expect(throws: GitError.self) { try batch.flush() }
            #expect(try packFiles(path).count == Repository.packLimit + 1)
            #expect(repository.needsMaintenance)
            let before = try objectIDs(in: path)
            #expect(before.contains(try git("hash-object", "--stdin", in: path, input: "lost\n").text))

            try repository.maintainNow()
            #expect(try packFiles(path).count <= 3)
            #expect(!repository.needsMaintenance)
            #expect(try objectIDs(in: path) == before)
            #expect(try verifiedPackEntries(path).count == before.count)
            let fsck = try git("fsck", "--strict", "--full", in: path)
            #expect(fsck.status == 0, "\(fsck.stderr)")
            let fresh = try Repository.open(at: path)
            for step in [0, 7, Repository.packLimit - 2, 50] {
                let expected = Array("step \(step)\n".utf8)
                #expect(try repository.file("files/\(step % 7)/f\(step).txt", at: last) == expected)
                #expect(try fresh.file("files/\(step % 7)/f\(step).txt", at: last) == expected)
            }

            // Packs piling up again are merged as the commits land, with no call to maintainNow.
            fresh.executableSearchPath = noGit
            _ = try writeCommits(Repository.packLimit + 4, to: fresh, from: last, first: 100)
            #expect(try packFiles(path).count <= Repository.packLimit)
            #expect(try git("rev-list", "--count", "main", in: path).text == "\(2 * Repository.packLimit + 4)")
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    @Test func theGeometricChoiceMergesTheSmallPacksAndLeavesALargeOne() throws {
        try withTemporaryFolder { folder in
            let sizes = ["a": 10, "b": 12, "c": 30, "d": 5_000, "e": 11]
            for (name, size) in sizes {
                for suffix in [".pack", ".idx"] {
                    _ = FileManager.default.createFile(atPath: "\(folder)/pack-\(name)\(suffix)", contents: Data(count: size))
                }
            }
            #expect(Set(Repository.packsToMerge(in: folder + "/")) == ["pack-a", "pack-b", "pack-c", "pack-e"])
            _ = FileManager.default.createFile(atPath: folder + "/pack-c.keep", contents: nil)
            #expect(Set(Repository.packsToMerge(in: folder + "/")) == ["pack-a", "pack-b", "pack-e"])
        }
    }

    @Test func aBatchPackStoresEachVersionAsADeltaOfAnother() throws {
        try withRepository { repository, path in
            let batch = try Repository.open(at: path, mode: .batch)
            let paragraph = String(repeating: "Considérant que les collectivités locales accueillent. ", count: 40)
            var parent: ObjectID?
            for step in 0..<50 {
                parent = try batch.commit(CommitRequest(ref: mainRef, parent: parent,
                                                        changes: [.write("text.md", paragraph + "Version \(step).\n")],
                                                        author: alice, message: CommitMessage(subject: "Step \(step)")))
            }
            try batch.flush()
            let entries = try verifiedPackEntries(path)
            let blobs = entries.filter { $0[1] == "blob" }
            #expect(blobs.count == 50)
            // `verify-pack -v` gives a delta's depth and base as two more columns.
            #expect(blobs.filter { $0.count >= 7 }.count >= 45, "most versions are deltas")
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
        }
    }

    @Test func gitsLooseObjectsArePackedToo() throws {
        try withRepository { repository, path in
            try repository.append([.write("a.txt", "a\n")])
            for index in 0..<5 {
                #expect(try git("hash-object", "-w", "--stdin", in: path, input: "loose \(index)\n").status == 0)
            }
            #expect(try git("count-objects", in: path).text.hasPrefix("5 objects"))
            try repository.maintainNow()
            #expect(try git("count-objects", in: path).text.hasPrefix("0 objects"))
            #expect(try git("cat-file", "-e", try git("hash-object", "--stdin", in: path, input: "loose 3\n").text, in: path).status == 0)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }
}
