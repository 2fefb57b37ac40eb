import Foundation
@testable import Resolutions
import Testing

/// How the replay is carried out: handles renewed along the way, nothing written to the record.
@Suite("Verifier replay")
struct VerifierReplayTests {
    @Test("renewing the handle every few commits checks every commit and still catches a forged one")
    func renewedHandles() throws {
        let fixture = try TestRecord()
        try fixture.adoptShortProcedure()
        let record = try Record.open(at: fixture.path)
        let clean = try Verifier(record: record, commitsPerStretch: 3).verify()
        #expect(clean.failure == nil)
        #expect(clean.commitsChecked == (try fixture.commitCount()))

        let forged = try fixture.forgeCommit(writing: [VerifyTests.vote: "vote: against\nperson: amelie\n"], message: "Correct a vote\n")
        let report = try Verifier(record: try Record.open(at: fixture.path), commitsPerStretch: 3).verify()
        let failure = try #require(report.failure)
        #expect(failure.commit.hex == forged)
        #expect(report.commitsChecked == (try fixture.commitCount()))
    }

    @Test("verify leaves the amendment shards stored for the next command alone")
    func storesNothing() throws {
        let fixture = try TestRecord()
        try fixture.adoptShortProcedure()
        let cache = fixture.path + "/accord/cache"
        try? FileManager.default.removeItem(atPath: cache)
        #expect(try fixture.verify().failure == nil)
        #expect(!FileManager.default.fileExists(atPath: cache))
    }
}
