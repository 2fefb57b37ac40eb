import Foundation
import Testing
import GitStore
import GitTestSupport

/// Batch mode: commits stay in memory until `flush()` writes one pack and moves the refs.
@Suite struct BatchTests {
    static func appendNumbered(_ repository: Repository, count: Int, tag: String) throws {
        for index in 0..<count {
            try repository.append([.write("batch/\(tag)-\(index % 10).txt", "\(tag) \(index)\n")], subject: "\(tag) \(index)")
        }
    }

    @Test func hundredCommitsBecomeVisibleAtFlush() throws {
        try withRepository { direct, path in
            let start = try direct.append([.write("a.txt", "a\n")], subject: "Start")
            let packsBefore = try FileManager.default.contentsOfDirectory(atPath: path + "/objects/pack")
            let batch = try Repository.open(at: path, mode: .batch)
            try Self.appendNumbered(batch, count: 100, tag: "one")
            #expect(batch.hasPendingWrites)
            #expect(try revParse("main", in: path) == start.hex)
            let pending = try #require(try batch.reference(mainRef))
            #expect(pending != start)
            #expect(try batch.file("batch/one-9.txt", at: pending) == Array("one 99\n".utf8))
            #expect(try batch.resolve("main") == pending)
            try batch.flush()
            #expect(!batch.hasPendingWrites)
            #expect(try revParse("main", in: path) == pending.hex)
            let packs = try FileManager.default.contentsOfDirectory(atPath: path + "/objects/pack")
            #expect(packs.contains { $0.hasSuffix(".pack") })
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "101")
            #expect(try git("show", "main:batch/one-9.txt", in: path).stdout == "one 99\n")
        }
    }

    @Test func abandonedBatchLeavesTheRecordAsItWas() throws {
        try withRepository { direct, path in
            let start = try direct.append([.write("a.txt", "a\n")], subject: "Start")
            let packsBefore = try FileManager.default.contentsOfDirectory(atPath: path + "/objects/pack")
            let batch = try Repository.open(at: path, mode: .batch)
            try Self.appendNumbered(batch, count: 30, tag: "dropped")
            let dropped = try #require(try batch.reference(mainRef))
            try batch.createTag("v-dropped", target: dropped, tagger: alice, message: "dropped\n")
            batch.abandonBatch()
            #expect(try git("cat-file", "-e", dropped.hex, in: path).status != 0, "never written to disk")
            #expect(!batch.hasPendingWrites)
            #expect(try batch.reference(mainRef) == start)
            #expect(try batch.tag("v-dropped") == nil)
            #expect(try batch.fileIfPresent("batch/dropped-0.txt", at: start) == nil)
            // Flushing now writes nothing; the next commits build on the record as it is.
            try batch.flush()
            #expect(try FileManager.default.contentsOfDirectory(atPath: path + "/objects/pack") == packsBefore)
            try Self.appendNumbered(batch, count: 3, tag: "kept")
            try batch.flush()
            #expect(try git("rev-list", "--count", "main", in: path).text == "4")
            #expect(try git("tag", "--list", in: path).text == "")
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("show", "main:batch/kept-2.txt", in: path).stdout == "kept 2\n")
        }
    }

    @Test func secondBatchBuildsOnTheFirstPack() throws {
        try withRepository { direct, path in
            try direct.append([.write("a.txt", "a\n")])
            let batch = try Repository.open(at: path, mode: .batch)
            try Self.appendNumbered(batch, count: 20, tag: "one")
            try batch.flush()
            try Self.appendNumbered(batch, count: 20, tag: "two")
            try batch.flush()
            #expect(try git("rev-list", "--count", "main", in: path).text == "41")
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            // A direct writer sees the batch's packed objects and continues from them.
            let reopened = try Repository.open(at: path, mode: .direct)
            try reopened.append([.write("batch/one-0.txt", "after\n")])
            #expect(try git("rev-list", "--count", "main", in: path).text == "42")
            #expect(try git("show", "main:batch/two-9.txt", in: path).stdout == "two 19\n")
        }
    }

    @Test func batchWithTagAndFreshRef() throws {
        try withRepository { _, path in
            let batch = try Repository.open(at: path, mode: .batch)
            let head = try batch.append([.write("a.txt", "a\n")], subject: "Root")
            try batch.createTag("v1", target: head, tagger: alice, message: "first\n")
            #expect(try batch.tag("v1")?.target == head)
            #expect(try revParse("main", in: path) == nil)
            try batch.flush()
            #expect(try revParse("v1", in: path) == head.hex)
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
        }
    }

    @Test func refMovedDuringTheBatchLosesTheRace() throws {
        try withRepository { direct, path in
            try direct.append([.write("a.txt", "a\n")])
            let batch = try Repository.open(at: path, mode: .batch)
            try Self.appendNumbered(batch, count: 5, tag: "batch")
            let other = try direct.append([.write("a.txt", "other writer\n")], subject: "Other")
            let error = try #require(throws: GitError.self) { try batch.flush() }
            #expect(error.kind == .raceLost)
            #expect(try revParse("main", in: path) == other.hex)
            #expect(try git("fsck", "--strict", in: path).status == 0)
            // The batch is dropped: a new one starts from the current tip.
            #expect(!batch.hasPendingWrites)
            try batch.append([.write("a.txt", "retried\n")])
            try batch.flush()
            #expect(try git("show", "main:a.txt", in: path).stdout == "retried\n")
        }
    }

    @Test func flushWithNothingPendingDoesNothing() throws {
        try withRepository { repository, _ in
            try repository.flush()
            let batch = try Repository.open(at: repository.gitDirectory, mode: .batch)
            try batch.flush()
            #expect(!batch.hasPendingWrites)
        }
    }
}
