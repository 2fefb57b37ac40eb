import Foundation
@testable import Resolutions
import Testing

/// Stretches of the history checked on several threads give the outcome of one replay from the
/// first commit: every commit checked, the first bad one reported, tags gathered from every stretch.
@Suite("Verifier stretches")
struct VerifierStretchesTests {
    static func verify(_ fixture: TestRecord, workers: Int) throws -> VerificationReport {
        try Verifier(record: try Record.open(at: fixture.path), commitsPerStretch: 2, workers: workers).verify()
    }

    @Test("a clean history checked in stretches checks every commit, with the adoption's tag", arguments: [1, 2, 3])
    func clean(workers: Int) throws {
        let fixture = try TestRecord()
        try fixture.adoptShortProcedure()
        let report = try Self.verify(fixture, workers: workers)
        #expect(report.failure == nil)
        #expect(report.commitsChecked == (try fixture.commitCount()))
        // The adoption's tag is expected from the stretch that holds the adoption: moved, it is caught.
        #expect(try fixture.git("tag", "-f", "-a", "pact-2026/adopted", "-m", "Moved", "main~1",
                                environment: TestRecord.forger).status == 0)
        let moved = try #require(try Self.verify(fixture, workers: workers).failure)
        #expect(moved.commit.hex == (try fixture.tip()))
        #expect(moved.reason.contains("pact-2026/adopted"))
    }

    @Test("of two forged commits in different stretches, the first is reported", arguments: [1, 2, 3])
    func firstOfTwoForgeries(workers: Int) throws {
        let fixture = try TestRecord()
        try Stage.voting.prepare(fixture)
        let first = try fixture.forgeCommit(writing: [VerifyTests.vote: "vote: against\nperson: amelie\n"], message: "Correct a vote\n")
        try fixture.vote(on: "A2", ballot(for: 3))
        try fixture.vote(on: "A3", ballot(for: 3))
        try fixture.forgeCommit(writing: [VerifyTests.vote: "vote: for\nperson: amelie\n"], message: "Correct it again\n")
        try fixture.vote(on: "A2", ballot(for: 2))
        let report = try Self.verify(fixture, workers: workers)
        let failure = try #require(report.failure)
        #expect(failure.commit.hex == first)
        #expect(failure.reason.contains("no Accord-Action trailer"))
        #expect(report.commitsChecked == Int(try fixture.git("rev-list", "--count", first).text))
    }

    @Test("a forged commit late in the history is found by the stretch that holds it", arguments: [2, 3])
    func lateForgery(workers: Int) throws {
        let fixture = try TestRecord()
        try fixture.adoptShortProcedure()
        let forged = try fixture.forgeCommit(writing: ["notes.txt": "note\n"], message: "Add a note\n")
        let report = try Self.verify(fixture, workers: workers)
        let failure = try #require(report.failure)
        #expect(failure.commit.hex == forged)
        #expect(report.commitsChecked == (try fixture.commitCount()))
        #expect(report == (try Self.verify(fixture, workers: 1)))
    }
}
