import Foundation
import GitTestSupport
import HTTPTypes
import Hummingbird
import Logging
import HummingbirdTesting
import NIOCore
import Resolutions
import Server
import Testing

/// "Now" for the server's actions, moved by the test (deadlines pass when it says so).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date

    init(_ text: String) {
        date = TestClock.date(text)
    }

    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return date
    }

    func set(_ text: String) {
        lock.lock()
        date = TestClock.date(text)
        lock.unlock()
    }

    static func date(_ text: String) -> Date {
        guard let date = RecordDate.parse(text) else { preconditionFailure("not a date: \(text)") }
        return date
    }
}

/// Dates of the consultation the tests play.
enum When {
    static let created = "2026-11-02T09:00:00Z"
    static let opened = "2026-11-03T09:00:00Z"
    static let tabling = "2026-11-10T10:00:00Z"
    static let deadline = "2026-11-20T18:00:00Z"
    static let screening = "2026-11-21T09:00:00Z"
    static let voting = "2026-11-25T09:00:00Z"
    static let review = "2026-12-01T09:00:00Z"
    static let adoption = "2026-12-02T09:00:00Z"
}

let pact = "pact-2026"
/// The eight voting members of the sample roster, one per member organisation.
let voters = ["amelie", "sanne", "katrin", "lucia", "giulia", "annika", "ingrid", "elodie"]

/// A record of its own (the shipped workflows, the sample roster and draft), its server data
/// folder and a clock, in a temporary folder removed with it.
final class ServerFixture: @unchecked Sendable {
    let folder: String
    /// The bare repository.
    let path: String
    let clock = TestClock(When.created)
    var configuration: ServerConfiguration
    let store: CredentialStore

    init(draft: Bool = true, trustedProxies: Set<String> = []) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-server-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/record.git"
        let created = TestClock.date(When.created)
        let record = try Record.create(at: path, workflows: Shipped.workflows, now: created)
        try record.perform(.importRoster(try Roster(yaml: Shipped.roster, file: "roster.yml")), by: nil, at: created)
        if draft {
            try record.perform(.importDraft(try ResolutionText(markdown: Shipped.draft, file: "draft.md")), by: "claire", at: created)
        }
        configuration = ServerConfiguration(gitDirectory: path)
        configuration.port = 0
        configuration.dataDirectory = folder + "/data"
        configuration.trustedProxies = trustedProxies
        let clock = clock
        configuration.now = { clock.now }
        store = try CredentialStore(directory: folder + "/data")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `body` against the real application, served over real HTTP on a free loopback port.
    func serve(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "accord-server-tests")
        logger.logLevel = .warning
        let server = try buildApplication(configuration, logger: logger)
        try await server.application.test(.live) { client in try await body(client) }
    }

    /// A bearer token for a person, made as `accord token create` makes it.
    func token(_ person: String) throws -> String {
        try store.createToken(for: person, name: "tests").token
    }

    /// Runs the real git on the record.
    @discardableResult
    func git(_ arguments: String...) throws -> GitOutput {
        try GitTestSupport.git(arguments, in: path)
    }

    func tip() throws -> String { try git("rev-parse", "refs/heads/main").text }

    func commitCount() throws -> Int { Int(try git("rev-list", "--count", "refs/heads/main").text) ?? -1 }

    /// The record opened afresh (what the CLI would see).
    func snapshot() throws -> Snapshot { try Record.open(at: path).snapshot() }

    /// Performs an action directly through the library (setting up a state quickly).
    @discardableResult
    func perform(_ action: Action, by person: String, at when: String) throws -> Performed {
        try Record.open(at: path).perform(action, by: person, at: TestClock.date(when))
    }
}

/// How a test request proves who sends it.
enum Caller: Sendable {
    case anonymous
    case token(String)
    /// A cookie session; `csrf` nil sends no CSRF token.
    case session(cookie: String, csrf: String?)
}

extension TestClientProtocol {
    /// A request with a JSON body (a dictionary or array, serialised), as `caller`.
    func call(_ method: HTTPRequest.Method, _ path: String, _ body: Any? = nil, as caller: Caller = .anonymous,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        switch caller {
        case .anonymous: break
        case .token(let token): headers[.authorization] = "Bearer \(token)"
        case .session(let cookie, let csrf):
            headers[.cookie] = "accord_session=\(cookie)"
            if let csrf { headers[HTTPField.Name("X-CSRF-Token")!] = csrf }
        }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        }
        return try await executeRequest(uri: path, method: method, headers: headers, body: buffer)
    }

    /// Signs in with email and password; returns the session cookie's value and the CSRF token.
    func signIn(_ email: String, _ password: String, headers: HTTPFields = [:]) async throws -> Caller {
        let response = try await call(.post, "/api/v1/sessions", ["email": email, "password": password], headers: headers)
        try #require(response.status == .created, "sign-in: \(response.status) \(response.text)")
        let cookie = try #require(response.sessionCookie)
        let csrf = try #require(response.json["csrfToken"] as? String)
        return .session(cookie: cookie, csrf: csrf)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object (empty when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [[String: Any]] ?? []
    }

    var reasons: [String] { json["reasons"] as? [String] ?? [] }

    /// The value the response sets the session cookie to.
    var sessionCookie: String? {
        for header in headers[values: .setCookie] where header.hasPrefix("accord_session=") {
            return String(header.dropFirst("accord_session=".count).prefix { $0 != ";" })
        }
        return nil
    }
}

/// Sets a person's password through an invitation, as the person would at the link.
func setPassword(_ person: String, _ password: String, fixture: ServerFixture, client: any TestClientProtocol) async throws {
    let invitation = try fixture.store.invite(person)
    let response = try await client.call(.post, "/api/v1/invitations/\(invitation)", ["password": password])
    try #require(response.status == .ok, "invitation: \(response.status) \(response.text)")
}


/// `accord serve` on a free port, as a process; returns it once it answers.
func startServer(_ fixture: ServerFixture, now: String = When.voting) async throws -> (Process, Int) {
    let accord = try #require(Binaries.path("accord"))
    let port = Int.random(in: 20_000..<40_000)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: accord)
    process.arguments = ["-C", fixture.path, "serve", "--port", "\(port)", "--data", fixture.folder + "/data"]
    process.environment = ProcessInfo.processInfo.environment.merging(["ACCORD_NOW": now]) { $1 }
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    for _ in 0..<300 {
        try await Task.sleep(for: .milliseconds(100))
        if try Binaries.run("/usr/bin/curl", ["-sf", "-o", "/dev/null", "http://127.0.0.1:\(port)/api/v1/openapi.json"]).status == 0 { return (process, port) }
    }
    process.terminate()
    throw APIError(.serviceUnavailable, "the server did not start")
}

/// The built `accord` executable beside the test bundle (or `$ACCORD_BIN`).
enum Binaries {
    static func path(_ name: String) -> String? {
        if name == "accord", let path = ProcessInfo.processInfo.environment["ACCORD_BIN"] { return path }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs a program and returns its exit status, standard output and standard error.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
