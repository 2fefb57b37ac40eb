import Foundation
import Testing

/// The long reads print the same whether they parse the record or take what an earlier
/// command stored under `<record>/accord/cache`, and never what was stored for another version.
@Suite struct StoredOutputTests {
    static let reads: [[String]] = [
        ["status", "pact-2026"], ["status", "pact-2026", "--json"], ["show", "pact-2026"],
        ["voting-list", "pact-2026"], ["voting-list", "pact-2026", "--json"],
    ]

    /// What `accord ARGUMENTS…` printed, expecting success.
    static func read(_ sandbox: Sandbox, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let outcome = try sandbox.accord(arguments)
        #expect(outcome.status == 0, "accord \(arguments.joined(separator: " ")) failed: \(outcome.stderr)", sourceLocation: sourceLocation)
        return outcome.stdout
    }

    /// Each read as printed without any stored file, then twice more (storing, then from the store).
    static func expectSameWithAndWithoutCache(_ sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let cache = sandbox.record.appendingPathComponent("accord/cache")
        for read in Self.reads {
            try? FileManager.default.removeItem(at: cache)
            let cold = try Self.read(sandbox, read)
            #expect(try Self.read(sandbox, read) == cold, "\(read) after storing", sourceLocation: sourceLocation)
            #expect(try Self.read(sandbox, read) == cold, "\(read) from the stored files", sourceLocation: sourceLocation)
        }
    }

    @Test func readsPrintTheSameFromStoredFilesAndAfterEachAction() throws {
        let procedure = try PactProcedure(until: .votingOpened)
        let sandbox = procedure.sandbox
        try Self.expectSameWithAndWithoutCache(sandbox)
        let before = try Self.reads.map { try Self.read(sandbox, $0) }
        // Another command changes the record: every read made from stored files must show it.
        try sandbox.act("vote", "pact-2026", "A10", "--against", as: "amelie")
        let after = try Self.reads.map { try Self.read(sandbox, $0) }
        #expect(after[0] != before[0] && after[1] != before[1], "the status shows the new vote")
        #expect(after[1].contains("\"afccre\" : \"against\""))
        try Self.expectSameWithAndWithoutCache(sandbox)
        #expect(try Self.reads.map { try Self.read(sandbox, $0) } == after)
    }

    @Test func aDamagedStoredFileIsIgnored() throws {
        let procedure = try PactProcedure(until: .votingOpened)
        let sandbox = procedure.sandbox
        let expected = try Self.reads.map { try Self.read(sandbox, $0) }
        let cache = sandbox.record.appendingPathComponent("accord/cache")
        let files = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(files.contains("pact-2026.status-amendments-json-1.out"))
        #expect(files.contains("resolutions.pact-2026.text.md.parsed"))
        for file in files {
            let url = cache.appendingPathComponent(file)
            var bytes = try [UInt8](Data(contentsOf: url))
            if !bytes.isEmpty { bytes[bytes.count / 2] ^= 0x5A }
            try Data(bytes).write(to: url)
        }
        #expect(try Self.reads.map { try Self.read(sandbox, $0) } == expected)
        try sandbox.git("fsck", "--strict")
    }
}
