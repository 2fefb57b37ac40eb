import Foundation
import GitStore
import Resolutions

/// `accord-bench store`: commits per second of the record store against git's own tools.
///
/// Every run starts from a fresh bare repository holding one commit of `files`
/// small files sharded as amendments are (`amendments/<2 hex>/A-<n>.yml`), then
/// appends commits that each rewrite one file, with trailers, moving
/// `refs/heads/main` by compare-and-swap. Only the appending is timed.
enum StoreBenchmark {
    struct Options {
        var commits = 10_000
        var cliCommits = 1_000
        var files = 10_000
        /// Where the run's repositories are made (a new temporary folder).
        var folder = ""
        /// Runs only the measures whose keys are listed (for profiling one of them).
        var only: Set<String> = []
        var script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/bench-git-cli.sh").standardizedFileURL.path
    }

    /// One measured way of writing: its name, its durability, commits written and seconds spent.
    struct Measure {
        let key: String
        let name: String
        let durable: Bool
        let commits: Int
        let seconds: Double
        var rate: Double { Double(commits) / seconds }
    }

    static func run(_ arguments: [String]) -> Int32 {
        guard var options = parse(arguments) else {
            print("usage: accord-bench store [--commits N] [--cli-commits N] [--files N] [--script PATH] [--only KEY,…]")
            return 2
        }
        // The measures' repositories, in one folder removed at the end.
        options.folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: options.folder) }
        do {
            try measureAll(options)
            return 0
        } catch {
            print("accord-bench store failed: \(error)")
            return 1
        }
    }

    static func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { return nil }
            switch flag {
            case "--commits": guard let n = Int(value), n > 0 else { return nil }; options.commits = n
            case "--cli-commits": guard let n = Int(value), n > 0 else { return nil }; options.cliCommits = n
            case "--files": guard let n = Int(value), n > 0 else { return nil }; options.files = n
            case "--script": options.script = value
            case "--only": options.only = Set(value.split(separator: ",").map(String.init))
            default: return nil
            }
        }
        return options
    }

    static func measureAll(_ options: Options) throws {
        let n = options.commits, cli = min(options.cliCommits, options.commits)
        print("store benchmark: \(options.files) sharded files, \(n) commits of one file each (git CLI: \(cli) commits, it is slow)")
        var results: [Measure] = []
        func record(_ measure: @autoclosure () throws -> Measure, _ key: String) rethrows {
            guard options.only.isEmpty || options.only.contains(key) else { return }
            let measure = try measure()
            results.append(measure)
            print("  " + padded(measure.name, 58) + String(format: "%8.0f commits/s  (%d in %.2f s)", measure.rate, measure.commits, measure.seconds))
        }
        try record(measureStore("durable", "store .direct (each commit one pack, fsynced)", mode: .direct, options), "durable")
        try record(measureStore("batch100", "store .batch, flush every 100", mode: .batch, flushEvery: 100, options), "batch100")
        try record(measureStore("batch1000", "store .batch, flush every 1000", mode: .batch, flushEvery: 1000, options), "batch1000")
        // The shape of fast-import's one stream: every commit in memory, one pack at the end.
        try record(measureStore("batch_all", "store .batch, one flush at the end", mode: .batch, flushEvery: options.commits, options), "batch_all")
        try record(measureCLI("cli_fsync", "git CLI plumbing, -c core.fsync=all", options: "-c core.fsync=all", commits: cli, options), "cli_fsync")
        try record(measureFastImport("fast_import", "git fast-import, one stream, core.fsync=all", options), "fast_import")
        var latency: NeighbourLatency?
        if options.only.isEmpty || options.only.contains("neighbour") {
            let measured = try measureLatencyBesideALargeWriter(options)
            print("  single durable commits while another process writes 400 MB files to the same file system:")
            print("    " + padded("store .direct", 56) + String(format: "p50 %6.1f ms  p99 %6.1f ms", measured.store.p50, measured.store.p99))
            print("    " + padded("git add + git commit, core.fsync=all", 56) + String(format: "p50 %6.1f ms  p99 %6.1f ms", measured.git.p50, measured.git.p99))
            latency = measured
        }

        let rate = Dictionary(uniqueKeysWithValues: results.map { ($0.key, $0.rate) })
        func ratio(_ a: String, _ b: String) -> Double { (rate[a] ?? 0) / max(rate[b] ?? 1, 1e-9) }
        let ratios: [(String, String, String)] = [
            ("durable_vs_cli_fsync", "durable", "cli_fsync"),
            ("batch100_vs_fast_import", "batch100", "fast_import"), ("batch1000_vs_fast_import", "batch1000", "fast_import"),
            ("batch_all_vs_fast_import", "batch_all", "fast_import"),
        ]
        print("ratios (all durable):")
        for (key, a, b) in ratios { print("  " + padded(key, 28) + String(format: "%6.2f×", ratio(a, b))) }
        var targets = [
            ("durable >= 1.5x git CLI with core.fsync=all", ratio("durable", "cli_fsync") >= 1.5),
            ("batch >= 2000 durable commits/s", max(rate["batch100"] ?? 0, rate["batch1000"] ?? 0) >= 2000),
            ("batch of 1,000 >= 70% of fast-import", ratio("batch1000", "fast_import") >= 0.7),
            ("one batch, as fast-import's one stream, >= 70% of it", ratio("batch_all", "fast_import") >= 0.7),
        ]
        if let latency { targets.append(("p99 beside a large writer <= 1.5x git's", latency.store.p99 <= 1.5 * latency.git.p99)) }
        print("targets:")
        for (name, met) in targets { print("  \(met ? "met   " : "MISSED") \(name)") }
        var fields = ["commits=\(n)", "cli_commits=\(cli)", "files=\(options.files)"]
            + results.map { "\($0.key)=\(Int($0.rate.rounded()))" }
            + ratios.map { String(format: "%@=%.2f", $0.0 as NSString, ratio($0.1, $0.2)) }
        if let latency {
            fields += [String(format: "neighbour_store_p50_ms=%.1f neighbour_store_p99_ms=%.1f neighbour_git_p50_ms=%.1f neighbour_git_p99_ms=%.1f",
                              latency.store.p50, latency.store.p99, latency.git.p50, latency.git.p99)]
        }
        print("RESULT " + fields.joined(separator: " "))
    }

    /// Latencies of single durable commits, the store's and git's, taken in turns.
    struct NeighbourLatency {
        var store: Percentiles
        var git: Percentiles
    }

    struct Percentiles {
        let p50: Double
        let p99: Double
        init(_ milliseconds: [Double]) {
            let sorted = milliseconds.sorted()
            p50 = sorted[sorted.count / 2]
            p99 = sorted[min(sorted.count - 1, Int((Double(sorted.count) * 0.99).rounded(.up)) - 1)]
        }
    }

    /// What a durable action costs while a neighbour on the same disk writes large files (a
    /// backup, a video export): each flush must then not wait for the neighbour's data. A `dd`
    /// loop writes 400 MB files beside the repositories while single commits of the store and
    /// `git add` + `git commit` with `core.fsync=all` (in a work tree of its own) take turns.
    static func measureLatencyBesideALargeWriter(_ options: Options, rounds: Int = 200) throws -> NeighbourLatency {
        try withSeededRepository(options) { path, root in
            let work = options.folder + "/git-work"
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            try ProcedureBenchmark.timedRun("/usr/bin/git", ["-C", work, "init", "-q"])
            let neighbour = Process()
            neighbour.executableURL = URL(fileURLWithPath: "/bin/sh")
            neighbour.arguments = ["-c", "while :; do dd if=/dev/zero of='\(options.folder)/large' bs=1M count=400 status=none; done"]
            try neighbour.run()
            defer {
                neighbour.terminate()
                neighbour.waitUntilExit()
                try? FileManager.default.removeItem(atPath: options.folder + "/large")
            }
            Thread.sleep(forTimeInterval: 1)
            let repository = try Repository.open(at: path, mode: .direct)
            var parent = root
            var store: [Double] = [], git: [Double] = []
            let environment = ["GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
                               "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"]
            for step in 0..<rounds {
                let number = step % options.files
                let start = Date()
                parent = try repository.commit(CommitRequest(
                    ref: "refs/heads/main", parent: parent, changes: [.write(filePath(number), content(number, step: step))],
                    author: author, message: message(number, step: step)))
                store.append(Date().timeIntervalSince(start) * 1000)
                try content(number, step: step).write(toFile: work + "/amendment.yml", atomically: false, encoding: .utf8)
                // Timed by `waitpid`, as the store's commit is timed in-process (Foundation's `Process`
                // notices an exit by polling); nothing is flushed before either.
                let seconds = try ProcedureBenchmark.timedRun("/usr/bin/git", ["-C", work, "-c", "core.fsync=all", "add", "amendment.yml"],
                                                              environment: environment, syncFirst: false)
                    + ProcedureBenchmark.timedRun("/usr/bin/git", ["-C", work, "-c", "core.fsync=all", "commit", "-q", "-m", "Amend A-\(number)"],
                                                  environment: environment, syncFirst: false)
                git.append(seconds * 1000)
            }
            return NeighbourLatency(store: Percentiles(store), git: Percentiles(git))
        }
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    // MARK: The workload

    static let author = Signature(name: "Bench", email: "bench@example.org", date: Date(timeIntervalSince1970: 1_700_000_000))
    static func filePath(_ number: Int) -> String { Shard.path(for: "A-\(number)", in: "amendments", suffix: ".yml") }
    static func content(_ number: Int, step: Int) -> String { "id: A-\(number)\nstatus: amended\nrevision: \(step)\n" }
    static func message(_ number: Int, step: Int) -> CommitMessage {
        CommitMessage(subject: "Amend A-\(number)", trailers: [Trailer("Accord-Action", "amend"), Trailer("Accord-Step", "\(step)")])
    }

    /// A new bare repository in the run's folder holding the initial tree (removed with the folder).
    static func withSeededRepository<T>(_ options: Options, _ body: (String, ObjectID) throws -> T) throws -> T {
        let path = options.folder + "/\(UUID().uuidString).git"
        // Seeded as one pack (a batch), as a record that has been packed looks;
        // 10,000 loose files would mostly measure the file system.
        let root = try {
            let seed = try Repository.create(at: path, mode: .batch)
            let changes = (0..<options.files).map { FileChange.write(filePath($0), "id: A-\($0)\nstatus: draft\n") }
            let root = try seed.commit(CommitRequest(ref: "refs/heads/main", parent: nil, changes: changes, author: author,
                                                     message: CommitMessage(subject: "Seed \(options.files) amendments")))
            try seed.flush()
            return root
        }()
        return try body(path, root)
    }

    static func measureStore(_ key: String, _ name: String, mode: Repository.WriteMode, flushEvery: Int = 0,
                             _ options: Options) throws -> Measure {
        try withSeededRepository(options) { path, root in
            let repository = try Repository.open(at: path, mode: mode)
            var parent = root
            let start = Date()
            for step in 0..<options.commits {
                let number = step % options.files
                parent = try repository.commit(CommitRequest(
                    ref: "refs/heads/main", parent: parent, changes: [.write(filePath(number), content(number, step: step))],
                    author: author, message: message(number, step: step)))
                if flushEvery > 0, (step + 1) % flushEvery == 0 { try repository.flush() }
            }
            try repository.flush()
            let seconds = Date().timeIntervalSince(start)
            try verify(path, expecting: options.commits + 1)
            return Measure(key: key, name: name, durable: true, commits: options.commits, seconds: seconds)
        }
    }

    static func measureCLI(_ key: String, _ name: String, options gitOptions: String, commits: Int, _ options: Options) throws -> Measure {
        try withSeededRepository(options) { path, _ in
            let steps = path + "/bench-steps"
            let lines = (0..<commits).map { "\($0) \($0 % options.files) \(filePath($0 % options.files))\n" }
            try lines.joined().write(toFile: steps, atomically: false, encoding: .utf8)
            let seconds = try ProcedureBenchmark.timedRun("/bin/sh", [options.script, path, steps], environment: ["GIT_BENCH_OPTIONS": gitOptions])
            try verify(path, expecting: commits + 1)
            return Measure(key: key, name: name + " (\(commits) commits)", durable: !gitOptions.isEmpty, commits: commits, seconds: seconds)
        }
    }

    static func measureFastImport(_ key: String, _ name: String, _ options: Options) throws -> Measure {
        try withSeededRepository(options) { path, root in
            var stream = Data()
            for step in 0..<options.commits {
                let number = step % options.files
                let text = Data(message(number, step: step).text.utf8), bytes = Data(content(number, step: step).utf8)
                stream.append(Data("commit refs/heads/main\ncommitter Bench <bench@example.org> 1700000000 +0000\ndata \(text.count)\n".utf8))
                stream.append(text)
                if step == 0 { stream.append(Data("from \(root.hex)\n".utf8)) }
                stream.append(Data("M 100644 inline \(filePath(number))\ndata \(bytes.count)\n".utf8))
                stream.append(bytes)
                stream.append(Data("\n".utf8))
            }
            let file = path + "/bench-stream"
            try stream.write(to: URL(fileURLWithPath: file))
            let seconds = try ProcedureBenchmark.timedRun("/usr/bin/git", ["-C", path, "-c", "core.fsync=all", "fast-import", "--quiet"], input: file)
            try verify(path, expecting: options.commits + 1)
            return Measure(key: key, name: name, durable: true, commits: options.commits, seconds: seconds)
        }
    }

    // MARK: Processes

    /// Checks with git that the run wrote what it claims: the commit count and a clean fsck.
    static func verify(_ path: String, expecting count: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", path, "rev-list", "--count", "refs/heads/main"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(count)" else {
            throw BenchmarkFailure(description: "\(path): expected \(count) commits, git counts \(output)")
        }
    }
}
