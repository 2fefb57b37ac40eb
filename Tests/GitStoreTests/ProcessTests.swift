import Foundation
import Testing
import GitStore
import GitTestSupport

/// Writers in separate processes, not threads: each has its own libgit2, its own mempack and its
/// own view of the packs, and they meet only in the repository's files.
///
/// The child writers are this test binary run again with `childWriter` selected, told what to do
/// by the environment: a process costs some 30 ms to start, not a whole `accord` per commit.
@Suite struct ProcessTests {
    /// `<repository> <writer number> <commits>`, set only in a child writer's environment.
    static let childVariable = "ACCORD_TEST_CHILD_WRITER"

    /// 8 processes × 60 commits, each a durable pack and a compare-and-swap of main, retried on
    /// every lost race: every commit lands exactly once, on a linear history that
    /// `git fsck --strict` finds sound. About 13 s.
    ///
    /// The issue's 8 × 200 takes 65 s on a quiet 2-core machine (every lost race has already
    /// written its pack, and Accord's background `git repack` runs beside the writers), too long
    /// for the suite: `ACCORD_PROCESS_TEST_COMMITS=200 swift test --filter ProcessTests` runs it.
    @Test func eightWriterProcessesCommitEveryChangeExactlyOnce() throws {
        try runWriters(8, commits: Int(ProcessInfo.processInfo.environment["ACCORD_PROCESS_TEST_COMMITS"] ?? "") ?? 60)
    }

    /// 4 processes × 40 commits where no `git` is on the search path: each writer merges the
    /// packs through libgit2 while the others write and read them, and loses nothing.
    @Test func writersWithoutGitMergeThePacksThroughLibgit2() throws {
        try runWriters(4, commits: 40, path: "/nonexistent") { path in
            let packs = try FileManager.default.contentsOfDirectory(atPath: path + "/objects/pack").filter { $0.hasSuffix(".pack") }
            #expect(packs.count <= 2 * Repository.packLimit, "\(packs.count) packs: the writers merged none")
        }
    }

    /// Runs `writers` child writers of `commits` commits each on a new record (with `PATH` set to
    /// `path` when given), then checks that every commit landed exactly once.
    func runWriters(_ writers: Int, commits: Int, path searchPath: String? = nil,
                    alsoCheck: (String) throws -> Void = { _ in }) throws {
        let executable = try #require(try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
                                      "this test runs its own binary again, found through /proc")
        try withTemporaryFolder { folder in
            let path = folder + "/record.git"
            let repository = try Repository.create(at: path)
            try repository.append([.write("start.txt", "0\n")], subject: "Start")
            var environment = ProcessInfo.processInfo.environment
            if let searchPath { environment["PATH"] = searchPath }
            let children = try (0..<writers).map { writer in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = ["--testing-library", "swift-testing", "--filter", "ProcessTests/childWriter"]
                process.environment = environment.merging([Self.childVariable: "\(path) \(writer) \(commits)"]) { $1 }
                let output = folder + "/writer-\(writer).txt"
                _ = FileManager.default.createFile(atPath: output, contents: nil)
                process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
                process.standardError = process.standardOutput
                try process.run()
                return (process, output)
            }
            for (child, output) in children {
                child.waitUntilExit()
                let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                #expect(child.terminationReason == .exit && child.terminationStatus == 0,
                        "a child writer ended with \(child.terminationStatus): \(printed.split(separator: "\n").filter { $0.contains("rror") }.joined(separator: "\n"))")
            }
            #expect(try git("rev-list", "--count", "main", in: path).text == String(1 + writers * commits))
            #expect(try git("rev-list", "--min-parents=2", "main", in: path).text.isEmpty, "the history is not linear")
            var subjects: [String: Int] = [:]
            for subject in try git("log", "--format=%s", "main", in: path).lines { subjects[subject, default: 0] += 1 }
            for writer in 0..<writers {
                for index in 1...commits {
                    #expect(subjects["Writer \(writer) commit \(index)"] == 1, "writer \(writer)'s commit \(index) landed \(subjects["Writer \(writer) commit \(index)"] ?? 0) times")
                }
            }
            #expect(try git("ls-tree", "-r", "--name-only", "main", "writers", in: path).lines.count == writers * commits)
            let fsck = try git("fsck", "--strict", in: path)
            #expect(fsck.status == 0, "\(fsck.stderr)")
            try alsoCheck(path)
        }
    }

    /// One child writer: `commits` commits of a file of its own each, on main wherever it is.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[Self.childVariable] != nil, "runs only as a child writer process"))
    func childWriter() throws {
        let task = try #require(ProcessInfo.processInfo.environment[Self.childVariable]).split(separator: " ").map(String.init)
        let repository = try Repository.open(at: task[0])
        let writer = task[1]
        for index in 1...(Int(task[2]) ?? 0) {
            try repository.appendRetrying([.write("writers/w\(writer)/\(index).txt", "\(writer) \(index)\n")],
                                          subject: "Writer \(writer) commit \(index)")
        }
    }
}
