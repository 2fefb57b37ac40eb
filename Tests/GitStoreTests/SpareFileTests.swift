import Foundation
import GitStore
import GitTestSupport
import Testing

/// The direct write path frees no file: packed loose objects and a ref's previous
/// file are put aside in `accord/spares/` and written over by later commits, a
/// second after they were put aside. Every check of the record is made by git.
@Suite struct SpareFileTests {
    /// The inode number of each file directly in each of `folders`, by path.
    func inodes(under folders: [String]) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for folder in folders {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                let path = folder + "/" + name
                var status = stat()
                if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG { result[path] = UInt64(status.st_ino) }
            }
        }
        return result
    }

    func looseObjectFiles(_ path: String) -> [String: UInt64] {
        inodes(under: (0..<256).map { String(format: "%@/objects/%02x", path, $0) })
    }

    /// The batches of spares a packing put aside, waiting to be taken (named by the time they
    /// were put aside; not the new files a maker thread made, named `0-`).
    func spareBatches(_ path: String) -> [String] {
        let spares = path + "/accord/spares"
        return ((try? FileManager.default.contentsOfDirectory(atPath: spares)) ?? [])
            .filter { $0.first?.isNumber == true && !$0.hasPrefix("0-") }.map { spares + "/" + $0 }
    }

    func commitFiles(_ count: Int, from first: Int, to repository: Repository) throws {
        for step in first..<(first + count) {
            try repository.append([.write("amendments/\(step % 5)/A-\(step).yml", "id: A-\(step)\nstatus: tabled\n")], subject: "Table A-\(step)")
        }
    }

    @Test func packedLooseObjectsAreWrittenOverAfterASecond() throws {
        try withRepository { repository, path in
            // Fewer objects than make a writer start making files ahead (64).
            try commitFiles(10, from: 0, to: repository)
            let packed = looseObjectFiles(path)
            #expect(packed.count >= 10 * 4)
            #expect(try repository.packLooseObjects() == packed.count)
            #expect(looseObjectFiles(path).isEmpty)
            // The loose files now wait, whole, in one batch of spares.
            let batches = spareBatches(path)
            #expect(batches.count == 1)
            let waiting = Set(inodes(under: batches).values)
            #expect(waiting == Set(packed.values))

            // Within the second, new objects get files of their own.
            try commitFiles(1, from: 10, to: repository)
            let early = looseObjectFiles(path)
            #expect(!early.isEmpty && Set(early.values).isDisjoint(with: waiting))

            Thread.sleep(forTimeInterval: 1.2)
            try commitFiles(2, from: 11, to: repository)
            let late = looseObjectFiles(path).filter { early[$0.key] == nil }
            #expect(late.count >= 2 * 4)
            #expect(Set(late.values).isSubset(of: waiting), "written over the spares")
            for file in late.keys {
                let attributes = try FileManager.default.attributesOfItem(atPath: file)
                #expect((attributes[.posixPermissions] as? Int) == 0o444, "\(file) is read-only, as git makes objects")
            }

            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "13")
            for step in [0, 9, 10, 12] {
                #expect(try git("show", "main:amendments/\(step % 5)/A-\(step).yml", in: path).stdout == "id: A-\(step)\nstatus: tabled\n")
            }
            // git's own gc packs whatever Accord left, spares aside, and loses nothing.
            #expect(try git("gc", "--quiet", in: path).status == 0)
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "13")
        }
    }

    /// The number of a process that has run and exited.
    func goneProcess() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func whatACrashedWriterHeldIsGivenBackToTheSpares() throws {
        try withRepository { repository, path in
            try commitFiles(3, from: 0, to: repository)
            let spares = path + "/accord/spares"
            let gone = try goneProcess(), alive = getpid()
            // What writers held when they stopped: a claimed batch, a batch being filled and a
            // ref's new file of a process that is gone; a claimed batch and a file of one that runs.
            var held: [UInt64] = []
            for (name, files) in [("taken-\(gone).1-1", 3), ("filling-\(gone).1-2", 2), ("taken-\(alive).1-3", 2)] {
                try FileManager.default.createDirectory(atPath: "\(spares)/\(name)", withIntermediateDirectories: false)
                for file in 0..<files { try Data("old \(file)\n".utf8).write(to: URL(fileURLWithPath: "\(spares)/\(name)/\(file)")) }
                if !name.contains("\(alive)") { held += inodes(under: ["\(spares)/\(name)"]).values }
            }
            for name in ["pending-\(gone).1-4", "pending-\(alive).1-5"] {
                try Data("0000\n".utf8).write(to: URL(fileURLWithPath: "\(spares)/\(name)"))
            }
            held += inodes(under: [spares]).filter { $0.key.hasSuffix("pending-\(gone).1-4") }.values
            let batchesBefore = spareBatches(path)

            // A batch its writer still holds (a live writer the sweep cannot see, in another
            // process namespace) is left alone while it is locked.
            let lockedBatch = "\(spares)/taken-\(gone).1-6"
            try FileManager.default.createDirectory(atPath: lockedBatch, withIntermediateDirectories: false)
            let lock = open(lockedBatch, O_RDONLY | O_DIRECTORY)
            #expect(lock >= 0 && flock(lock, LOCK_EX) == 0)
            try Data("0000\n".utf8).write(to: URL(fileURLWithPath: "\(spares)/pending-\(gone).1-7"))
            #expect(link("\(spares)/pending-\(gone).1-7", "\(spares)/still-named-elsewhere") == 0)

            #expect(repository.sweepSpares() == 0, "nothing is taken that changed in the last ten minutes")
            #expect(repository.sweepSpares(untouchedFor: .zero) == 3)
            close(lock)
            #expect(FileManager.default.fileExists(atPath: "\(spares)/pending-\(gone).1-7"), "a file with another name stays")
            #expect(repository.sweepSpares(untouchedFor: .zero) == 1, "the batch once let go")
            let left = try FileManager.default.contentsOfDirectory(atPath: spares)
            #expect(left.contains("taken-\(alive).1-3") && left.contains("pending-\(alive).1-5"))
            #expect(left.filter { $0.contains("-\(gone).") } == ["pending-\(gone).1-7"])
            // Given back as ready spares: three batches (two whole, one empty), and one single file.
            let batches = spareBatches(path).filter { !batchesBefore.contains($0) }
            #expect(batches.count == 3)
            #expect(Set(inodes(under: batches + [spares + "/single"]).values).isSuperset(of: held))

            // A second later they are written over like any spare, and git finds the record sound.
            Thread.sleep(forTimeInterval: 1.2)
            try commitFiles(2, from: 3, to: repository)
            #expect(!Set(looseObjectFiles(path).values).isDisjoint(with: held))
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "5")
        }
    }

    @Test func aFileWithAnotherNameIsNeverWrittenOver() throws {
        try withRepository { repository, path in
            try commitFiles(12, from: 0, to: repository)
            // `git clone --local` shares loose objects with hard links: one such second name.
            let loose = looseObjectFiles(path)
            let shared = try #require(loose.keys.sorted().first)
            let elsewhere = path + "-shared-object"
            #expect(link(shared, elsewhere) == 0)
            defer { unlink(elsewhere) }
            let before = try Data(contentsOf: URL(fileURLWithPath: elsewhere))
            #expect(try repository.packLooseObjects() == loose.count)
            Thread.sleep(forTimeInterval: 1.2)
            // Enough commits to take every spare of the batch.
            try commitFiles(30, from: 12, to: repository)
            #expect(spareBatches(path).isEmpty, "the packing's batch was used up")
            #expect(try Data(contentsOf: URL(fileURLWithPath: elsewhere)) == before)
            var status = stat()
            #expect(lstat(elsewhere, &status) == 0 && status.st_nlink == 1, "the spare's own name was dropped")
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "42")
        }
    }

    @Test func aWriterWithoutSparesHasFilesMadeAheadOnAnotherCore() throws {
        try withRepository { repository, path in
            // Before any packing there is no spare: past 64 objects created in place, a thread
            // makes empty read-only files ahead, four batches of 256, ready at once.
            try commitFiles(20, from: 0, to: repository)
            let spares = path + "/accord/spares"
            var made: [String] = []
            for _ in 0..<500 where made.count < 4 {
                usleep(10_000)
                made = ((try? FileManager.default.contentsOfDirectory(atPath: spares)) ?? []).filter { $0.hasPrefix("0-") }
            }
            #expect(made.count == 4)
            #expect(inodes(under: made.map { spares + "/" + $0 }).count == 4 * 256)
            // With what is left of the batch the writer took (no packing made any other).
            let held = try FileManager.default.contentsOfDirectory(atPath: spares).filter { $0.hasPrefix("taken-") }
            let fresh = inodes(under: (made + held).map { spares + "/" + $0 })
            for file in fresh.keys.prefix(3) {
                let attributes = try FileManager.default.attributesOfItem(atPath: file)
                #expect((attributes[.size] as? Int) == 0 && (attributes[.posixPermissions] as? Int) == 0o444)
            }
            // The next objects are written over them.
            let before = Set(looseObjectFiles(path).values)
            try commitFiles(20, from: 20, to: repository)
            let written = Set(looseObjectFiles(path).values).subtracting(before)
            #expect(written.count >= 20 * 4)
            #expect(written.isSubset(of: Set(fresh.values)), "no file created in place any more")
            #expect(try git("fsck", "--strict", "--full", in: path).status == 0)
            #expect(try git("rev-list", "--count", "main", in: path).text == "40")
        }
    }

    @Test func aRefsPreviousFileIsKeptAsASpare() throws {
        try withRepository { repository, path in
            let first = try repository.append([.write("a.txt", "1\n")])
            let ref = path + "/refs/heads/main"
            let before = try #require(inodes(under: [path + "/refs/heads"])[ref])
            let second = try repository.append([.write("a.txt", "2\n")])
            #expect(try String(contentsOfFile: ref, encoding: .utf8) == second.hex + "\n")
            #expect((try FileManager.default.attributesOfItem(atPath: ref)[.posixPermissions] as? Int) == 0o644)
            // The replaced file lives on as a spare, still holding the value it had.
            let kept = inodes(under: [path + "/accord/spares/single"]).filter { $0.value == before }
            #expect(kept.count == 1)
            #expect(try kept.keys.first.map { try String(contentsOfFile: $0, encoding: .utf8) } == first.hex + "\n")
            #expect(try git("rev-parse", "main", in: path).text == second.hex)
            #expect(!FileManager.default.fileExists(atPath: ref + ".lock"))
        }
    }

    @Test func aRefOnlyInPackedRefsMovesAsGitMovesIt() throws {
        try withRepository { repository, path in
            try repository.append([.write("a.txt", "1\n")])
            #expect(try git("pack-refs", "--all", "--prune", in: path).status == 0)
            #expect(!FileManager.default.fileExists(atPath: path + "/refs/heads/main"))
            let second = try repository.append([.write("a.txt", "2\n")])
            let third = try repository.append([.write("a.txt", "3\n")])
            #expect(try git("rev-parse", "main", in: path).text == third.hex)
            #expect(try git("rev-parse", "main~1", in: path).text == second.hex)
            #expect(try git("fsck", "--strict", in: path).status == 0)
        }
    }

    @Test func aLoggedRefKeepsItsReflog() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/record.git"
            _ = try Repository.create(at: path, mode: .direct(durable: false))
            #expect(try git("config", "core.logAllRefUpdates", "always", in: path).status == 0)
            let repository = try Repository.open(at: path, mode: .direct(durable: false))
            try repository.append([.write("a.txt", "1\n")], subject: "First")
            try repository.append([.write("a.txt", "2\n")], subject: "Second")
            let log = try git("reflog", "show", "--format=%gs", "main", in: path)
            #expect(log.lines == ["Second", "First"])
        }
    }

    @Test func aLostRaceLeavesTheRefAndItsFileAlone() throws {
        try withRepository { repository, path in
            let first = try repository.append([.write("a.txt", "1\n")])
            let other = try Repository.open(at: path, mode: .direct(durable: false))
            let winner = try other.append([.write("a.txt", "other\n")])
            let ref = path + "/refs/heads/main"
            let inode = inodes(under: [path + "/refs/heads"])[ref]
            let error = #expect(throws: GitError.self) {
                try repository.commit(CommitRequest(ref: mainRef, parent: first, changes: [.write("a.txt", "late\n")],
                                                    author: alice, message: CommitMessage(subject: "Late")))
            }
            #expect(error?.kind == .raceLost)
            #expect(try String(contentsOfFile: ref, encoding: .utf8) == winner.hex + "\n")
            #expect(inodes(under: [path + "/refs/heads"])[ref] == inode)
            #expect(!FileManager.default.fileExists(atPath: ref + ".lock"))
        }
    }
}
