import Foundation
@testable import Resolutions
import Testing

@Suite("accord status --json, written directly")
struct StatusJSONTests {
    static func encoded(_ status: ResolutionStatus) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(status), as: UTF8.self)
    }

    @Test("the status of a resolution in voting is the text JSONEncoder writes")
    func sameAsEncoder() throws {
        let fixture = try StoredShardsTests.fixture()
        let status = try fixture.snapshot().status(pact, now: When.voting)
        #expect(status.amendments.contains { $0.coveredBy != nil && $0.rulingReason == nil })
        #expect(status.jsonText == (try Self.encoded(status)))
    }

    @Test("escapes, empty lists, missing values and unsorted keys come out as JSONEncoder writes them")
    func awkwardText() throws {
        let awkward = "quote \" back \\ slash / tab \t line \n cr \r bell \u{7} unit \u{1F} del \u{7F} é ‘x’ \u{2028} 😀"
        let amendment = AmendmentStatus(
            id: "A1", state: "tabled", round: 1, target: "par-1", kind: "delete", text: nil, justification: awkward,
            organisation: "z-org", tabledBy: "someone", cosignatories: [], replaces: ["A2", awkward], coveredBy: nil,
            ruling: nil, rulingReason: nil, proposal: "accept", proposalNote: awkward, outcome: nil,
            votes: ["zz": "for", "Z": "against", "a b": "abstain", "é": "for", "a": "for"])
        let status = ResolutionStatus(
            id: "r", title: awkward, workflow: "resolution", state: "drafting", round: 2, deadline: nil, electorate: [],
            amendments: [amendment], sections: [SectionStatus(id: "sec-a", title: "A", votes: [:], result: "", approved: false)],
            next: [NextStep(kind: "action", name: "x", description: nil, roles: ["secretariat"], blockers: [awkward])])
        #expect(status.jsonText == (try Self.encoded(status)))
    }
}
