import Foundation
import GitStore
import GitTestSupport
import Testing

/// libgit2 has no gc: the store packs loose objects and merges small packs
/// itself, and must never lose an object doing so.
@Suite struct MaintenanceTests {
    /// Writes `count` commits, each changing one file, through `repository`.
    func writeCommits(_ count: Int, to repository: Repository, from start: ObjectID?) throws -> ObjectID? {
        var parent = start
        for step in 0..<count {
            parent = try repository.commit(CommitRequest(
                ref: mainRef, parent: parent, changes: [.write("files/\(step % 7)/f\(step).txt", "step \(step)\n")],
                author: alice, message: CommitMessage(subject: "Step \(step)")))
        }
        return parent
    }

    @Test func packingLooseObjectsKeepsEveryObject() throws {
        try withRepository { repository, path in
            let tip = try writeCommits(60, to: repository, from: nil)
            let before = try git("count-objects", "-v", in: path).stdout
            #expect(before.contains("count: 0") == false)
            let packed = try repository.packLooseObjects()
            #expect(packed >= 60 * 3)
            let after = try git("count-objects", "-v", in: path).stdout
            #expect(after.contains("count: 0\n"))
            #expect(after.contains("in-pack: \(packed)\n"))
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "60")
            #expect(try git("show", "main:files/3/f59.txt", in: path).stdout == "step 59\n")
            // The store keeps reading and appending after its objects moved.
            let more = try writeCommits(5, to: repository, from: tip)
            #expect(try repository.file("files/3/f59.txt", at: try #require(more)) == Array("step 59\n".utf8))
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
        }
    }

    @Test func smallPacksAreMergedIntoOne() throws {
        try withRepository { repository, path in
            var tip: ObjectID?
            // As many batches as packs are allowed before a flush merges them itself.
            for _ in 0..<Repository.packLimit {
                let batch = try Repository.open(at: path, mode: .batch)
                tip = try writeCommits(10, to: batch, from: tip)
                try batch.flush()
            }
            let packFiles = { () throws -> Int in
                try FileManager.default.contentsOfDirectory(atPath: path + "/objects/pack").filter { $0.hasSuffix(".pack") }.count
            }
            #expect(try packFiles() == Repository.packLimit)
            // Packs of about the same size break the geometric progression: all are merged.
            #expect(try repository.mergeSmallPacks() == Repository.packLimit)
            #expect(try packFiles() == 1)
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "\(10 * Repository.packLimit)")
        }
    }
}
