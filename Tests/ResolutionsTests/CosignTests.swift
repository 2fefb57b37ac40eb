import Foundation
import Resolutions
import Testing

/// Co-signing: a person of another organisation adds their organisation's support while
/// amendments are open; `verify` replays it.
@Suite struct CosignTests {
    @Test func anotherOrganisationCosignsOnceWhileAmendmentsAreOpen() throws {
        let fixture = try TestRecord()
        try Stage.amendments.prepare(fixture)
        let performed = try fixture.perform(.cosign(resolution: pact, amendment: 1), by: "katrin", at: When.tabling)
        #expect(performed.summary == "Co-sign amendment A1 (DST)")
        #expect(try fixture.amendment(1)?.draft.cosignatories == ["katrin"])
        #expect(try fixture.git("show", "-s", "--format=%(trailers:key=Accord-Action,valueonly)", "main").text.trimmingCharacters(in: .whitespacesAndNewlines) == "cosign-amendment")

        let ownOrganisation = try fixture.refusal(.cosign(resolution: pact, amendment: 1), by: "julien", at: When.tabling)
        #expect(ownOrganisation?.blockers.map(\.code) == ["organisation"])
        let twice = try fixture.refusal(.cosign(resolution: pact, amendment: 1), by: "katrin", at: When.tabling)
        #expect(twice?.blockers.first?.message == "DST already co-signs A1 (Katrin Böhm)")
        let secretariat = try fixture.refusal(.cosign(resolution: pact, amendment: 2), by: "tomasz", at: When.tabling)
        #expect(secretariat?.blockers.map(\.code) == ["role"])
        let withdrawn = try fixture.refusal(.cosign(resolution: pact, amendment: 4), by: "katrin", at: When.tabling)
        #expect(withdrawn?.blockers.first?.message == "A4 is withdrawn: only an amendment awaiting screening can be co-signed")
        let missing = try fixture.refusal(.cosign(resolution: pact, amendment: 99), by: "katrin", at: When.tabling)
        #expect(missing?.isNotFound == true)
        let late = try fixture.refusal(.cosign(resolution: pact, amendment: 2), by: "katrin", at: When.screening)
        #expect(late?.blockers.map(\.code).contains("deadline") == true)

        #expect(try Verifier(record: fixture.record).verify().failure == nil)
    }

    @Test func anActionThroughTheWebIsMarkedAndReplayed() throws {
        let fixture = try TestRecord()
        try Stage.amendments.prepare(fixture)
        try fixture.record.perform(.cosign(resolution: pact, amendment: 1), by: "katrin", at: When.tabling, via: "web")
        #expect(try Verifier(record: fixture.record).verify().failure == nil)
        #expect(try fixture.git("show", "-s", "--format=%(trailers:key=Accord-Via,valueonly)", "main").text.trimmingCharacters(in: .whitespacesAndNewlines) == "web")
    }
}
