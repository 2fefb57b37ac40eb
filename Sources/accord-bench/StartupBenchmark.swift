import Foundation

/// `accord-bench startup`: how long a CLI process takes to start and exit, against a Swift
/// hello-world that imports Foundation, built the same way (release, Swift runtime linked in).
///
/// `accord --version` must do no work it does not need: libgit2 is set up only when a record
/// is opened, and nothing is left running on another thread at exit.
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
            print("startup benchmark: \(runs) runs each, median and 95th percentile")
            let measures = [("hello", "Swift hello-world importing Foundation", hello, [String]()),
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
            print(String(format: "RESULT runs=%d hello_ms=%.2f version_ms=%.2f help_ms=%.2f version_vs_hello=%.2f",
                         runs, medians["hello"] ?? 0, medians["version"] ?? 0, medians["help"] ?? 0, ratio))
            return 0
        } catch {
            print("accord-bench startup failed: \(error)")
            return 1
        }
    }

    /// Compiles a hello-world the way the README builds Accord: optimised, runtime linked in.
    static func buildHelloWorld(in folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let source = folder + "/hello.swift", binary = folder + "/hello"
        try "import Foundation\nprint(\"Hello, \\(ProcessInfo.processInfo.processName)\")\n".write(toFile: source, atomically: true, encoding: .utf8)
        try ProcedureBenchmark.timedRun("/usr/bin/env", ["swiftc", "-O", "-static-stdlib", source, "-o", binary], syncFirst: false)
        return binary
    }
}
