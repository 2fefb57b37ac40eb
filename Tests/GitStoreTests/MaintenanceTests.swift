import Foundation
import GitStore
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

    @Test func looseObjectsArePackedWithEachFolderVersionAsADelta() throws {
        try withRepository { repository, path in
            let tip = try writeCommits(120, to: repository, from: nil)
            let packed = try repository.packLooseObjects()
            #expect(packed >= 120 * 4)
            #expect(try git("count-objects", "-v", in: path).stdout.contains("count: 0\n"))
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "120")
            #expect(try git("show", "main:files/6/f118.txt", in: path).stdout == "step 118\n")
            // Older versions of the changed folders are stored as deltas of newer ones.
            let entries = try verifiedPackEntries(path)
            let deltas = entries.filter { $0.count == 7 }
            #expect(deltas.count > 200, "\(deltas.count) deltas among \(entries.count) objects")
            #expect(deltas.allSatisfy { Int($0[5])! <= 50 }, "no delta chain longer than git's default depth")
            // The current version of the top folder is whole: the one read most.
            let top = try git("rev-parse", "main^{tree}", in: path).text
            #expect(entries.first { $0[0] == top }?.count == 5)
            #expect(try repository.file("files/6/f118.txt", at: try #require(tip)) == Array("step 118\n".utf8))
        }
    }

    @Test func aBatchPackStoresEachFolderVersionAsADelta() throws {
        try withRepository { repository, path in
            // A folder of 200 files, then 300 commits that each change one of them.
            let seed = try repository.commit(CommitRequest(
                ref: mainRef, parent: nil, changes: (0..<200).map { .write("big/file-\($0).txt", "version 0 of \($0)\n") },
                author: alice, message: CommitMessage(subject: "Seed")))
            let batch = try Repository.open(at: path, mode: .batch)
            var parent = seed
            for step in 1...300 {
                parent = try batch.commit(CommitRequest(
                    ref: mainRef, parent: parent, changes: [.write("big/file-\(step % 200).txt", "version \(step)\n")],
                    author: alice, message: CommitMessage(subject: "Step \(step)")))
            }
            try batch.flush()
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            let folderSize = try #require(Int(try git("cat-file", "-s", "main:big", in: path).text))
            let entries = try verifiedPackEntries(path)
            let folders = try git("rev-list", "--objects", "main", in: path).lines.filter { $0.hasSuffix(" big") }.map { String($0.prefix(40)) }
            #expect(folders.count == 301)
            let inPack = folders.compactMap { id in entries.first { $0[0] == id } }.filter { $0[1] == "tree" }
            let stored = inPack.reduce(0) { $0 + Int($1[3])! }
            // Stored whole, 300 versions of an 8 KB folder would take over 2 MB.
            #expect(folderSize > 6_000)
            #expect(stored < 300 * folderSize / 20, "300 versions of a \(folderSize)-byte folder stored in \(stored) bytes")
            for step in [1, 150, 300] {
                #expect(try git("show", "main~\(300 - step):big/file-\(step % 200).txt", in: path).stdout == "version \(step)\n")
            }
        }
    }

    @Test func gitsLooseObjectsArePackedAndKept() throws {
        try withRepository { repository, path in
            let tip = try writeCommits(5, to: repository, from: nil)
            // git's own tools write loose objects into the record too.
            var written: [(ObjectID, String)] = []
            for number in 0..<60 {
                let text = "loose \(number) — « à l’œuvre »\n"
                let id = try #require(ObjectID(hex: try git("hash-object", "-w", "--stdin", in: path, input: text).text))
                written.append((id, text))
            }
            #expect(try repository.packLooseObjects() >= 60 + 5 * 4)
            #expect(try git("count-objects", "-v", in: path).stdout.contains("count: 0\n"))
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            for (id, text) in written {
                #expect(try git("cat-file", "-p", id.hex, in: path).stdout == text)
                #expect(try repository.blob(id) == Array(text.utf8))
            }
            // The store keeps reading and appending after its objects moved.
            let more = try writeCommits(5, to: repository, from: tip, first: 5)
            #expect(try repository.file("files/3/f3.txt", at: try #require(more)) == Array("step 3\n".utf8))
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
        }
    }

    @Test func smallPacksAreMergedIntoOne() throws {
        try withRepository { repository, path in
            var tip: ObjectID?
            // As many batches as packs are allowed before a flush merges them itself.
            for round in 0..<Repository.packLimit {
                let batch = try Repository.open(at: path, mode: .batch)
                tip = try writeCommits(10, to: batch, from: tip, first: 10 * round)
                try batch.flush()
            }
            #expect(try packFiles(path).count == Repository.packLimit)
            // Packs of about the same size break the geometric progression: all are merged.
            #expect(try repository.mergeSmallPacks() == Repository.packLimit)
            #expect(try packFiles(path).count == 1)
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "\(10 * Repository.packLimit)")
        }
    }

    @Test func largePacksAreMergedByCopyingTheirEntries() throws {
        try withRepository { repository, path in
            var tip: ObjectID?
            // Enough objects that the merge copies entries instead of re-encoding them.
            for round in 0...Repository.packLimit {
                let batch = try Repository.open(at: path, mode: .batch)
                tip = try writeCommits(60, to: batch, from: tip, first: 60 * round, folders: 40)
                try batch.flush()
            }
            let packs = try packFiles(path)
            #expect(packs.count < Repository.packLimit)
            let entries = try verifiedPackEntries(path)
            #expect(entries.count > 2_000)
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "\(60 * (Repository.packLimit + 1))")
            #expect(try repository.file("files/5/f45.txt", at: try #require(tip)) == Array("step 45\n".utf8))
            #expect(try repository.file("files/19/f1019.txt", at: try #require(tip)) == Array("step 1019\n".utf8))
        }
    }

    @Test func packsHoldingTheSameObjectsMergeIntoOneCopy() throws {
        try withRepository { repository, path in
            let tip = try writeCommits(30, to: repository, from: nil)
            try repository.packLooseObjects()
            // `git repack -a` without `-d` leaves a second copy of every object.
            #expect(try git("repack", "-a", "-q", in: path).status == 0)
            let before = try packFiles(path).count
            #expect(before >= 2)
            #expect(try repository.mergeSmallPacks() >= 2)
            #expect(try packFiles(path).count < before)
            let entries = try verifiedPackEntries(path)
            #expect(Set(entries.map { $0[0] }).count == entries.count, "every object once")
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try repository.file("files/1/f29.txt", at: try #require(tip)) == Array("step 29\n".utf8))
        }
    }

    @Test func largePacksHoldingTheSameObjectsAreNotConcatenated() throws {
        try withRepository { repository, path in
            var tip: ObjectID?
            for round in 0..<3 {
                let batch = try Repository.open(at: path, mode: .batch)
                tip = try writeCommits(400, to: batch, from: tip, first: 400 * round, folders: 40)
                try batch.flush()
            }
            // A second copy of every object, in one more pack: too many objects to re-encode
            // cheaply, so only the check for shared objects keeps the merge from copying both.
            #expect(try git("repack", "-a", "-q", in: path).status == 0)
            let before = try packFiles(path).count
            #expect(try verifiedPackEntries(path).count > 2 * 2_000)
            #expect(try repository.mergeSmallPacks() >= 2)
            #expect(try packFiles(path).count < before)
            let entries = try verifiedPackEntries(path)
            #expect(Set(entries.map { $0[0] }).count == entries.count, "every object once")
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try repository.file("files/39/f1199.txt", at: try #require(tip)) == Array("step 1199\n".utf8))
        }
    }

    @Test func aMergeThatRewritesAnotherWritersMergeKeepsIt() throws {
        try withRepository { repository, path in
            var tip: ObjectID?
            for round in 0..<5 {
                let batch = try Repository.open(at: path, mode: .batch)
                tip = try writeCommits(8, to: batch, from: tip, first: 8 * round)
                try batch.flush()
            }
            // Another writer merges these packs first; this one still sees them
            // beside that writer's result, so its merge writes the same pack again.
            let folder = path + "/objects/pack", saved = path + "/saved"
            try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: false)
            let sources = try FileManager.default.contentsOfDirectory(atPath: folder)
            for file in sources { try FileManager.default.linkItem(atPath: "\(folder)/\(file)", toPath: "\(saved)/\(file)") }
            let other = try Repository.open(at: path, mode: .direct(durable: false))
            #expect(try other.mergeSmallPacks() == 5)
            let merged = try packFiles(path)
            #expect(merged.count == 1)
            for file in sources { try FileManager.default.linkItem(atPath: "\(saved)/\(file)", toPath: "\(folder)/\(file)") }
            #expect(try repository.mergeSmallPacks() == 6)
            #expect(try packFiles(path) == merged)
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try repository.file("files/4/f39.txt", at: try #require(tip)) == Array("step 39\n".utf8))
        }
    }
}
