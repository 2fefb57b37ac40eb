import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Exports
@testable import Resolutions
import Testing

/// Exports loaded from a real record, at several versions, validated by the outside tools.
@Suite(.serialized) struct RecordExportTests {
    @Test func loadsTheAdoptedVersionWithHistoryVotesAndTheOriginalDraft() throws {
        let consultation = try Consultation.play()
        defer { consultation.remove() }
        let export = try ResolutionExport.load(from: consultation.record, resolution: Consultation.resolution)
        #expect(export.isAdopted)
        #expect(export.state == "adopted")
        #expect(export.original == (try Samples.text(Shipped.draft)))
        #expect(export.amendments.map(\.state) == [.adopted, .rejected, .adopted])
        #expect(export.votes[1]?.votesFor == 8)
        #expect(export.votes[2]?.against == 8)
        let milestones = export.events.filter(\.isMilestone).map(\.name)
        #expect(milestones == ["import-draft", "open-amendments", "close-amendments", "open-voting", "close-voting", "adopt"])

        let statement = AkomaNtoso.statement(export)
        let document = try XMLDocument(data: Data(statement.utf8), options: [])
        let events = try document.nodes(forXPath: "//*[local-name()='eventRef']/@refersTo").compactMap(\.stringValue)
        #expect(events == milestones.map { "#step_\(AkomaNtoso.eId($0))" })
        #expect(try document.nodes(forXPath: "//*[local-name()='TLCPerson'][@eId='person_claire']").count == 1)
        let run = try validateAkomaNtoso(statement, name: "adopted")
        #expect(run.status == 0, "\(run.output)")
        let amendments = try validateAkomaNtoso(AkomaNtoso.amendmentList(export), name: "record-amendments")
        #expect(amendments.status == 0, "\(amendments.output)")
    }

    @Test func loadsAnyRevisionSuchAsTheDraftOrTheAdoptedTag() throws {
        let consultation = try Consultation.play()
        defer { consultation.remove() }
        let draft = try ResolutionExport.load(from: consultation.record, resolution: Consultation.resolution, at: consultation.draftCommit)
        #expect(!draft.isAdopted)
        #expect(draft.state == "drafting")
        #expect(draft.amendments.isEmpty)
        #expect(draft.text == (try Samples.text(Shipped.draft)))
        #expect(draft.events.map(\.action) == ["import-draft"])
        let run = try validateAkomaNtoso(AkomaNtoso.statement(draft), name: "draft")
        #expect(run.status == 0, "\(run.output)")

        let tagged = try ResolutionExport.load(from: consultation.record, resolution: Consultation.resolution, at: "pact-2026/adopted")
        #expect(tagged.isAdopted)
        let html = HTMLExport.render(tagged, view: .adopted)
        #expect(html.contains("<ins>") && html.contains("<del>"))
        #expect(html.contains("Version: pact-2026/adopted"))

        let earlier = try ResolutionExport.load(from: consultation.record, resolution: Consultation.resolution, at: "main~3")
        #expect(earlier.state == "review")
        #expect(throws: AccordError.self) {
            try ResolutionExport.load(from: consultation.record, resolution: Consultation.resolution, at: "no-such-tag")
        }
    }
}
