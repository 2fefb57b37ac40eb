import Foundation

/// `accord-bench BENCHMARK [options]`: one file per benchmark, chosen by the first argument.
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "store":
    exit(StoreBenchmark.run(Array(arguments.dropFirst())))
case "procedure":
    exit(ProcedureBenchmark.run(Array(arguments.dropFirst())))
case "export":
    exit(ExportBenchmark.run(Array(arguments.dropFirst())))
case "startup":
    exit(StartupBenchmark.run(Array(arguments.dropFirst())))
case "serve":
    exit(ServeBenchmark.run(Array(arguments.dropFirst())))
default:
    print("usage: accord-bench store [--commits N] [--cli-commits N] [--files N]")
    print("       accord-bench procedure [--provisions N] [--organisations N] [--amendments N] [--voted N] [--flush N] [--keep DIR]")
    print("       \(ExportBenchmark.usage.dropFirst("usage: ".count))")
    print("       accord-bench startup [--runs N]")
    print("       \(ServeBenchmark.usage.dropFirst("usage: ".count))")
    exit(arguments.first == nil || arguments.first == "--help" ? 0 : 2)
}

/// A benchmark that cannot go on, in words.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
}
