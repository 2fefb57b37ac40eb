import Exports
import Foundation
import GitStore
import Resolutions

/// The measures taken around the procedure, on the full record.
extension ProcedureBenchmark {
    /// The vote that pair `pair` of a run of re-votes casts: first abstain (or for, when the
    /// original was abstain), then the original again, so that every pair leaves the tally unchanged.
    static func revote(_ workload: Workload, voted: [Int], step: Int) -> (number: Int, organisation: Int, choice: VoteChoice) {
        let pair = step / 2
        let index = pair % voted.count
        let organisation = pair % workload.organisations.count
        let original = workload.choice(amendment: index, organisation: organisation)
        let away: VoteChoice = original == .abstain ? .for : .abstain
        return (voted[index], organisation, step % 2 == 0 ? away : original)
    }

    // MARK: One CLI action against git

    /// `accord vote` and `accord amend` as processes, next to `git add` + `git commit` of a
    /// vote file in a clone made at `clone` (removed with the run's scratch folder), without and
    /// with `core.fsync=all`, interleaved run by run.
    static func measureCLI(_ options: Options, _ workload: Workload, _ driver: Driver, voted: [Int], path: String,
                           clone: String, _ results: Results) throws {
        guard !voted.isEmpty else { return }
        let accord = accordBinary(options)
        guard FileManager.default.isExecutableFile(atPath: accord) else {
            throw BenchmarkFailure(description: "no accord binary at \(accord): build it with --product accord, or give --accord PATH")
        }
        let cloneSeconds = try timedRun(git, ["clone", "--quiet", path, clone])
        let identity = ProcedureBenchmark.gitIdentity
        var vote: [Double] = [], amend: [Double] = [], plain: [Double] = [], durable: [Double] = []
        let openText = workload.text.provisions
        for run in 0..<options.cliRuns {
            let (number, organisation, choice) = revote(workload, voted: voted, step: run)
            vote.append(try timedRun(accord, ["vote", resolution, Amendment.id(number), "--\(choice.rawValue)", "-C", path,
                                              "--as", workload.member(organisation)],
                                     environment: ["ACCORD_NOW": RecordDate.format(driver.now)]))
            driver.now = driver.now.addingTimeInterval(1)
            let target = openText[(run * 37) % openText.count].id
            amend.append(try timedRun(accord, ["amend", openResolution, "--target", target, "--replace", "A new text for \(target), run \(run);",
                                               "--justification", "Timing the CLI.", "-C", path, "--as", workload.member(organisation)],
                                      environment: ["ACCORD_NOW": RecordDate.format(driver.now)]))
            driver.now = driver.now.addingTimeInterval(1)
            let file = RecordLayout.vote(resolution, item: Amendment.id(number), organisation: workload.organisations[organisation])
            for fsync in [false, true] {
                try "vote: \(choice.rawValue)\nperson: \(workload.member(organisation))\n# run \(run) \(fsync)\n"
                    .write(toFile: clone + "/" + file, atomically: false, encoding: .utf8)
                let gitOptions = identity + (fsync ? ["-c", "core.fsync=all"] : [])
                let seconds = try timedRun(git, gitOptions + ["-C", clone, "add", file])
                    + timedRun(git, gitOptions + ["-C", clone, "commit", "--quiet", "--no-verify", "-m", "Vote on \(Amendment.id(number)) (run \(run))"])
                if fsync { durable.append(seconds) } else { plain.append(seconds) }
            }
        }
        let cliVote = median(vote), cliAmend = median(amend), gitPlain = median(plain), gitDurable = median(durable)
        print("one action as a process on the full record (median of \(options.cliRuns); accord: start to exit; git: add + commit in a clone, made in \(String(format: "%.1f", cloneSeconds)) s):")
        results.line("accord vote (re-vote on \(resolution), durable)", msText(cliVote))
        results.line("accord amend (\(openResolution), same text, open)", msText(cliAmend))
        results.line("git add + git commit", msText(gitPlain))
        results.line("git add + git commit, -c core.fsync=all", msText(gitDurable))
        let worst = max(cliVote, cliAmend)
        results.line("slower accord action / git with fsync", String(format: "%9.2f×", worst / max(gitDurable, 1e-9)))
        results.add("cli_vote_ms", ms(cliVote))
        results.add("cli_amend_ms", ms(cliAmend))
        results.add("git_commit_ms", ms(gitPlain))
        results.add("git_commit_fsync_ms", ms(gitDurable))
        results.add("cli_vs_git_fsync", worst / max(gitDurable, 1e-9), digits: 2)
        results.targets.append(("CLI action <= git add+commit with fsync", worst <= gitDurable))
        results.targets.append(("CLI action < 50 ms", worst < 0.05))
    }

    // MARK: Single actions, direct

    /// `singles` durable re-votes, each its own commit, through a second `Record` on the full repository.
    static func measureSingles(_ options: Options, _ workload: Workload, _ driver: Driver, voted: [Int], path: String,
                               _ results: Results) throws {
        guard options.singles > 0, !voted.isEmpty else { return }
        print("single actions on the full record (\(options.singles) re-votes, a second Record in .direct mode):")
        sync() // no earlier writes pending, as for the processes timed
        let record = try open(path, mode: .direct)
        var latencies: [Double] = []
        // An even count, so that every re-vote is undone.
        for step in 0..<(options.singles + options.singles % 2) {
            let (number, organisation, choice) = revote(workload, voted: voted, step: step)
            let start = monotonic()
            do {
                try record.perform(.vote(resolution: resolution, item: Amendment.id(number), choice: choice),
                                   by: workload.member(organisation), at: driver.now)
            } catch {
                throw BenchmarkFailure(description: "single re-vote \(step) failed: \(error)")
            }
            latencies.append(monotonic() - start)
            driver.now = driver.now.addingTimeInterval(1)
        }
        results.line(".direct, durable", String(format: "%9.0f actions/s  p50 %7.2f ms  p99 %7.2f ms",
                                                Double(latencies.count) / latencies.reduce(0, +),
                                                ms(percentile(latencies, 0.5)), ms(percentile(latencies, 0.99))))
        results.add("direct_p50_ms", ms(percentile(latencies, 0.5)), digits: 2)
        results.add("direct_p99_ms", ms(percentile(latencies, 0.99)), digits: 2)
        results.targets.append(("single durable action p99 < 50 ms", percentile(latencies, 0.99) < 0.05))
    }

    // MARK: Reads

    /// `status`, `show` and `voting-list` as library calls (a fresh snapshot each time) and as CLI runs.
    static func measureReads(_ options: Options, _ driver: Driver, path: String, _ results: Results) throws {
        let record = try open(path, mode: .direct)
        let id = resolution, now = driver.now, runs = options.readRuns
        var counts = (amendments: 0, entries: 0, bytes: 0)
        let status = try medianTime(runs) {
            let value = try read("status") { () throws(AccordError) in try record.snapshot().status(id, now: now) }
            counts.amendments = value.amendments.count
        }
        let show = try medianTime(runs) {
            let text = try read("show") { () throws(AccordError) in try record.snapshot().currentText(id) }
            counts.bytes = text.markdown(showingIDs: true).utf8.count
        }
        let votingList = try medianTime(runs) {
            counts.entries = try read("voting-list") { () throws(AccordError) in try record.snapshot().votingList(id) }.count
        }
        let accord = accordBinary(options)
        let environment = ["ACCORD_NOW": RecordDate.format(now)]
        let cliStatus = try medianTime(runs) { try timedRun(accord, ["status", id, "--json", "-C", path], environment: environment) }
        let cliShow = try medianTime(runs) { try timedRun(accord, ["show", id, "-C", path], environment: environment) }
        let cliList = try medianTime(runs) { try timedRun(accord, ["voting-list", id, "--json", "-C", path], environment: environment) }
        print("reads in the voting state (median of \(runs); \(counts.amendments) amendments, \(counts.entries) on the voting list, text \(counts.bytes / 1024) KiB):")
        for (name, key, seconds) in [("status (library: Snapshot.status)", "status_ms", status), ("show (library: currentText + markdown)", "show_ms", show),
                                     ("voting-list (library: Snapshot.votingList)", "voting_list_ms", votingList),
                                     ("accord status --json", "cli_status_ms", cliStatus), ("accord show", "cli_show_ms", cliShow),
                                     ("accord voting-list --json", "cli_voting_list_ms", cliList)] {
            results.line(name, msText(seconds))
            results.add(key, ms(seconds))
        }
        results.targets.append(("status < 100 ms (library and CLI)", max(status, cliStatus) < 0.1))
        results.targets.append(("show < 100 ms (library and CLI)", max(show, cliShow) < 0.1))
        results.targets.append(("voting-list < 100 ms (library and CLI)", max(votingList, cliList) < 0.1))
    }

    // MARK: Exports

    /// `ResolutionExport.load` on the adopted record, then every format and view.
    static func measureExports(_ options: Options, path: String, _ results: Results) throws {
        let record = try open(path, mode: .direct)
        var export: ResolutionExport?
        let load = try medianTime(3) {
            export = try read("ResolutionExport.load") { () throws(AccordError) in try ResolutionExport.load(from: record, resolution: resolution) }
        }
        guard let export else { return }
        print("exports of the adopted resolution (median of 3; each export is the load plus its rendering):")
        results.line("ResolutionExport.load (\(export.events.count) events)", msText(load))
        results.add("export_load_ms", ms(load))
        var slowest = load
        for format in ExportFormat.allCases {
            for view in format.views {
                var bytes = 0
                let render = medianTime(3) { bytes = ((try? Exporter.file(export, format: format, view: view)) ?? nil)?.count ?? 0 }
                results.line("\(format.rawValue) \(view.rawValue) (\(bytes / 1024) KiB): load + render", msText(load + render))
                results.add("export_\(format.rawValue)_\(view.rawValue.replacingOccurrences(of: "-", with: "_"))_ms", ms(load + render))
                slowest = max(slowest, load + render)
            }
        }
        results.targets.append(("each export < 1 s", slowest < 1))
    }

    // MARK: Verify

    /// `Verifier.verify()` over the whole history, or over its first `verifyLimit` commits on a
    /// copy whose `main` is moved back (and whose tags are dropped), extrapolated to the whole.
    static func measureVerify(_ options: Options, path: String, _ results: Results) throws {
        let total = Int(try output(git, ["-C", path, "rev-list", "--count", Record.branch])) ?? 0
        var target = path
        var copy: String?
        defer { if let copy { try? FileManager.default.removeItem(atPath: copy) } }
        if options.verifyLimit > 0 && options.verifyLimit < total {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-bench-verify-\(UUID().uuidString)").path
            copy = folder
            try timedRun("/bin/cp", ["-a", path, folder])
            let commit = try output(git, ["-C", folder, "rev-list", "--reverse", Record.branch])
                .split(separator: "\n")[options.verifyLimit - 1]
            try timedRun(git, ["-C", folder, "update-ref", Record.branch, String(commit)])
            for tag in try output(git, ["-C", folder, "tag", "--list"]).split(separator: "\n") where !tag.isEmpty {
                try timedRun(git, ["-C", folder, "tag", "-d", String(tag)])
            }
            target = folder
        }
        let record = try open(target, mode: .direct)
        let start = monotonic()
        let report = try read("verify") { () throws(AccordError) in try Verifier(record: record).verify() }
        let seconds = monotonic() - start
        if let failure = report.failure { throw BenchmarkFailure(description: "verify found a bad commit: \(failure)") }
        let checked = report.commitsChecked
        let whole = checked < total ? seconds * Double(total) / Double(max(checked, 1)) : seconds
        print("verify:")
        if checked < total {
            results.line("Verifier.verify, first \(checked) of \(total) commits", String(format: "%9.1f s", seconds))
            results.line("  extrapolated linearly to \(total) commits (the first commits are mostly tabling)", String(format: "%9.1f s", whole))
        } else {
            results.line("Verifier.verify, \(checked) commits", String(format: "%9.1f s  (%.0f commits/s)", seconds, Double(checked) / seconds))
        }
        results.add("verify_s", whole)
        results.add("verify_commits", checked)
        results.add("verify_extrapolated", checked < total ? 1 : 0)
        results.targets.append(("verify < 60 s\(checked < total ? " (extrapolated)" : "")", whole < 60))
    }

    // MARK: Disk

    static func measureDisk(_ path: String, _ results: Results) throws {
        let before = try diskUsage(path)
        let (after, gcSeconds) = try usageAfterGC(path)
        func mb(_ bytes: Int) -> Double { Double(bytes) / 1_000_000 }
        print("repository on disk (du -sb):")
        results.line("as Accord leaves it: \(before.packs) packs, \(before.looseObjects) loose objects", String(format: "%9.1f MB", mb(before.bytes)))
        results.line("after git gc on a copy (\(String(format: "%.1f", gcSeconds)) s): \(after.packs) packs, \(after.looseObjects) loose",
                     String(format: "%9.1f MB", mb(after.bytes)))
        results.add("repo_mb", mb(before.bytes))
        results.add("repo_packs", before.packs)
        results.add("repo_loose", before.looseObjects)
        results.add("repo_gc_mb", mb(after.bytes))
        results.add("gc_s", gcSeconds)
        results.targets.append(("repository as Accord leaves it < 300 MB", mb(before.bytes) < 300))
        results.targets.append(("repository after gc < 200 MB", mb(after.bytes) < 200))
    }
}
