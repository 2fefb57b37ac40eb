import Foundation
import Testing
import GitStore
import GitTestSupport

/// Ref lock files name no owner. Accord's writers hold an `flock` on `accord/refs.lock` while
/// they move refs, so that a ref lock found while holding it can be told apart: it was left by a
/// writer that was killed (or belongs to git, which holds one for well under 100 ms).
@Suite struct LockTests {
    static func makeLock(_ path: String) throws -> String {
        let lock = path + "/refs/heads/main.lock"
        try FileManager.default.createDirectory(atPath: path + "/refs/heads", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: lock, contents: Data("0000000000000000000000000000000000000000\n".utf8))
        return lock
    }

    @Test func aRefLockLeftByAKilledWriterIsRemovedAndTheNextActionWorksAtOnce() throws {
        try withRepository { repository, path in
            try repository.append([.write("a.txt", "1\n")])
            let lock = try Self.makeLock(path)
            let start = Date()
            let second = try repository.append([.write("a.txt", "2\n")])
            #expect(Date().timeIntervalSince(start) < 1)
            #expect(!FileManager.default.fileExists(atPath: lock))
            #expect(try revParse("main", in: path) == second.hex)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    @Test func aWriterWaitsForTheWriterWhoseRefMoveIsUnderWay() throws {
        try withRepository { repository, path in
            try repository.append([.write("a.txt", "1\n")])
            // Another writer is moving refs: it holds the writers' lock and main's lock file.
            let holder = open(path + "/accord/refs.lock", O_RDWR | O_CREAT, 0o644)
            #expect(holder >= 0)
            #expect(flock(holder, LOCK_EX) == 0)
            let lock = try Self.makeLock(path)
            let finished = Atomic()
            let thread = Thread {
                let other = try? Repository.open(at: path)
                _ = try? other?.append([.write("b.txt", "2\n")])
                finished.set()
            }
            thread.start()
            usleep(300_000)
            // Its lock file is live: the waiting writer neither removed it nor went ahead.
            #expect(FileManager.default.fileExists(atPath: lock))
            #expect(!finished.isSet)
            try FileManager.default.removeItem(atPath: lock)
            close(holder)
            let deadline = Date().addingTimeInterval(10)
            while !finished.isSet, Date() < deadline { usleep(10_000) }
            #expect(finished.isSet)
            #expect(try git("show", "main:b.txt", in: path).text == "2")
        }
    }
}

/// A flag set by one thread and read by another.
final class Atomic: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
