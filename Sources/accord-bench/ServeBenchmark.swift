import Foundation
import GitStore
import Resolutions

/// `accord-bench serve`: organisations voting at once through `accord-server` on loopback, while
/// readers fetch a resolution's status; every vote counted in the record afterwards.
///
/// Bounded in time (`--seconds`) and in count (each organisation votes once on each of
/// `--voted` amendments). Loopback only: the server listens on 127.0.0.1 and nothing else is
/// contacted.
enum ServeBenchmark {
    struct Options {
        var provisions = 1_000
        var organisations = 50
        var amendments = 10_000
        var voted = 2_000
        var readers = 20
        var seconds = 20.0
        var verify = true
    }

    static let usage = "usage: accord-bench serve [--provisions 1000] [--organisations 50] [--amendments 10000] [--voted 2000] [--readers 20] [--seconds 20] [--verify yes|no]"

    static func run(_ arguments: [String]) -> Int32 {
        var options = Options()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { print(usage); return 2 }
            switch (flag, Int(value)) {
            case ("--provisions", let n?) where n > 0: options.provisions = n
            case ("--organisations", let n?) where n >= 2 && n <= 99: options.organisations = n
            case ("--amendments", let n?) where n > 0: options.amendments = n
            case ("--voted", let n?) where n > 0: options.voted = n
            case ("--readers", let n?) where n >= 0: options.readers = n
            case ("--seconds", let n?) where n > 0 && n <= 600: options.seconds = Double(n)
            case ("--verify", _): options.verify = value == "yes"
            default: print(usage); return 2
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-bench-serve-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try measure(options, folder: folder)
            return 0
        } catch {
            print("accord-bench serve failed: \(error)")
            return 1
        }
    }

    static func measure(_ options: Options, folder: String) throws {
        let path = folder + "/record.git", data = folder + "/data"
        print("serve benchmark: \(options.provisions) provisions, \(options.organisations) organisations, \(options.amendments) amendments; \(options.organisations) voters on up to \(options.voted) amendments and \(options.readers) readers for at most \(Int(options.seconds)) s")
        // The record, up to the opening of the vote, through the library in batches.
        var procedure = ProcedureBenchmark.Options()
        (procedure.provisions, procedure.organisations, procedure.amendments, procedure.voted) = (options.provisions, options.organisations, options.amendments, 0)
        guard let start = RecordDate.parse("2026-03-02T09:00:00Z") else { throw BenchmarkFailure(description: "bad start date") }
        do { _ = try Record.create(at: path, workflows: Shipped.workflows, now: start) } catch {
            throw BenchmarkFailure(description: "cannot create the record: \(error)")
        }
        let workload = ProcedureBenchmark.Workload(procedure)
        let driver = ProcedureBenchmark.Driver(record: try ProcedureBenchmark.open(path, mode: .batch), flushEvery: 1_000, start: start.addingTimeInterval(60))
        let setupStart = ProcedureBenchmark.monotonic()
        _ = try ProcedureBenchmark.playUntilVoting(workload, driver)
        try driver.flush()
        let list = try ProcedureBenchmark.read("the voting list") { () throws(AccordError) in try driver.record.snapshot().votingList(ProcedureBenchmark.resolution) }
        let count = min(options.voted, list.count)
        let items = (0..<count).map { Amendment.id(list[$0 * list.count / count].amendment) }
        print(String(format: "record ready in %.1f s: %d actions, %d amendments on the voting list", ProcedureBenchmark.monotonic() - setupStart, driver.totalActions, list.count))

        // Tokens, made as `accord token create` makes them, and the server.
        let here = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]).deletingLastPathComponent()
        let server = here.appendingPathComponent("accord-server").path
        let tokens = try (0..<options.organisations).map { organisation in
            try ProcedureBenchmark.output(server, ["token", "create", workload.member(organisation), "-C", path, "--data", data])
        }
        // A password for the first organisation's member, for the pages' cookie session.
        let invitation = try ProcedureBenchmark.output(server, ["invite", workload.member(0), "-C", path, "--data", data])
        let port = Int.random(in: 20_000..<40_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "\(port)", "-C", path, "--data", data]
        process.environment = ProcessInfo.processInfo.environment.merging(["ACCORD_NOW": RecordDate.format(driver.now)]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGTERM); process.waitUntilExit() } }
        var ready = false
        for _ in 0..<200 where !ready {
            usleep(50_000)
            ready = (try? LoopbackClient(port: port).request("GET", "/api/v1/openapi.json").status) == 200
        }
        guard ready else { throw BenchmarkFailure(description: "accord-server did not start") }

        // The pages of the resolution, as a signed-in member's browser fetches them, before the vote.
        let pages = try measurePages(port: port, invitation: invitation, email: workload.member(0) + "@example.org")
        for page in pages {
            print("page:   \(page.path) " + String(format: "first %.1f ms to the first byte; then p50 %.1f ms to the first byte, %.1f ms in all (%d fetches); %.0f KB of HTML",
                         page.cold * 1000, ProcedureBenchmark.percentile(page.firstBytes, 0.5) * 1000,
                         ProcedureBenchmark.percentile(page.totals, 0.5) * 1000, page.firstBytes.count, Double(page.bytes) / 1024))
        }

        // The run: one keep-alive connection per voting organisation and per reader.
        let deadline = ProcedureBenchmark.monotonic() + options.seconds
        let votes = Samples(), reads = Samples()
        let group = DispatchGroup()
        let runStart = ProcedureBenchmark.monotonic()
        for organisation in 0..<options.organisations {
            let token = tokens[organisation]
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let client = try? LoopbackClient(port: port) else { votes.fail("connect"); return }
                for (index, item) in items.enumerated() where ProcedureBenchmark.monotonic() < deadline {
                    let choice = workload.choice(amendment: index, organisation: organisation).rawValue
                    let body = "{\"item\":\"\(item)\",\"choice\":\"\(choice)\"}"
                    let began = ProcedureBenchmark.monotonic()
                    guard let response = try? client.request("POST", "/api/v1/resolutions/\(ProcedureBenchmark.resolution)/votes", token: token, body: body),
                          response.status == 201 else { votes.fail(item); return }
                    votes.add(ProcedureBenchmark.monotonic() - began)
                }
            }
        }
        for reader in 0..<options.readers {
            let token = tokens[reader % tokens.count]
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                guard let client = try? LoopbackClient(port: port) else { reads.fail("connect"); return }
                while ProcedureBenchmark.monotonic() < deadline {
                    let began = ProcedureBenchmark.monotonic()
                    guard let response = try? client.request("GET", "/api/v1/resolutions/\(ProcedureBenchmark.resolution)", token: token),
                          response.status == 200 else { reads.fail("status"); return }
                    reads.add(ProcedureBenchmark.monotonic() - began)
                }
            }
        }
        group.wait()
        let elapsed = ProcedureBenchmark.monotonic() - runStart
        // Votes may all land before the readers stop: their rate is over their own span.
        let voting = max(0.001, min(elapsed, votes.lastEnd - runStart))
        let rss = serverRSSMB(process.processIdentifier)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()

        // Side by side: `accord vote` processes, one per organisation, all at once, on two
        // amendments the server's voters were not given (each process opens the record and writes durably).
        let accord = here.appendingPathComponent("accord").path
        let sampled = Set(items)
        let spare = list.lazy.map { Amendment.id($0.amendment) }.filter { !sampled.contains($0) }.prefix(2)
        let now = RecordDate.format(driver.now)
        var cliVotes = 0
        let cliStart = ProcedureBenchmark.monotonic()
        for item in spare {
            let cliGroup = DispatchGroup()
            let failed = Samples()
            for organisation in 0..<options.organisations {
                cliGroup.enter()
                Thread.detachNewThread {
                    defer { cliGroup.leave() }
                    do {
                        try ProcedureBenchmark.timedRun(accord, ["-C", path, "vote", ProcedureBenchmark.resolution, item, "--for", "--as", workload.member(organisation)],
                                                        environment: ["ACCORD_NOW": now])
                    } catch { failed.fail("\(error)") }
                }
            }
            cliGroup.wait()
            cliVotes += options.organisations - failed.failures
        }
        let cliSeconds = ProcedureBenchmark.monotonic() - cliStart
        print(String(format: "cli:    %6d accord vote processes, %d at a time: %.1f durable votes/s", cliVotes, options.organisations, Double(cliVotes) / max(cliSeconds, 0.001)))
        let gitRate = try durableGitCommitRate(in: folder + "/git-side-by-side")
        print(String(format: "git:    %6d git add + git commit, core.fsync=all, one after another in a small work tree: %.1f commits/s", 100, gitRate))

        // Every answered vote is in the record, once.
        let record = try ProcedureBenchmark.open(path, mode: .direct)
        let recorded = try ProcedureBenchmark.read("the votes") { () throws(AccordError) in
            try record.snapshot().amendmentVotes(ProcedureBenchmark.resolution).values.reduce(0) { $0 + $1.count }
        }
        let usage = try ProcedureBenchmark.diskUsage(path)
        let voteLatencies = votes.values, readLatencies = reads.values
        let p = { (values: [Double], fraction: Double) in ProcedureBenchmark.percentile(values, fraction) * 1000 }
        print(String(format: "votes:  %6d answered 201 in %.1f s = %7.1f durable votes/s, p50 %.1f ms, p99 %.1f ms; %d failed", voteLatencies.count, voting,
                     Double(voteLatencies.count) / voting, p(voteLatencies, 0.5), p(voteLatencies, 0.99), votes.failures))
        print(String(format: "reads:  %6d status reads = %7.1f reads/s, p50 %.1f ms, p99 %.1f ms; %d failed", readLatencies.count,
                     Double(readLatencies.count) / elapsed, p(readLatencies, 0.5), p(readLatencies, 0.99), reads.failures))
        print(String(format: "server: peak RSS %.0f MB; packs on disk %d, loose objects %d; votes in the record %d (answered %d by the server, %d by the CLI)",
                     rss, usage.packs, usage.looseObjects, recorded, voteLatencies.count, cliVotes))
        var checks: [String] = []
        // git fsck lists the packs, then opens them: a repack still merging them in the background
        // would remove some in between. Wait for it, as its lock says, and keep the next one out.
        let maintenance = open(path + "/accord/maintenance.lock", O_RDWR | O_CREAT, 0o644)
        defer { close(maintenance) }
        _ = flock(maintenance, LOCK_EX)
        var fsck = true
        do { try ProcedureBenchmark.timedRun(ProcedureBenchmark.git, ["-C", path, "fsck", "--strict"]) } catch {
            fsck = false
            print("git fsck --strict: \(error)")
        }
        checks.append("git fsck --strict \(fsck ? "clean" : "FAILED")")
        if options.verify {
            let accord = here.appendingPathComponent("accord").path
            let seconds = try? ProcedureBenchmark.timedRun(accord, ["-C", path, "verify"])
            checks.append(seconds.map { String(format: "accord verify clean (%.1f s)", $0) } ?? "accord verify FAILED")
        }
        print("checks: " + checks.joined(separator: "; "))
        let fields = [
            "votes=\(voteLatencies.count)", String(format: "votes_per_s=%.1f", Double(voteLatencies.count) / voting),
            String(format: "vote_p50_ms=%.1f", p(voteLatencies, 0.5)), String(format: "vote_p99_ms=%.1f", p(voteLatencies, 0.99)),
            String(format: "reads_per_s=%.1f", Double(readLatencies.count) / elapsed), String(format: "read_p99_ms=%.1f", p(readLatencies, 0.99)),
            String(format: "server_rss_mb=%.0f", rss), "packs=\(usage.packs)", "recorded=\(recorded)",
            "exactly_once=\(recorded == voteLatencies.count + cliVotes)", "fsck_clean=\(fsck)",
            String(format: "cli_votes_per_s=%.1f", Double(cliVotes) / max(cliSeconds, 0.001)),
            String(format: "git_commits_per_s=%.1f", gitRate),
        ] + pages.enumerated().flatMap { index, page in
            let name = ["page", "list", "history"][index]
            return [String(format: "\(name)_ttfb_ms=%.1f", ProcedureBenchmark.percentile(page.firstBytes, 0.5) * 1000),
                    String(format: "\(name)_first_ttfb_ms=%.1f", page.cold * 1000), "\(name)_bytes=\(page.bytes)"]
        }
        print("RESULT " + fields.joined(separator: " "))
    }

    /// The server's peak resident memory (VmHWM), in MB.
    static func serverRSSMB(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kilobytes / 1024
    }
}

extension ServeBenchmark {
    /// What one page took: the first fetch's time to the first byte, then those of later fetches
    /// and their whole answers, and the size of its HTML.
    struct PageFigures {
        let path: String
        let cold: Double
        let firstBytes: [Double]
        let totals: [Double]
        let bytes: Int
    }

    /// Sets the member's password at the invitation `accord-server invite` printed, signs in with
    /// a cookie session as a browser does, and fetches the first page of the resolution's text,
    /// of its amendments and of its history: once, then `fetches` times more on the same
    /// keep-alive connection.
    static func measurePages(port: Int, invitation: String, email: String, fetches: Int = 10) throws -> [PageFigures] {
        let client = try LoopbackClient(port: port)
        let password = "a benchmark's long password"
        let token = invitation.split(separator: "/").last.map(String.init) ?? ""
        let set = try client.exchange("POST", "/api/v1/invitations/\(token)", body: "{\"password\":\"\(password)\"}")
        guard set.status == 200 else { throw BenchmarkFailure(description: "the invitation was refused: \(set.status)") }
        let signIn = try client.exchange("POST", "/api/v1/sessions", body: "{\"email\":\"\(email)\",\"password\":\"\(password)\"}")
        guard signIn.status == 201, let cookie = signIn.headers.first(where: { $0.lowercased().hasPrefix("set-cookie: accord_session=") })
            .map({ String($0.dropFirst("set-cookie: ".count).prefix { $0 != ";" }) }) else {
            throw BenchmarkFailure(description: "signing in failed: \(signIn.status)")
        }
        let resolution = "/resolutions/\(ProcedureBenchmark.resolution)"
        return try [resolution, resolution + "/amendments", resolution + "/history"].map { path in
            let first = try client.exchange("GET", path, cookie: cookie)
            guard first.status == 200 else { throw BenchmarkFailure(description: "\(path) answered \(first.status)") }
            var firstBytes: [Double] = [], totals: [Double] = []
            for _ in 0..<fetches {
                let again = try client.exchange("GET", path, cookie: cookie)
                guard again.status == 200 else { throw BenchmarkFailure(description: "\(path) answered \(again.status)") }
                firstBytes.append(again.firstByte)
                totals.append(again.total)
            }
            return PageFigures(path: path, cold: first.firstByte, firstBytes: firstBytes, totals: totals, bytes: first.body.count)
        }
    }
}

/// Latencies gathered by many threads.
final class Samples: @unchecked Sendable {
    private let lock = NSLock()
    private var samples: [Double] = []
    private var failed = 0

    /// When the last sample ended, on the monotonic clock.
    private var end = 0.0

    func add(_ seconds: Double) { lock.lock(); samples.append(seconds); end = max(end, ProcedureBenchmark.monotonic()); lock.unlock() }
    var lastEnd: Double { lock.lock(); defer { lock.unlock() }; return end }
    func fail(_ what: String) { lock.lock(); failed += 1; lock.unlock() }
    var values: [Double] { lock.lock(); defer { lock.unlock() }; return samples }
    var failures: Int { lock.lock(); defer { lock.unlock() }; return failed }
}

extension ServeBenchmark {
    /// Durable commits per second of the git CLI, side by side with the server: `count` votes
    /// written as files and committed one after another with `git add` + `git commit`
    /// (`core.fsync=all`) in a work tree of their own, where git's index stays small.
    static func durableGitCommitRate(in folder: String, count: Int = 100) throws -> Double {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let git = ProcedureBenchmark.git
        try ProcedureBenchmark.timedRun(git, ["init", "--quiet", folder])
        let options = ["-C", folder] + ProcedureBenchmark.gitIdentity + ["-c", "core.fsync=all"]
        let start = ProcedureBenchmark.monotonic()
        for step in 0..<count {
            try "vote: for\nstep: \(step)\n".write(toFile: folder + "/vote-\(step % 50).yml", atomically: false, encoding: .utf8)
            try ProcedureBenchmark.timedRun(git, options + ["add", "vote-\(step % 50).yml"], syncFirst: false)
            try ProcedureBenchmark.timedRun(git, options + ["commit", "--quiet", "--no-verify", "-m", "Vote \(step)"], syncFirst: false)
        }
        return Double(count) / (ProcedureBenchmark.monotonic() - start)
    }
}

/// A minimal HTTP/1.1 client over one keep-alive connection to 127.0.0.1 (blocking sockets;
/// the server's answers carry Content-Length).
final class LoopbackClient {
    private let socket: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(socket)
            throw BenchmarkFailure(description: "cannot connect to 127.0.0.1:\(port)")
        }
        var one: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(socket) }

    func request(_ method: String, _ path: String, token: String? = nil, body: String? = nil) throws -> (status: Int, body: [UInt8]) {
        let answer = try exchange(method, path, token: token, body: body)
        return (answer.status, answer.body)
    }

    /// A request and its answer: the status, the header lines, the body, and the seconds from
    /// sending to the first byte of the answer and to its last.
    func exchange(_ method: String, _ path: String, token: String? = nil, cookie: String? = nil,
                  body: String? = nil) throws -> (status: Int, headers: [String], body: [UInt8], firstByte: Double, total: Double) {
        let began = ProcedureBenchmark.monotonic()
        var firstByte: Double?
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if let cookie { head += "Cookie: \(cookie)\r\n" }
        let bytes = Array((body ?? "").utf8)
        if body != nil { head += "Content-Type: application/json\r\n" }
        head += "Content-Length: \(bytes.count)\r\n\r\n"
        let message = Array(head.utf8) + bytes
        var sent = 0
        while sent < message.count {
            let written = message[sent...].withUnsafeBytes { send(socket, $0.baseAddress, $0.count, 0) }
            guard written > 0 else { throw BenchmarkFailure(description: "the connection closed") }
            sent += written
        }
        // Headers, then Content-Length bytes of body.
        var headerEnd: Int?
        while headerEnd == nil {
            if let end = Self.find([13, 10, 13, 10], in: buffer) { headerEnd = end } else { try fill() }
            if firstByte == nil, !buffer.isEmpty { firstByte = ProcedureBenchmark.monotonic() - began }
        }
        let headerBytes = Array(buffer[..<headerEnd!])
        let headers = String(decoding: headerBytes, as: UTF8.self)
        let status = Int(headers.split(separator: " ").dropFirst().first ?? "") ?? 0
        var length = 0
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        let total = headerEnd! + 4 + length
        while buffer.count < total { try fill() }
        let responseBody = Array(buffer[(headerEnd! + 4)..<total])
        buffer.removeFirst(total)
        let end = ProcedureBenchmark.monotonic() - began
        return (status, headers.components(separatedBy: "\r\n"), responseBody, firstByte ?? end, end)
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { throw BenchmarkFailure(description: "the connection closed") }
        buffer.append(contentsOf: chunk[..<count])
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for start in 0...(bytes.count - pattern.count) where bytes[start] == pattern[0] && Array(bytes[start..<(start + pattern.count)]) == pattern {
            return start
        }
        return nil
    }
}
