import Foundation
import Resolutions
import Testing
import Workflow

/// The `accord` binary carries copies of `workflows/*.yml` and the demo samples:
/// they must be the files of the repository, byte for byte.
@Suite struct ShippedFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func file(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func workflowsAreTheFilesOfTheRepository() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("workflows").path)
            .filter { $0.hasSuffix(".yml") }.map { String($0.dropLast(4)) }.sorted()
        #expect(Shipped.workflows.keys.sorted() == names, "run scripts/embed-shipped-files")
        for name in names {
            #expect(Shipped.workflows[name] == (try file("workflows/\(name).yml")), "run scripts/embed-shipped-files")
        }
    }

    @Test func samplesAreTheFilesOfTheRepository() throws {
        #expect(Shipped.draft == (try file("drafts/pact-resolution.md")), "run scripts/embed-shipped-files")
        #expect(Shipped.roster == (try file("drafts/roster.yml")), "run scripts/embed-shipped-files")
    }

    @Test func everyShippedWorkflowLintsCleanWithWhatAccordImplements() throws {
        for (name, yaml) in Shipped.workflows.sorted(by: { $0.key < $1.key }) {
            let issues = WorkflowLinter.lint(yaml, file: "workflows/\(name).yml", vocabulary: .accord(forWorkflow: name))
            #expect(issues.isEmpty, "\(issues)")
        }
        #expect(AmendmentLife.shipped.initial == .tabled)
        #expect(AmendmentLife.shipped.compromiseInitial == .admissible)
        #expect(AmendmentLife.shipped.transition(.passed)?.name == "adopt")
    }
}
