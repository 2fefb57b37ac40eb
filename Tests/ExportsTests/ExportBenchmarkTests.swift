import Foundation
@testable import Exports
@testable import Resolutions
import Testing

/// The size the issue names: 1,000 provisions and 10,000 amendments, every format.
@Suite struct ExportBenchmarkTests {
    static func large() -> ResolutionExport {
        let text = ExportBenchmark.sampleText(provisions: 1_000)
        let targets = text.provisions
        let kinds = AmendmentKind.allCases
        let states = AmendmentState.allCases
        var votes: [Int: VoteCount] = [:]
        let amendments = (1...10_000).map { number in
            let target = targets[(number * 7) % targets.count]
            let kind = kinds[number % kinds.count]
            let newText = kind == .delete ? nil : target.text.replacingOccurrences(of: "support", with: "fund and support") + " by \(number)"
            var count = VoteCount()
            count.votesFor = number % 9
            count.against = 8 - number % 9
            votes[number] = count
            return Samples.amendment(number, target.id, kind, newText, state: states[number % states.count],
                                     organisation: "vng", by: "sanne", cosign: number % 3 == 0 ? ["katrin"] : [],
                                     replaces: number % 50 == 0 ? [number - 1, number - 2] : [])
        }
        return ResolutionExport(text: text, original: text, isAdopted: true, state: "voting", amendments: amendments, votes: votes,
                                roster: (try? Samples.roster()) ?? .empty, date: Date(timeIntervalSince1970: 1_795_000_000))
    }

    @Test func everyFormatOfALargeResolutionIsFast() {
        let measurements = ExportBenchmark.run(Self.large())
        for measurement in measurements { print("export benchmark: \(measurement)") }
        #expect(measurements.count == 7)
        // The bound is one second in a release build (`swift test -c release -Xswiftc -enable-testing
        // --filter ExportBenchmarkTests`); a debug build is ten to thirty times slower, mostly in
        // `Tally.votingList`, and shares two cores with the other suites, so it only guards against blow-ups.
        #if DEBUG
        let bound = 30.0
        #else
        let bound = 1.0
        #endif
        for measurement in measurements {
            #expect(measurement.seconds < bound, "\(measurement)")
            #expect(measurement.bytes > 50_000, "\(measurement)")
        }
    }
}
