import Foundation

/// Child processes: the `accord` CLI and `git`, timed from start to exit.
extension ProcedureBenchmark {
    /// Runs a program to completion, its output discarded, and returns its wall-clock
    /// seconds; a non-zero exit is an error quoting its standard error.
    ///
    /// Started with `posix_spawn` and awaited with `waitpid`: Foundation's `Process` notices an
    /// exit by polling every 50 ms here, which would round every short command up to about 50 ms.
    @discardableResult
    /// - Parameters:
    ///   - syncFirst: whether every pending write is flushed before the clock starts.
    ///   - input: a file to give the program as its standard input (else none).
    static func timedRun(_ program: String, _ arguments: [String], environment: [String: String] = [:],
                         syncFirst: Bool = true, input: String? = nil) throws -> Double {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("accord-bench-stderr-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: errors) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // No earlier writes pending (a clone's 110,000 files, git's rewritten index): a durable
        // action's flush then writes its own data only, for accord and git alike.
        if syncFirst { sync() }
        let start = monotonic()
        var pid = pid_t()
        let code = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard code == 0 else {
            throw BenchmarkFailure(description: "cannot start \(program): \(String(cString: strerror(code)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let seconds = monotonic() - start
        // Zero: exited normally with status 0.
        guard status == 0 else {
            let message = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            throw BenchmarkFailure(description: "\(program) \(arguments.joined(separator: " ")) failed (wait status \(status)): \(message)")
        }
        return seconds
    }

    /// The standard output of a program (for `git rev-list` and the like).
    static func output(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkFailure(description: "\(program) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static let git = "/usr/bin/git"
    /// Who the git commits the benchmarks time are by, unsigned, whatever the machine's settings.
    static let gitIdentity = ["-c", "user.name=Bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgSign=false"]

    /// The `accord` binary built next to this one (same products folder).
    static func accordBinary(_ options: Options) -> String {
        if let path = options.accord { return path }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("accord").path
    }

    // MARK: The repository on disk

    /// What a repository takes on disk and how its objects are stored.
    struct DiskUsage {
        let bytes: Int
        let packs: Int
        let looseObjects: Int
    }

    static func diskUsage(_ path: String) throws -> DiskUsage {
        let bytes = Int(try output("/usr/bin/du", ["-sb", path]).split(separator: "\t").first ?? "") ?? 0
        let objects = path + "/objects"
        let files = FileManager.default
        let packs = ((try? files.contentsOfDirectory(atPath: objects + "/pack")) ?? []).filter { $0.hasSuffix(".pack") }.count
        var loose = 0
        for folder in (try? files.contentsOfDirectory(atPath: objects)) ?? [] where folder.count == 2 {
            loose += ((try? files.contentsOfDirectory(atPath: objects + "/" + folder)) ?? []).count
        }
        return DiskUsage(bytes: bytes, packs: packs, looseObjects: loose)
    }

    /// `git gc` on a copy of the repository (the record itself stays as Accord left it).
    static func usageAfterGC(_ path: String) throws -> (DiskUsage, seconds: Double) {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("accord-bench-gc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try timedRun("/bin/cp", ["-a", path, copy])
        let seconds = try timedRun(git, ["-C", copy, "gc", "--quiet"])
        return (try diskUsage(copy), seconds)
    }

    /// Peak resident memory of this process so far, in KiB (Linux reports `ru_maxrss` in KiB).
    static func peakRSSKiB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss)
    }

    /// Resident memory of this process now, in MB (from `/proc/self/statm`; 0 where there is none),
    /// so that progress lines show which phase makes memory grow.
    static func currentRSSMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Double(fields[1]) else { return 0 }
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_000_000
    }
}
