import Foundation
import GitStore
import Resolutions

extension ProcedureBenchmark {
    /// The figures of one phase: wall time including flushes, and each action's own latency.
    struct Phase {
        let name: String
        var seconds = 0.0
        var flushSeconds = 0.0
        var latencies: [Double] = []
        var actions: Int { latencies.count }
        var rate: Double { seconds > 0 ? Double(actions) / seconds : 0 }
    }

    /// Performs actions through the library in batch mode with a clock of its own,
    /// flushing every `flushEvery` actions and timing everything.
    final class Driver {
        let record: Record
        let flushEvery: Int
        /// The time of the next action; each action moves it on by a second.
        var now: Date
        private(set) var phases: [Phase] = []
        private var unflushed = 0
        /// Every action's latency in order, for the figures of the last 1,000.
        private(set) var all: [Double] = []
        var progress: ((String) -> Void)?

        init(record: Record, flushEvery: Int, start: Date) {
            self.record = record
            self.flushEvery = flushEvery
            self.now = start
        }

        var totalActions: Int { all.count }

        /// Starts timing a new phase; the actions after it count towards it.
        func begin(_ name: String) {
            if let phase = phases.last {
                progress?(String(format: "phase %@ done: %d actions in %.1f s, %.0f actions/s, p50 %.2f ms, p99 %.2f ms",
                                 phase.name, phase.actions, phase.seconds, phase.rate,
                                 percentile(phase.latencies, 0.5) * 1000, percentile(phase.latencies, 0.99) * 1000))
            }
            phases.append(Phase(name: name))
            progress?("phase \(name) (after \(all.count) actions)")
        }

        /// Performs one action and returns what landed; a refusal stops the benchmark.
        @discardableResult
        func perform(_ action: Action, by actor: String?, at time: Date? = nil) throws -> Performed {
            if let time { now = max(now, time) }
            let start = monotonic()
            let performed: Performed
            do {
                performed = try record.perform(action, by: actor, at: now)
            } catch {
                throw BenchmarkFailure(description: "action \(all.count + 1) (\(action.name) by \(actor ?? "nobody")) failed: \(error)")
            }
            let latency = monotonic() - start
            now = now.addingTimeInterval(1)
            all.append(latency)
            phases[phases.count - 1].latencies.append(latency)
            phases[phases.count - 1].seconds += latency
            unflushed += 1
            if unflushed >= flushEvery { try flush() }
            if all.count % 5_000 == 0, let phase = phases.last {
                let recent = Array(all.suffix(5_000))
                progress?(String(format: "%d actions; %@ so far %.0f actions/s; the last 5,000: %.0f actions/s of perform, p50 %.2f ms, p99 %.2f ms; RSS %.0f MB",
                                 all.count, phase.name, phase.rate, Double(recent.count) / recent.reduce(0, +),
                                 percentile(recent, 0.5) * 1000, percentile(recent, 0.99) * 1000, ProcedureBenchmark.currentRSSMB()))
            }
            return performed
        }

        /// Makes the batch visible and durable; its time counts towards the current phase.
        func flush() throws {
            let start = monotonic()
            try record.repository.flush()
            let seconds = monotonic() - start
            phases[phases.count - 1].seconds += seconds
            phases[phases.count - 1].flushSeconds += seconds
            unflushed = 0
        }

        /// p50 / p99 of the last `count` actions.
        func lastLatencies(_ count: Int) -> [Double] { Array(all.suffix(count)) }
    }

    /// Seconds on a monotonic clock.
    static func monotonic() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// The value at `fraction` of the sorted values (nearest rank), 0 for none.
    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 0.5) }

    /// Runs `body` `runs` times and returns the median seconds.
    static func medianTime(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<runs {
            let start = monotonic()
            try body()
            times.append(monotonic() - start)
        }
        return median(times)
    }
}
