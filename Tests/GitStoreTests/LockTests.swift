import Foundation
import Testing
import GitStore

/// A lock file left by a crash is reported clearly, never silently removed.
@Suite struct LockTests {
    static func makeLock(_ path: String, ageSeconds: Double) throws -> String {
        let lock = path + "/refs/heads/main.lock"
        try FileManager.default.createDirectory(atPath: path + "/refs/heads", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: lock, contents: Data())
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-ageSeconds)], ofItemAtPath: lock)
        return lock
    }

    @Test func staleLockIsReportedWithTheFileToRemove() throws {
        try withRepository { repository, path in
            let head = try repository.append([.write("a.txt", "1\n")])
            let lock = try Self.makeLock(path, ageSeconds: 60)
            let start = Date()
            let error = try #require(throws: GitError.self) { try repository.append([.write("a.txt", "2\n")]) }
            #expect(error.kind == .locked)
            #expect(error.message.contains(lock))
            #expect(error.message.contains("remove"))
            #expect(Date().timeIntervalSince(start) < 1, "a stale lock is reported at once")
            #expect(FileManager.default.fileExists(atPath: lock), "never removed automatically")
            #expect(try revParse("main", in: path) == head.hex)
            try FileManager.default.removeItem(atPath: lock)
            try repository.append([.write("a.txt", "2\n")])
        }
    }

    @Test func freshLockIsReportedAsBusyAfterWaiting() throws {
        try withRepository { repository, path in
            try repository.append([.write("a.txt", "1\n")])
            let lock = try Self.makeLock(path, ageSeconds: 0)
            let error = try #require(throws: GitError.self) { try repository.append([.write("a.txt", "2\n")]) }
            #expect(error.kind == .locked)
            #expect(error.message.contains("stayed locked"))
            #expect(FileManager.default.fileExists(atPath: lock))
        }
    }
}
