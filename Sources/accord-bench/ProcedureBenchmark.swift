import Exports
import Foundation
import GitStore
import Resolutions

/// `accord-bench procedure`: a whole consultation at full size, through the library and the CLI.
///
/// One run builds a record with a resolution of `provisions` provisions, a roster
/// of `organisations` member organisations and the secretariat, and plays the
/// procedure: `amendments` amendments tabled (some withdrawn), screened (some
/// inadmissible, with compromises), every organisation voting on `voted` of them,
/// the tally, a vote on every section of the consolidated text and adoption.
/// Every action goes through `Record.perform` with the record in `.batch` mode,
/// on a clock that moves one second per action. Around the procedure it times
/// single actions without and with fsync, the CLI against `git commit`, the
/// reads, the tally, the exports and `verify`, and measures the repository.
enum ProcedureBenchmark {
    struct Options {
        var provisions = 1_000
        var organisations = 50
        var amendments = 10_000
        var voted = 2_000
        var flush = 1_000
        /// Where to keep the record; a temporary folder, removed afterwards, when nil.
        var keep: String?
        /// Single actions timed in each `.direct` mode.
        var singles = 1_000
        /// Runs of each CLI action and of `git add` + `git commit`.
        var cliRuns = 10
        /// Runs of each read (library and CLI); the median is reported.
        var readRuns = 5
        /// Verify only the first K commits (on a copy) and extrapolate; 0 verifies all.
        var verifyLimit = 0
        /// Tallies timed on a batch that is then dropped, before the one that stays.
        var tallyTrials = 4
        /// The `accord` binary; by default the one next to `accord-bench`.
        var accord: String?
    }

    static let usage = "usage: accord-bench procedure [--provisions 1000] [--organisations 50] [--amendments 10000] [--voted 2000] [--flush 1000] [--keep DIR] [--singles 1000] [--cli-runs 10] [--read-runs 5] [--verify-limit K] [--tally-trials 4] [--accord PATH]"

    static func run(_ arguments: [String]) -> Int32 {
        guard let options = parse(arguments) else {
            print(usage)
            return 2
        }
        do {
            try measureAll(options)
            return 0
        } catch {
            print("accord-bench procedure failed: \(error)")
            return 1
        }
    }

    static func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { return nil }
            func count(_ minimum: Int = 1) -> Int? { Int(value).flatMap { $0 >= minimum ? $0 : nil } }
            switch flag {
            case "--provisions": guard let n = count() else { return nil }; options.provisions = n
            case "--organisations": guard let n = count(2), n <= 99 else { return nil }; options.organisations = n
            case "--amendments": guard let n = count() else { return nil }; options.amendments = n
            case "--voted": guard let n = count(0) else { return nil }; options.voted = n
            case "--flush": guard let n = count() else { return nil }; options.flush = n
            case "--keep": options.keep = value
            case "--singles": guard let n = count(0) else { return nil }; options.singles = n
            case "--cli-runs": guard let n = count() else { return nil }; options.cliRuns = n
            case "--read-runs": guard let n = count() else { return nil }; options.readRuns = n
            case "--verify-limit": guard let n = count(0) else { return nil }; options.verifyLimit = n
            case "--tally-trials": guard let n = count(0) else { return nil }; options.tallyTrials = n
            case "--accord": options.accord = value
            default: return nil
            }
        }
        return options
    }

    /// Every figure of a run, by the key the `RESULT` line gives it.
    final class Results {
        var fields: [(String, String)] = []
        var targets: [(String, Bool)] = []

        func add(_ key: String, _ value: Double, digits: Int = 1) { fields.append((key, String(format: "%.\(digits)f", value))) }
        func add(_ key: String, _ value: Int) { fields.append((key, String(value))) }
        /// Prints one table line: a name and its figure.
        func line(_ name: String, _ figure: String) { print("  " + padded(name, 52) + figure) }
    }

    /// Writes a line at once, unbuffered even into a file, so that a run stopped half-way
    /// shows how far it got (Swift's `print` is block-buffered when the output is not a terminal).
    static func print(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func ms(_ seconds: Double) -> Double { seconds * 1000 }
    static func msText(_ seconds: Double) -> String { String(format: "%9.2f ms", ms(seconds)) }

    static func measureAll(_ options: Options) throws {
        let folder = options.keep ?? FileManager.default.temporaryDirectory.appendingPathComponent("accord-bench-procedure-\(UUID().uuidString)").path
        let path = folder + "/record.git"
        // Removed at the very end: removing git's clone, with its checkout of 110,000 files,
        // slows every file created for a minute or more after it (ext4 skips recently freed
        // inodes), and would be measured as the single actions' latency.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("accord-bench-scratch-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        if options.keep == nil {
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try measure(options, path: path, scratch: scratch)
        } else {
            try measure(options, path: path, scratch: scratch)
            print("the record is kept in \(path)")
        }
    }

    static func measure(_ options: Options, path: String, scratch: String) throws {
        let workload = Workload(options)
        let results = Results()
        print("procedure benchmark: \(options.provisions) provisions, \(options.organisations) organisations, \(options.amendments) amendments, \(options.voted) voted by every organisation; .batch, flush every \(options.flush)")
        results.add("provisions", options.provisions)
        results.add("organisations", options.organisations)
        results.add("amendments", options.amendments)
        results.add("voted", options.voted)
        results.add("flush", options.flush)

        guard let start = RecordDate.parse("2026-03-02T09:00:00Z") else { throw BenchmarkFailure(description: "bad start date") }
        do {
            _ = try Record.create(at: path, workflows: Shipped.workflows, now: start)
        } catch {
            throw BenchmarkFailure(description: "cannot create the record at \(path): \(error)")
        }
        let record = try open(path, mode: .batch)
        let driver = Driver(record: record, flushEvery: options.flush, start: start.addingTimeInterval(60))
        driver.progress = { print("… \($0)") }

        let voted = try playUntilVoting(workload, driver)
        try driver.flush()
        memory("voting")
        // The record is now full but for the review: time the CLI, single actions and reads here,
        // while there is a voting list and votes are legal.
        try measureCLI(options, workload, driver, voted: voted, path: path, clone: scratch + "/clone", results)
        try measureSingles(options, workload, driver, voted: voted, path: path, results)
        memory("single actions")
        try measureReads(options, driver, path: path, results)
        memory("reads")
        try playToAdoption(workload, driver, path: path, options, results)
        try driver.flush()
        memory("adoption")
        report(driver, options, results)
        try measureExports(options, path: path, results)
        memory("exports")
        try measureVerify(options, path: path, results)
        memory("verify")
        try measureDisk(path, results)
        let rss = peakRSSKiB()
        print("memory:")
        results.line("peak RSS (ru_maxrss)", String(format: "%9.1f MB", Double(rss) / 1024))
        results.add("peak_rss_mb", Double(rss) / 1024)
        results.targets.append(("peak RSS < 500 MB", Double(rss) / 1024 < 500))
        print("targets:")
        for (name, met) in results.targets { print("  \(met ? "met   " : "MISSED") \(name)") }
        print("RESULT " + results.fields.map { "\($0.0)=\($0.1)" }.joined(separator: " "))
    }

    /// A progress line with the memory now and at its peak, so that a run shows which phase holds memory.
    static func memory(_ phase: String) {
        print(String(format: "… RSS after %@: %.0f MB (peak so far %.0f MB)", phase, currentRSSMB(), Double(peakRSSKiB()) / 1024))
    }

    static func open(_ path: String, mode: Repository.WriteMode) throws -> Record {
        do { return try Record.open(at: path, mode: mode) } catch {
            throw BenchmarkFailure(description: "cannot open the record at \(path): \(error)")
        }
    }

    /// Reads through the library, a refusal being a failure of the benchmark.
    static func read<T>(_ what: String, _ body: () throws(AccordError) -> T) throws -> T {
        do { return try body() } catch { throw BenchmarkFailure(description: "\(what) failed: \(error)") }
    }

    // MARK: The procedure

    /// Setup, tabling, screening and voting; returns the amendments put to the vote, in voting-list order.
    static func playUntilVoting(_ workload: Workload, _ driver: Driver) throws -> [Int] {
        let id = resolution, secretariat = Self.secretariat
        let options = workload.options
        driver.begin("setup")
        try driver.perform(.importRoster(workload.roster), by: nil)
        try driver.perform(.importDraft(workload.text), by: secretariat)
        var open = Workload.makeText(provisions: options.provisions, id: openResolution)
        open.title = "Benchmark resolution left open for amendments"
        try driver.perform(.importDraft(open), by: secretariat)
        try driver.perform(.transition(resolution: openResolution, name: "open-amendments",
                                       deadline: driver.now.addingTimeInterval(365 * 86_400)), by: secretariat)

        driver.begin("tabling")
        let deadline = driver.now.addingTimeInterval(Double(options.amendments) * 2 + 3_600)
        try driver.perform(.transition(resolution: id, name: "open-amendments", deadline: deadline), by: secretariat)
        for n in 1...options.amendments {
            let (actor, draft) = workload.draft(n)
            let performed = try driver.perform(.table(resolution: id, draft), by: actor)
            guard performed.created == Amendment.id(n) else {
                throw BenchmarkFailure(description: "amendment \(n) was recorded as \(performed.created ?? "nothing")")
            }
            if workload.isWithdrawn(n) { try driver.perform(.withdraw(resolution: id, amendment: n), by: actor) }
        }

        driver.begin("screening")
        try driver.perform(.transition(resolution: id, name: "close-amendments", deadline: nil), by: secretariat,
                           at: deadline.addingTimeInterval(60))
        for n in 1...options.amendments where !workload.isWithdrawn(n) {
            let admissible = !workload.isInadmissible(n)
            try driver.perform(.screen(resolution: id, amendment: n, admissible: admissible,
                                       reason: admissible ? nil : "Outside the scope of the resolution."), by: secretariat)
        }
        let provisions = workload.text.provisions
        for (index, provision) in provisions.enumerated() where workload.hasCompromise(index) {
            let competing = stride(from: index + 1, through: options.amendments, by: provisions.count).filter { n in
                workload.draft(n).draft.kind == .replace && !workload.isWithdrawn(n) && !workload.isInadmissible(n)
            }
            let replaced = Array(competing.prefix(index % 40 == 3 ? 3 : 2))
            guard replaced.count >= 2 else { continue }
            let draft = AmendmentDraft(target: provision.id, kind: .replace,
                                       text: "Compromise text for \(provision.id), combining \(replaced.map(Amendment.id).joined(separator: ", "));",
                                       justification: "Combines \(replaced.map(Amendment.id).joined(separator: " and ")).", replaces: replaced)
            let compromise = try driver.perform(.table(resolution: id, draft), by: secretariat)
            guard let number = compromise.created.flatMap(Amendment.number) else {
                throw BenchmarkFailure(description: "the compromise on \(provision.id) has no number")
            }
            try driver.perform(.propose(resolution: id, amendment: number, accept: true, note: "Supported by the tablers."), by: secretariat)
        }
        try driver.perform(.transition(resolution: id, name: "open-voting", deadline: nil), by: secretariat)

        driver.begin("voting")
        let list = try read("the voting list") { () throws(AccordError) in try driver.record.snapshot().votingList(id) }
        let count = min(options.voted, list.count)
        let chosen = (0..<count).map { list[$0 * list.count / count].amendment }
        for (index, number) in chosen.enumerated() {
            for organisation in 0..<workload.organisations.count {
                try driver.perform(.vote(resolution: id, item: Amendment.id(number),
                                         choice: workload.choice(amendment: index, organisation: organisation)),
                                   by: workload.member(organisation))
            }
        }
        return chosen
    }

    /// The tally, the review of every section by every organisation, and adoption.
    static func playToAdoption(_ workload: Workload, _ driver: Driver, path: String, _ options: Options, _ results: Results) throws {
        let id = resolution
        let close = Action.transition(resolution: id, name: "close-voting", deadline: nil)
        try driver.flush()
        // The tally is timed alone: a `git repack` that the flush started in the background made it
        // two to three times slower in some runs, so maintenance runs to its end first.
        try driver.record.repository.maintainNow()
        // As the secretariat runs it: an `accord` process, start to exit, durable, on a copy.
        let copy = path + "-tally"
        try timedRun("/bin/cp", ["-a", path, copy])
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let cliTally = try timedRun(accordBinary(options), ["advance", id, "close-voting", "-C", copy, "--as", secretariat],
                                    environment: ["ACCORD_NOW": RecordDate.format(driver.now)])
        // This machine's speed varies by half from one minute to the next: the tally is timed
        // several times, each trial on a batch of its own that is then dropped, and the median
        // is the figure. Each trial leaves the folders it replaced out of the repository's memory,
        // so the later ones, and the tally that stays, read them again.
        var trials: [Double] = []
        for _ in 0..<options.tallyTrials {
            let start = monotonic()
            _ = try driver.record.perform(close, by: secretariat, at: driver.now)
            trials.append(monotonic() - start)
            driver.record.repository.abandonBatch()
        }
        driver.begin("tally")
        let tally = try driver.perform(close, by: secretariat)
        let kept = driver.phases.last?.latencies.last ?? 0
        let tallySeconds = median(trials + [kept])
        try driver.flush()
        let snapshot = try read("the record after the tally") { () throws(AccordError) in try driver.record.snapshot() }
        let (text, adopted) = try read("the amendments") { () throws(AccordError) in
            (try snapshot.text(id), try snapshot.amendments(id).filter { $0.state == .adopted })
        }
        var consolidated = text
        let consolidateSeconds = medianTime(3) { consolidated = Tally.consolidate(text, adopted: adopted) }
        print("tally and consolidation (\(tally.summary)):")
        results.line("close-voting (the tally, one action): median of \(trials.count + 1)", msText(tallySeconds))
        if !trials.isEmpty {
            print("    trials: " + trials.map { String(format: "%.0f", ms($0)) }.joined(separator: ", ")
                  + String(format: " ms; the tally kept: %.0f ms", ms(kept)))
        }
        results.line("accord advance close-voting, a process on a copy (durable)", msText(cliTally))
        results.line("Tally.consolidate on values (\(adopted.count) adopted)", msText(consolidateSeconds))
        results.add("tally_ms", ms(tallySeconds))
        results.add("tally_min_ms", ms((trials + [kept]).min() ?? kept))
        results.add("tally_max_ms", ms((trials + [kept]).max() ?? kept))
        results.add("tally_kept_ms", ms(kept))
        results.add("cli_tally_ms", ms(cliTally))
        results.add("consolidate_ms", ms(consolidateSeconds))
        results.targets.append(("tally < 200 ms (library)", tallySeconds < 0.2))
        results.targets.append(("tally < 200 ms (CLI)", cliTally < 0.2))
        results.targets.append(("consolidation < 200 ms", consolidateSeconds < 0.2))

        driver.begin("review")
        for section in consolidated.sections {
            for organisation in 0..<workload.organisations.count {
                try driver.perform(.vote(resolution: id, item: section.id, choice: .for), by: workload.member(organisation))
            }
        }
        try driver.perform(.transition(resolution: id, name: "adopt", deadline: nil), by: secretariat)
    }

    // MARK: The table of the procedure

    static func report(_ driver: Driver, _ options: Options, _ results: Results) {
        print("actions through the library (.batch, flush every \(options.flush); latency is Record.perform alone, the rate includes flushes):")
        var total = 0, seconds = 0.0, flushes = 0.0
        for phase in driver.phases {
            total += phase.actions
            seconds += phase.seconds
            flushes += phase.flushSeconds
            results.line("\(phase.name): \(phase.actions) actions in \(String(format: "%.1f", phase.seconds)) s",
                         String(format: "%9.0f actions/s  p50 %7.2f ms  p99 %7.2f ms", phase.rate,
                                ms(percentile(phase.latencies, 0.5)), ms(percentile(phase.latencies, 0.99))))
            results.add("\(phase.name)_rate", phase.rate, digits: 0)
            results.add("\(phase.name)_p50_ms", ms(percentile(phase.latencies, 0.5)), digits: 2)
            results.add("\(phase.name)_p99_ms", ms(percentile(phase.latencies, 0.99)), digits: 2)
        }
        let rate = seconds > 0 ? Double(total) / seconds : 0
        let last = driver.lastLatencies(1_000)
        results.line("overall: \(total) actions in \(String(format: "%.1f", seconds)) s (flushes \(String(format: "%.1f", flushes)) s)",
                     String(format: "%9.0f actions/s", rate))
        results.line("the last \(last.count) actions", String(repeating: " ", count: 20) + String(format: "p50 %7.2f ms  p99 %7.2f ms",
                                                                ms(percentile(last, 0.5)), ms(percentile(last, 0.99))))
        results.add("actions", total)
        results.add("batch_rate", rate, digits: 0)
        results.add("flush_s", flushes)
        results.add("last1000_p50_ms", ms(percentile(last, 0.5)), digits: 2)
        results.add("last1000_p99_ms", ms(percentile(last, 0.99)), digits: 2)
        results.targets.insert(("batch >= 1000 actions/s at full size", rate >= 1_000), at: 0)
    }
}
