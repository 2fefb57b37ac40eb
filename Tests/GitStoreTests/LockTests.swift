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

    /// What a writer killed while moving main leaves: main's lock file, and main named in the
    /// writers' lock file.
    static func makeLockOfAKilledWriter(_ path: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path + "/accord", withIntermediateDirectories: true)
        try Data("refs/heads/main\n".utf8).write(to: URL(fileURLWithPath: path + "/accord/refs.lock"))
        return try makeLock(path)
    }

    @Test func aRefLockLeftByAKilledWriterIsRemovedAndTheNextActionWorksAtOnce() throws {
        try withRepository { repository, path in
            try repository.append([.write("a.txt", "1\n")])
            let lock = try Self.makeLockOfAKilledWriter(path)
            let start = Date()
            let second = try repository.append([.write("a.txt", "2\n")])
            #expect(Date().timeIntervalSince(start) < 1)
            #expect(!FileManager.default.fileExists(atPath: lock))
            #expect(try revParse("main", in: path) == second.hex)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    /// git's own ref transactions take the same lock files, and `git update-ref --stdin` holds
    /// them from `prepare` to `commit` for as long as its caller likes: a writer that removed such
    /// a lock would break git's promise (its update then fails, or overwrites Accord's commit).
    @Test func aRefLockHeldByALiveGitTransactionIsNeverRemoved() throws {
        try withRepository { repository, path in
            let first = try repository.append([.write("a.txt", "1\n")])
            let second = try repository.append([.write("a.txt", "2\n")])
            // git prepares moving main back to the first commit, and holds main's lock meanwhile.
            let gitProcess = Process()
            gitProcess.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            gitProcess.arguments = ["-C", path, "update-ref", "--stdin"]
            let input = Pipe()
            gitProcess.standardInput = input
            gitProcess.standardOutput = FileHandle.nullDevice
            gitProcess.standardError = FileHandle.nullDevice
            try gitProcess.run()
            input.fileHandleForWriting.write(Data("start\nupdate refs/heads/main \(first.hex) \(second.hex)\nprepare\n".utf8))
            let lock = path + "/refs/heads/main.lock"
            let deadline = Date().addingTimeInterval(5)
            while !FileManager.default.fileExists(atPath: lock), Date() < deadline { usleep(5_000) }
            #expect(FileManager.default.fileExists(atPath: lock))
            let other = try Repository.open(at: path)
            #expect(throws: GitError.self) { try other.append([.write("b.txt", "3\n")]) }
            #expect(FileManager.default.fileExists(atPath: lock), "git's live lock was removed")
            input.fileHandleForWriting.write(Data("commit\n".utf8))
            try input.fileHandleForWriting.close()
            gitProcess.waitUntilExit()
            #expect(gitProcess.terminationStatus == 0, "git's prepared update failed")
            #expect(try revParse("main", in: path) == first.hex)
            // Once git is done, the next writer goes ahead at once.
            let third = try other.append([.write("b.txt", "3\n")])
            #expect(try revParse("main", in: path) == third.hex)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    /// A lock file no Accord writer left (a git killed mid-update) is reported, not removed.
    @Test func aRefLockNoWriterLeftIsReportedInWords() throws {
        try withRepository { repository, path in
            try repository.append([.write("a.txt", "1\n")])
            let lock = try Self.makeLock(path)
            let start = Date()
            #expect {
                try repository.append([.write("a.txt", "2\n")])
            } throws: { error in
                (error as? GitError)?.kind == .locked && "\(error)".contains("another program") && "\(error)".contains(lock)
            }
            #expect(Date().timeIntervalSince(start) < 2)
            #expect(FileManager.default.fileExists(atPath: lock))
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
