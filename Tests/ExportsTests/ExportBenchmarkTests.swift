import Foundation
import Exports
import Resolutions
import Testing

/// Every format of a resolution at the size the issue names (1,000 provisions,
/// 10,000 amendments) renders, and renders all of it. How long it takes is
/// measured by `accord-bench export`, not by a test.
@Suite struct LargeExportTests {
    static func large() -> ResolutionExport {
        let sections = (1...20).map { section in
            Section(id: "sec-part-\(section)", title: "Part \(section)", provisions: (1...50).map { index in
                let number = (section - 1) * 50 + index
                return Provision(id: "par-\(number)", kind: .paragraph, text: "Asks the Member States & <regions> to act on point \(number);")
            })
        }
        let text = ResolutionText(title: "Large resolution", id: "large", opening: "The Council,", sections: sections)
        let targets = text.provisions
        let kinds = AmendmentKind.allCases
        let states = AmendmentLife.shipped.workflow.states.map { AmendmentState(rawValue: $0.name) }
        var votes: [Int: VoteCount] = [:]
        let amendments = (1...10_000).map { number in
            let target = targets[(number * 7) % targets.count]
            let kind = kinds[number % kinds.count]
            var count = VoteCount()
            count.votesFor = number % 9
            count.against = 8 - number % 9
            votes[number] = count
            let draft = AmendmentDraft(target: target.id, kind: kind, text: kind == .delete ? nil : target.text + " by \(number)",
                                       justification: "Because.", cosignatories: number % 3 == 0 ? ["katrin"] : [],
                                       replaces: number % 50 == 0 ? [number - 1, number - 2] : [])
            return Amendment(number: number, round: 1, draft: draft, organisation: "vng", tabledBy: "sanne",
                             state: states[number % states.count], ruling: Ruling(admissible: true, by: "claire"))
        }
        return ResolutionExport(text: text, original: text, isAdopted: true, state: "voting", amendments: amendments, votes: votes,
                                roster: (try? Samples.roster()) ?? .empty, date: Date(timeIntervalSince1970: 1_795_000_000))
    }

    @Test func everyFormatOfALargeResolutionRendersInFull() throws {
        let export = Self.large()
        let outputs = try ExportFormat.allCases.flatMap { format in
            try format.views.map { view in ("\(format.rawValue) \(view.rawValue)", try Exporter.file(export, format: format, view: view) ?? Data()) }
        }
        #expect(outputs.count == 11)
        for (name, output) in outputs {
            // Word documents are compressed: a tenth of the text's size.
            #expect(output.count > (name.hasPrefix("docx") ? 5_000 : 50_000), "\(name)")
        }
    }
}
