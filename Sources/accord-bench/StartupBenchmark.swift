import Foundation
import Resolutions

/// `accord-bench startup`: how long a CLI process takes to start and exit, against a Swift
/// hello-world that imports Foundation, built the same way (release, Swift runtime linked in).
///
/// `accord --version` must do no work it does not need: libgit2 is set up only when a record
/// is opened, and nothing is left running on another thread at exit.
///
/// Then a whole durable action as a user runs it on a small record (the sample draft and the
/// roster, a few dozen amendments): `accord amend`, against `git add` + `git commit` of one small
/// file with `core.fsync=all` in a clone of that record, interleaved run by run.
enum StartupBenchmark {
    static func run(_ arguments: [String]) -> Int32 {
        var runs = 300
        if arguments.count == 2, arguments[0] == "--runs", let n = Int(arguments[1]), n > 0 { runs = n } else if !arguments.isEmpty {
            print("usage: accord-bench startup [--runs N]")
            return 2
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-startup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let accord = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("accord").path
            guard FileManager.default.isExecutableFile(atPath: accord) else {
                throw BenchmarkFailure(description: "no accord binary beside accord-bench (build both: swift build -c release --static-swift-stdlib)")
            }
            let hello = try buildHelloWorld(in: folder)
            // The same hello-world loading the libraries Accord links (as Debian builds them), and
            // nothing of Accord: what those libraries cost a process before it does anything.
            let helloLibgit2 = try buildHelloWorld(in: folder, linking: ["git2"])
            let helloLibraries = try buildHelloWorld(in: folder, linking: ["git2", "xml2"])
            print("startup benchmark: \(runs) runs each, median and 95th percentile")
            let measures = [("hello", "Swift hello-world importing Foundation", hello, [String]()),
                            ("hello_libgit2", "the same, linked with libgit2", helloLibgit2, []),
                            ("hello_libraries", "the same, linked with libgit2 and libxml2", helloLibraries, []),
                            ("version", "accord --version", accord, ["--version"]),
                            ("help", "accord --help", accord, ["--help"])]
            var medians: [String: Double] = [:]
            for (key, name, program, arguments) in measures {
                let times = try (0..<runs).map { _ in try ProcedureBenchmark.timedRun(program, arguments, syncFirst: false) * 1000 }.sorted()
                medians[key] = times[times.count / 2]
                print("  " + StoreBenchmark.padded(name, 44) + String(format: "median %6.2f ms  p95 %6.2f ms", times[times.count / 2], times[times.count * 95 / 100]))
            }
            let ratio = (medians["version"] ?? 0) / max(medians["hello"] ?? 1, 1e-9)
            print(String(format: "  accord --version / hello-world: %.2f× (target ≤ 2×: %@)", ratio, ratio <= 2 ? "met" : "MISSED"))
            let small = try smallRecord(accord, in: folder + "/small", runs: min(runs, 50))
            print(String(format: "RESULT runs=%d hello_ms=%.2f hello_libgit2_ms=%.2f hello_libraries_ms=%.2f version_ms=%.2f help_ms=%.2f version_vs_hello=%.2f small_amend_ms=%.2f small_git_ms=%.2f small_amend_vs_git=%.2f",
                         runs, medians["hello"] ?? 0, medians["hello_libgit2"] ?? 0, medians["hello_libraries"] ?? 0,
                         medians["version"] ?? 0, medians["help"] ?? 0, ratio,
                         small.amend * 1000, small.git * 1000, small.amend / max(small.git, 1e-9)))
            return 0
        } catch {
            print("accord-bench startup failed: \(error)")
            return 1
        }
    }

    /// `accord amend` on a small record against `git add` + `git commit` in a clone of it, both
    /// durable, `runs` times each in turns, after 30 amendments tabled to set the scene.
    /// - Returns: the median seconds of each.
    static func smallRecord(_ accord: String, in folder: String, runs: Int) throws -> (amend: Double, git: Double) {
        let record = folder + "/record", clone = folder + "/clone", git = ProcedureBenchmark.git
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Shipped.roster.write(toFile: folder + "/roster.yml", atomically: true, encoding: .utf8)
        try Shipped.draft.write(toFile: folder + "/draft.md", atomically: true, encoding: .utf8)
        let members = ["amelie", "julien", "sanne", "pieter"]
        let now = ["ACCORD_NOW": "2026-11-02T09:00:00Z"]
        func accordRun(_ arguments: [String]) throws -> Double {
            try ProcedureBenchmark.timedRun(accord, arguments + ["-C", record], environment: now, syncFirst: true)
        }
        try ProcedureBenchmark.timedRun(accord, ["init", record], syncFirst: false)
        try accordRun(["roster", "import", folder + "/roster.yml"])
        try accordRun(["draft", "import", folder + "/draft.md", "--as", "claire"])
        try accordRun(["advance", "pact-2026", "open-amendments", "--deadline", "2026-12-15T18:00Z", "--as", "claire"])
        func amend(_ run: Int) throws -> Double {
            try accordRun(["amend", "pact-2026", "--target", "par-\(1 + run % 6)", "--replace", "A new wording, run \(run).",
                           "--justification", "Timing a small record.", "--as", members[run % members.count]])
        }
        for run in 0..<30 { _ = try amend(run) }
        try ProcedureBenchmark.timedRun(git, ["clone", "--quiet", record, clone], syncFirst: false)
        let identity = ProcedureBenchmark.gitIdentity + ["-c", "core.fsync=all"]
        var accordTimes: [Double] = [], gitTimes: [Double] = []
        for run in 0..<runs {
            accordTimes.append(try amend(30 + run))
            try "note: run \(run)\n".write(toFile: clone + "/note.yml", atomically: false, encoding: .utf8)
            gitTimes.append(try ProcedureBenchmark.timedRun(git, identity + ["-C", clone, "add", "note.yml"])
                            + ProcedureBenchmark.timedRun(git, identity + ["-C", clone, "commit", "--quiet", "--no-verify", "-m", "Run \(run)"]))
        }
        let amendMedian = accordTimes.sorted()[runs / 2], gitMedian = gitTimes.sorted()[runs / 2]
        print("a durable action on a small record (sample draft, \(30 + runs) amendments; median of \(runs), in turns):")
        print("  " + StoreBenchmark.padded("accord amend", 44) + String(format: "median %6.2f ms", amendMedian * 1000))
        print("  " + StoreBenchmark.padded("git add + git commit, core.fsync=all, clone", 44) + String(format: "median %6.2f ms", gitMedian * 1000))
        let ratio = amendMedian / max(gitMedian, 1e-9)
        print(String(format: "  accord amend / git add + commit: %.2f× (target ≤ 1.0×: %@)", ratio, ratio <= 1 ? "met" : "MISSED"))
        return (amendMedian, gitMedian)
    }

    /// Compiles a hello-world the way the README builds Accord: optimised, runtime linked in;
    /// `linking` names libraries it loads at start without calling them.
    static func buildHelloWorld(in folder: String, linking libraries: [String] = []) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let source = folder + "/hello.swift", binary = folder + "/hello" + libraries.map { "-" + $0 }.joined()
        try "import Foundation\nprint(\"Hello, \\(ProcessInfo.processInfo.processName)\")\n".write(toFile: source, atomically: true, encoding: .utf8)
        let linked = libraries.isEmpty ? [] : ["-Xlinker", "--no-as-needed"] + libraries.map { "-l" + $0 }
        try ProcedureBenchmark.timedRun("/usr/bin/env", ["swiftc", "-O", "-static-stdlib", source, "-o", binary] + linked, syncFirst: false)
        return binary
    }
}
