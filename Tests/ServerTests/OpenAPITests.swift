import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

@Suite struct OpenAPITests {
    /// `METHOD /path` for every operation of the document.
    static func documentedOperations() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.0.3")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: Set<String> = []
        for (path, item) in paths {
            for method in item.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func theDocumentDescribesExactlyTheRoutes() throws {
        let fixture = try ServerFixture()
        let server = try buildApplication(fixture.configuration)
        let routes = Set(server.routes)
        #expect(routes.count == server.routes.count)
        let documented = try Self.documentedOperations()
        #expect(routes.subtracting(documented).isEmpty, "routes missing from the OpenAPI document: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented operations with no route: \(documented.subtracting(routes).sorted())")
    }

    @Test func theDocumentIsServedAndEveryResponseCarriesTheSecurityHeaders() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client in
            for path in ["/api/v1/openapi.json", "/api/v1/resolutions", "/api/v1/no/such/thing", "/no/such/page"] {
                let response = try await client.call(.get, path)
                let policy = try #require(response.headers[.contentSecurityPolicy], "\(path)")
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                if path == "/api/v1/openapi.json" {
                    #expect(response.status == .ok)
                    #expect(response.text == OpenAPIDocument.json)
                } else if path.hasPrefix("/api/") {
                    #expect(response.json["error"] is String, "\(path): \(response.text)")
                } else {
                    // Outside the API, errors are pages.
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.text.contains("There is nothing at /no/such/page"), "\(response.text)")
                }
            }
        }
    }

    /// schemathesis (PyPI, installed by scripts/setup) sends a few hundred generated requests,
    /// signed in as the secretariat: no answer may be a 5xx or fall outside the document.
    @Test(.timeLimit(.minutes(3))) func schemathesisFindsNoServerErrorAndNoAnswerOutsideTheDocument() async throws {
        guard let schemathesis = Self.which("schemathesis") else {
            Issue.record("schemathesis is not installed; scripts/setup installs it (pip install schemathesis)")
            return
        }
        let fixture = try ServerFixture()
        _ = try AuthorisationTests.prepare("amendments", fixture)
        fixture.clock.set(When.tabling)
        let token = try fixture.token("claire")
        let log = fixture.folder + "/schemathesis.log"
        try await fixture.serve { client in
            let port = try #require(client.port)
            let status = try await Self.runToFile(schemathesis, [
                "run", "http://127.0.0.1:\(port)/api/v1/openapi.json", "-H", "Authorization: Bearer \(token)",
                "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
                "--phases", "examples,coverage,fuzzing", "--max-examples", "15", "--seed", "18", "--workers", "1",
                "--request-timeout", "10", "--no-color",
            ], output: log)
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            #expect(status == 0, "schemathesis:\n\(output.suffix(6000))")
            // A few hundred generated requests, not a handful.
            let generated = output.firstMatch(of: /(\d+) generated/).flatMap { Int($0.1) } ?? 0
            #expect(generated >= 200, "schemathesis generated \(generated) test cases")
        }
    }

    static func which(_ name: String) -> String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/local/bin", "/root/.local/bin"]
        return paths.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program with its output in a file, without holding a thread while it runs.
    static func runToFile(_ executable: String, _ arguments: [String], output: String) async throws -> Int32 {
        FileManager.default.createFile(atPath: output, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }
}
