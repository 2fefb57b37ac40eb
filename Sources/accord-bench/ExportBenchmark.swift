import Exports
import Foundation
import Resolutions

/// `accord-bench export`: each format and view rendered from a large synthetic
/// resolution held in memory, so the figure is the renderers' own cost (the
/// `procedure` benchmark times the same exports loaded from a full record).
enum ExportBenchmark {
    static let usage = "usage: accord-bench export [--provisions N] [--amendments N] [--runs N]"

    static func run(_ arguments: [String]) -> Int32 {
        var provisions = 1_000
        var amendments = 10_000
        var runs = 3
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst().flatMap(Int.init), value > 0 else { print(usage); return 2 }
            switch flag {
            case "--provisions": provisions = value
            case "--amendments": amendments = value
            case "--runs": runs = value
            default: print(usage); return 2
            }
        }
        let export = large(provisions: provisions, amendments: amendments)
        print("export benchmark: \(provisions) provisions, \(amendments) amendments, in memory (median of \(runs))")
        var fields = ["provisions=\(provisions)", "amendments=\(amendments)"]
        let clock = ContinuousClock()
        for format in ExportFormat.allCases {
            for view in format.views {
                var bytes = 0
                let times = (0..<runs).map { _ in
                    clock.measure { bytes = ((try? Exporter.file(export, format: format, view: view)) ?? nil)?.count ?? 0 }
                }.sorted()
                let median = times[times.count / 2]
                let milliseconds = Double(median.components.seconds) * 1_000 + Double(median.components.attoseconds) / 1e15
                let name = "\(format.rawValue) \(view.rawValue)"
                print("  " + name.padding(toLength: 28, withPad: " ", startingAt: 0)
                      + String(format: "%9.1f ms  %7d KiB", milliseconds, bytes / 1024))
                fields.append("\(format.rawValue)_\(view.rawValue.replacingOccurrences(of: "-", with: "_"))_ms=\(String(format: "%.1f", milliseconds))")
            }
        }
        print("RESULT " + fields.joined(separator: " "))
        return 0
    }

    /// The procedure benchmark's text and roster, with amendments of every kind and
    /// state, vote counts and compromises, as values.
    static func large(provisions: Int, amendments count: Int) -> ResolutionExport {
        let text = ProcedureBenchmark.Workload.makeText(provisions: provisions, id: "bench")
        let organisations = (1...50).map { String(format: "org-%02d", $0) }
        let roster = ProcedureBenchmark.Workload.makeRoster(organisations)
        let targets = text.provisions
        let kinds = AmendmentKind.allCases
        let states = AmendmentLife.shipped.workflow.states.map { AmendmentState(rawValue: $0.name) }
        var votes: [Int: VoteCount] = [:]
        let amendments = (1...max(1, count)).map { number in
            let target = targets[(number * 7) % targets.count]
            let kind = kinds[number % kinds.count]
            let organisation = organisations[number % organisations.count]
            var tally = VoteCount()
            tally.votesFor = number % 41
            tally.against = 40 - number % 41
            votes[number] = tally
            let draft = AmendmentDraft(target: target.id, kind: kind, text: kind == .delete ? nil : target.text + " & more by \(number)",
                                       justification: "Because <reasons> \(number).",
                                       cosignatories: number % 3 == 0 ? ["\(organisations[(number + 1) % organisations.count])-1"] : [],
                                       replaces: number % 50 == 0 && number > 2 ? [number - 1, number - 2] : [])
            return Amendment(number: number, round: 1, draft: draft, organisation: organisation, tabledBy: "\(organisation)-1",
                             state: states[number % states.count], ruling: Ruling(admissible: true, by: ProcedureBenchmark.secretariat))
        }
        // The adopted text has the adopted amendments applied, so that the adopted views show real changes.
        let adopted = Tally.consolidate(text, adopted: amendments.filter { $0.state == .adopted })
        return ResolutionExport(text: adopted, draft: text, original: text, isAdopted: true, state: "adopted", amendments: amendments, votes: votes,
                                roster: roster, date: Date(timeIntervalSince1970: 1_795_000_000))
    }
}
