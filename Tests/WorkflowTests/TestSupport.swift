import Foundation
import Testing
import Workflow

/// Paths and values shared by the tests; files are reached relative to this source file.
enum TestSupport {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let workflowsFolder = packageRoot.appendingPathComponent("workflows")
    static let fixturesFolder = testsFolder.appendingPathComponent("Fixtures")
    static let snapshotsFolder = testsFolder.appendingPathComponent("Snapshots")

    /// The names the Resolutions host is expected to supply.
    static let hostVocabulary = HostVocabulary(
        predicates: ["no-unscreened-amendments", "every-section-approved", "text-vote-passed", "own-organisation", "translations-current"],
        effects: ["set-deadline", "fix-electorate", "tally", "new-round", "adopt-text"],
        dates: ["amendment-deadline"]
    )

    static func shipped(_ name: String) throws -> WorkflowDefinition {
        try WorkflowDefinition.load(contentsOf: workflowsFolder.appendingPathComponent("\(name).yml"), vocabulary: hostVocabulary)
    }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixturesFolder.appendingPathComponent(name), encoding: .utf8)
    }

    /// 15 December 2026, 18:00 UTC: the amendment deadline used throughout.
    static let deadline = Date(timeIntervalSince1970: 1_797_357_600)

    /// Compares `actual` with a committed snapshot file; `ACCORD_UPDATE_SNAPSHOTS=1` rewrites it instead.
    static func assertSnapshot(_ actual: String, at url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["ACCORD_UPDATE_SNAPSHOTS"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "snapshot \(url.lastPathComponent) differs; rerun with ACCORD_UPDATE_SNAPSHOTS=1 to accept", sourceLocation: sourceLocation)
    }
}
