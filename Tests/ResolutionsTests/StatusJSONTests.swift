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

    @Test("a vote on the text comes out as JSONEncoder writes it, with and without a body")
    func textVote() throws {
        for body in ["Policy Committee", nil] {
            var status = ResolutionStatus(
                id: "r", title: "T", workflow: "multi-body", state: "final-vote", round: 1, deadline: nil, electorate: ["b", "a"],
                amendments: [], sections: [], next: [])
            status.textVote = TextVoteStatus(body: body, votes: ["b": "for", "a": "against"], result: "rejected: tie", passed: false)
            #expect(status.jsonText == (try Self.encoded(status)))
            #expect(status.jsonText.contains("\"textVote\" : {"))
        }
    }

    @Test("votes by the same organisations as the item before, and by others, come out sorted as JSONEncoder sorts them")
    func votesInOrder() throws {
        func amendment(_ number: Int, votes: [String: String]) -> AmendmentStatus {
            AmendmentStatus(
                id: "A\(number)", state: "admissible", round: 1, target: "par-1", kind: "delete", text: nil, justification: "",
                organisation: "org", tabledBy: "someone", cosignatories: [], replaces: [], coveredBy: nil, ruling: nil,
                rulingReason: nil, proposal: nil, proposalNote: nil, outcome: nil, votes: OrganisationVotes(votes))
        }
        let same = ["org-10": "for", "org-1": "against", "org-2": "abstain", "org": "for"]
        let status = ResolutionStatus(
            id: "r", title: "T", workflow: "resolution", state: "voting", round: 1, deadline: "2026-12-15T18:00:00Z",
            electorate: ["org", "org-1"], amendments: [
                amendment(1, votes: same), amendment(2, votes: same.mapValues { _ in "for" }), amendment(3, votes: [:]),
                amendment(4, votes: same), amendment(5, votes: ["org-10": "for", "org-1": "for", "org-3": "for", "org": "for"]),
                amendment(6, votes: ["zeta": "for"]), amendment(7, votes: same),
            ], sections: [], next: [])
        #expect(status.jsonText == (try Self.encoded(status)))
    }

    @Test("written in chunks, the status is the same text")
    func chunks() throws {
        let fixture = try StoredShardsTests.fixture()
        let status = try fixture.snapshot().status(pact, now: When.voting)
        var whole: [UInt8] = []
        var count = 0
        status.writeJSON { chunk in
            whole += chunk
            count += 1
        }
        #expect(String(decoding: whole, as: UTF8.self) == status.jsonText)
        var small: [UInt8] = []
        var json = JSONText(chunksOf: 64) { small += $0 }
        status.write(to: &json)
        json.finish()
        #expect(String(decoding: small, as: UTF8.self) == status.jsonText)
    }

    @Test("the voting list as --json prints it is the text JSONEncoder writes")
    func votingList() throws {
        struct Entry: Encodable { let amendment: String, target: String, kind: String, organisation: String, falls: [String] }
        let fixture = try StoredShardsTests.fixture()
        let snapshot = try fixture.snapshot()
        let (entries, amendments) = (try snapshot.votingList(pact), try snapshot.amendments(pact))
        #expect(entries.contains { !$0.falls.isEmpty })
        let expected = entries.compactMap { entry in
            amendments.first { $0.number == entry.amendment }.map {
                Entry(amendment: $0.id, target: $0.target, kind: $0.kind.rawValue, organisation: $0.organisation,
                      falls: entry.falls.map(Amendment.id))
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        #expect(Tally.votingListJSON(entries, amendments: amendments) == String(decoding: try encoder.encode(expected), as: UTF8.self))
        #expect(Tally.votingListJSON([], amendments: amendments) == String(decoding: try encoder.encode([Entry]()), as: UTF8.self))
    }

    @Test("votes by organisation keep the organisations in byte order, whatever order they come in, and encode as an object")
    func organisationVotes() throws {
        let inTreeOrder = OrganisationVotes([("org", "for"), ("org-1", "against"), ("org-10", "abstain")])
        let unsorted = OrganisationVotes([("org-10", "abstain"), ("org", "for"), ("org-1", "against")])
        #expect(inTreeOrder == unsorted)
        #expect(unsorted.organisations == ["org", "org-1", "org-10"])
        #expect(unsorted["org-1"] == "against" && unsorted["org-2"] == nil)
        // "org.x" sorts after "org-1" by bytes ('-' < '.'), as JSONEncoder sorts keys.
        let dotted: OrganisationVotes = ["org.x": "for", "org-1": "for", "Z": "against"]
        #expect(dotted.organisations == ["Z", "org-1", "org.x"])
        let data = try JSONEncoder().encode(unsorted)
        #expect(try JSONDecoder().decode([String: String].self, from: data) == ["org": "for", "org-1": "against", "org-10": "abstain"])
        #expect(try JSONDecoder().decode(OrganisationVotes.self, from: data) == unsorted)
    }
}
