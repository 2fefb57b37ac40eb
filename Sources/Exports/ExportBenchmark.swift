import Foundation
import Resolutions

/// How long each export takes on a large synthetic resolution, in memory.
///
/// Lives here rather than in `accord-bench` because that tool does not yet
/// dispatch on a first argument; `accord-bench` can call `ExportBenchmark.run()`
/// once it does. The inputs are plain values, so the figure is the renderers'
/// own cost, with no record reading in it.
public enum ExportBenchmark {
    /// One measured export.
    public struct Measurement: Sendable, CustomStringConvertible {
        public let name: String
        public let seconds: Double
        public let bytes: Int
        public var description: String { "\(name): \(String(format: "%.3f", seconds)) s, \(bytes / 1024) KiB" }
    }

    /// A text of `provisions` provisions in twenty sections, the first half of the first
    /// section recitals, every provision with characters that need escaping.
    ///
    /// Amendments are not made here: `Amendment` has no public initialiser outside
    /// `Resolutions`, so the benchmark test builds them with `@testable import`.
    public static func sampleText(provisions: Int = 1_000) -> ResolutionText {
        let sectionCount = 20
        let perSection = max(1, provisions / sectionCount)
        var sections: [Section] = []
        var recitals = 0
        var paragraphs = 0
        for sectionIndex in 0..<sectionCount {
            var list: [Provision] = []
            for index in 0..<perSection {
                let words = "the Council calls on the Member States and the European Commission to support local and regional governments in provision \(index) of section \(sectionIndex) & <more>"
                if sectionIndex == 0 && index < perSection / 2 {
                    recitals += 1
                    list.append(Provision(id: Numbering.impliedID(kind: .recital, number: Numbering.letters(recitals)), kind: .recital, text: "Whereas " + words))
                } else {
                    paragraphs += 1
                    list.append(Provision(id: "par-\(paragraphs)", kind: .paragraph, text: "Asks " + words))
                }
            }
            sections.append(Section(id: "sec-part-\(sectionIndex + 1)", title: "Part \(sectionIndex + 1)", provisions: list))
        }
        return ResolutionText(title: "Benchmark resolution", id: "bench", opening: "The Council,", sections: sections)
    }

    /// Renders every format and view of an export once and times each.
    public static func run(_ export: ResolutionExport) -> [Measurement] {
        var results: [Measurement] = []
        let clock = ContinuousClock()
        for format in ExportFormat.allCases {
            for view in format.views {
                var output = ""
                let elapsed = clock.measure { output = Exporter.render(export, format: format, view: view) ?? "" }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                results.append(Measurement(name: "\(format.rawValue) \(view.rawValue)", seconds: seconds, bytes: output.utf8.count))
            }
        }
        return results
    }
}
