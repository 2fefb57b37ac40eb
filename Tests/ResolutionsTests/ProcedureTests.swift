import Foundation
import Resolutions
import Testing

@Suite("The whole procedure")
struct ProcedureTests {
    /// The sample draft taken from import to adoption by eight member organisations.
    @Test("the sample resolution from draft to adopted text")
    func endToEnd() throws {
        let fixture = try TestRecord()
        let draft = try sampleText()
        try fixture.startAmendments()
        #expect(try fixture.snapshot().meta(pact).amendmentDeadline == When.deadline)

        // Amendments of every kind, from several organisations, with co-signatories.
        let table = { (target: String, kind: AmendmentKind, text: String?, person: String, cosignatories: [String]) throws -> Int in
            try fixture.table(AmendmentDraft(target: target, kind: kind, text: text, justification: "Why \(target).",
                                             cosignatories: cosignatories), by: person)
        }
        let a1 = try table("par-2", .replace, "Stresses that integration starts on the day of arrival;", "amelie", ["katrin"])
        let a2 = try table("par-2", .replace, "Stresses that integration is an investment for the whole of society;", "sanne", ["giulia", "annika"])
        let a3 = try table("rec-a", .insertBefore, "Having regard to the Charter of Fundamental Rights of the European Union;", "katrin", [])
        let a4 = try table("par-5", .insertAfter, "Asks that EU funds reach rural municipalities as well as cities;", "lucia", ["ingrid"])
        let a5 = try table("par-6", .insertBefore, "Notes that local integration services depend on predictable budgets;", "giulia", [])
        let a6 = try table("par-9", .delete, nil, "annika", [])
        let a7 = try table("par-10", .delete, nil, "erik", [])
        let a8 = try table("par-11", .delete, nil, "ingrid", ["elodie"])
        let a9 = try table("par-10", .replace, "Calls on the Member States to involve local governments in reception decisions;", "elodie", [])
        let a10 = try table("par-12", .delete, nil, "julien", [])
        let a11 = try table("par-12", .insertAfter, "Supports city networks that share integration practice across borders;", "pieter", [])
        let a12 = try table("par-7", .replace, "Urges simpler reporting;", "javier", [])
        let a13 = try table("par-13", .replace, "Asks the Commission to fund a new agency;", "katrin", [])
        let a14 = try table("par-14", .replace, "Calls for a European observatory of local integration data.", "marco", ["amelie"])
        #expect([a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14] == Array(1...14))
        let first = try #require(try fixture.amendment(a1))
        #expect(first.organisation == "afccre" && first.tabledBy == "amelie" && first.draft.cosignatories == ["katrin"])

        // A withdrawal by another member of the tabling organisation.
        try fixture.perform(.withdraw(resolution: pact, amendment: a12), by: "lucia", at: When.tabling)
        try fixture.closeAmendments()

        // Screening: one inadmissible with its reason, one ruling corrected, a proposal, a compromise.
        try fixture.screen(a13, admissible: false, reason: "a new EU agency is outside the scope of this resolution")
        try fixture.screen(a14, admissible: false, reason: "mistaken ruling")
        try fixture.screen(a14)
        try fixture.perform(.propose(resolution: pact, amendment: a9, accept: false, note: "conflicts with A7"),
                            by: "tomasz", at: When.screening)
        let a15 = try fixture.table(AmendmentDraft(
            target: "par-2", kind: .replace,
            text: "Stresses that integration is a long-term process that begins on the day of arrival and deserves sustained investment;",
            justification: "Merges A1 and A2.", replaces: [a1, a2]), by: People.secretariat, at: When.screening)
        #expect(a15 == 15)
        #expect(try fixture.amendment(a15)?.state == .admissible, "a compromise is admissible when tabled")
        #expect(try fixture.snapshot().status(pact, now: When.screening).amendments.first { $0.id == "A1" }?.coveredBy == "A15")
        try fixture.screenRemaining()
        try fixture.openVoting()
        #expect(try fixture.snapshot().meta(pact).electorate == People.organisations)

        // Votes: a later vote by the same organisation replaces its earlier one.
        try fixture.perform(.vote(resolution: pact, item: "A15", choice: .against), by: "julien", at: When.voting)
        for adopted in [a3, a4, a5, a6, a7, a8, a10, a11, a15] {
            try fixture.vote(on: Amendment.id(adopted), ballot(for: 6, against: 1, abstain: 1))
        }
        let replaced = try fixture.snapshot().votes(pact, item: "A15")
        #expect(replaced.count == 8)
        let afccre = try #require(replaced.first { $0.organisation == "afccre" })
        #expect(afccre.person == "amelie" && afccre.choice == .for)
        try fixture.vote(on: "A9", ballot(for: 8))
        try fixture.vote(on: "A14", ballot(for: 2, against: 5, abstain: 1))
        try fixture.closeVoting()

        let expectedStates: [Int: AmendmentState] = [
            a1: .fallen, a2: .fallen, a3: .adopted, a4: .adopted, a5: .adopted, a6: .adopted, a7: .adopted, a8: .adopted,
            a9: .fallen, a10: .adopted, a11: .adopted, a12: .withdrawn, a13: .inadmissible, a14: .rejected, a15: .adopted,
        ]
        #expect(try fixture.states() == expectedStates)
        #expect(try fixture.amendment(a9)?.outcome == "fell because A7 was adopted")
        #expect(try fixture.amendment(a1)?.outcome == "fell because A15 was adopted")
        #expect(try fixture.amendment(a14)?.outcome?.hasPrefix("rejected: 2 for, 5 against, 1 abstention") == true)
        let ruling = try #require(try fixture.amendment(a13)?.ruling)
        #expect(!ruling.admissible && ruling.reason == "a new EU agency is outside the scope of this resolution" && ruling.by == "claire")
        #expect(try fixture.git("log", "-1", "--format=%s", "main").text == "Close voting: pact-2026, 9 adopted, 1 rejected, 3 fallen")

        // The consolidated text: renumbered; inserted ids from their amendments; the emptied
        // governance section dropped; A11 kept after its deleted anchor; A4 before A5 in one gap.
        let old = Dictionary(uniqueKeysWithValues: draft.provisions.map { ($0.id, $0.text) })
        let consolidated = try #require(try fixture.snapshot().consolidated(pact))
        let expected = """
            ---
            title: Resolution on the New Pact on Migration and Asylum
            id: pact-2026
            workflow: resolution
            language: en
            ---
            The Council of European Municipalities and Regions,

            ## Preamble
            A. Having regard to the Charter of Fundamental Rights of the European Union; {#rec-a3}
            B. \(old["rec-a"]!) {#rec-a}
            C. \(old["rec-b"]!) {#rec-b}
            D. \(old["rec-c"]!) {#rec-c}
            E. \(old["rec-d"]!) {#rec-d}
            F. \(old["rec-e"]!) {#rec-e}
            G. \(old["rec-f"]!) {#rec-f}

            ## Long-term integration and inclusion
            1. \(old["par-1"]!)
            2. Stresses that integration is a long-term process that begins on the day of arrival and deserves sustained investment;
            3. \(old["par-3"]!)
            4. \(old["par-4"]!)

            ## Funding and local capacity
            5. \(old["par-5"]!)
            6. Asks that EU funds reach rural municipalities as well as cities; {#par-a4}
            7. Notes that local integration services depend on predictable budgets; {#par-a5}
            8. \(old["par-6"]!) {#par-6}
            9. \(old["par-7"]!) {#par-7}
            10. \(old["par-8"]!) {#par-8}

            ## Knowledge exchange and evidence
            11. Supports city networks that share integration practice across borders; {#par-a11}
            12. \(old["par-13"]!) {#par-13}
            13. \(old["par-14"]!) {#par-14}

            """
        #expect(consolidated.markdown == expected)
        #expect(try fixture.git("show", "main:resolutions/pact-2026/consolidated.md").stdout == consolidated.recordMarkdown)
        #expect(try fixture.git("show", "main:resolutions/pact-2026/text.md").stdout == draft.recordMarkdown, "the draft is kept")

        // Section votes in review, then adoption.
        let sections = consolidated.sections.map(\.id)
        #expect(sections == ["sec-preamble", "sec-long-term-integration-and-inclusion", "sec-funding-and-local-capacity",
                             "sec-knowledge-exchange-and-evidence"])
        for section in sections {
            try fixture.vote(on: section, ballot(for: 5, against: 1), at: When.review)
        }
        try fixture.transition("adopt", at: When.adoption)
        #expect(try fixture.snapshot().meta(pact).state == "adopted")
        #expect(try fixture.git("show", "main:resolutions/pact-2026/adopted.md").stdout == consolidated.recordMarkdown)
        #expect(try fixture.git("cat-file", "-t", "pact-2026/adopted").text == "tag")
        #expect(try fixture.git("rev-parse", "pact-2026/adopted^{commit}").text == (try fixture.tip()))
        #expect(try fixture.snapshot().currentText(pact).markdown == expected)

        // Every commit is an Accord action, readable with plain git.
        let actions = try fixture.git("log", "--reverse", "--format=%(trailers:key=Accord-Action,valueonly,separator=)", "main").lines
        #expect(actions.first == "init")
        #expect(actions.count == (try fixture.commitCount()))
        #expect(actions.filter { $0 == "table-amendment" }.count == 14)
        #expect(actions.filter { $0 == "table-compromise" }.count == 1)
        #expect(actions.filter { $0 == "vote-section" }.count == 24)
        #expect(try fixture.git("fsck", "--strict").status == 0)
        let report = try Verifier(record: fixture.record).verify()
        #expect(report.failure == nil)
        #expect(report.commitsChecked == (try fixture.commitCount()))
    }

    @Test("commit messages carry a readable subject, the acting person as author and Accord trailers")
    func commitMessages() throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        try fixture.table(AmendmentDraft(target: "par-4", kind: .replace, text: "New text;", cosignatories: ["amelie"]), by: "pieter")
        #expect(try fixture.git("log", "-1", "--format=%s%n%an <%ae>", "main").lines
                == ["Table amendment A1 to paragraph 4 (VNG)", "Pieter Bakker <pieter.bakker@example.org>"])
        let trailers = try fixture.git("log", "-1", "--format=%(trailers:only,unfold)", "main").lines
        #expect(trailers == ["Accord-Action: table-amendment", "Accord-Resolution: pact-2026", "Accord-Actor: pieter",
                             "Accord-Organisation: vng", "Accord-Item: A1", "Accord-Target: par-4", "Accord-Kind: replace"])
        #expect(try fixture.git("log", "-1", "--skip=1", "--format=%s", "main").text
                == "Open amendments: pact-2026, amendments until 20 November 2026 at 18:00 UTC")
    }

    @Test("tabling an amendment or voting changes only its own small files")
    func smallCommits() throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        for person in ["amelie", "sanne", "katrin"] {
            try fixture.table(AmendmentDraft(target: "par-1", kind: .delete), by: person)
        }
        #expect(try fixture.git("show", "--name-only", "--format=", "main").lines
                == [RecordLayout.amendment(pact, 3), RecordLayout.meta(pact)].sorted())
        try fixture.putToTheVote()
        try fixture.perform(.vote(resolution: pact, item: "A2", choice: .for), by: "lucia", at: When.voting)
        #expect(try fixture.git("show", "--name-only", "--format=", "main").lines
                == [RecordLayout.vote(pact, item: "A2", organisation: "femp")])
        #expect(try fixture.git("show", "main:" + RecordLayout.vote(pact, item: "A2", organisation: "femp")).stdout
                == "vote: for\nperson: lucia\n")
    }

    @Test("several resolutions in one record progress independently")
    func severalResolutions() throws {
        let fixture = try TestRecord()
        let housing = "housing-2026"
        try fixture.importSample()
        try fixture.importSample(Shipped.draft.replacingOccurrences(of: "id: pact-2026", with: "id: \(housing)"))
        #expect(try fixture.snapshot().resolutionIDs() == [housing, pact])

        try fixture.openAmendments(housing)
        #expect(try fixture.table(AmendmentDraft(target: "par-1", kind: .delete), by: "amelie", to: housing) == 1)
        let drafting = try fixture.refusal(.table(resolution: pact, AmendmentDraft(target: "par-1", kind: .delete)),
                                           by: "amelie", at: When.tabling)
        #expect(drafting?.blockers.first?.code == "wrong-state")

        try fixture.openAmendments(pact)
        #expect(try fixture.table(AmendmentDraft(target: "par-2", kind: .delete), by: "sanne", to: pact) == 1, "numbers run per resolution")
        #expect(try fixture.table(AmendmentDraft(target: "par-3", kind: .delete), by: "sanne", to: housing) == 2)
        try fixture.putToTheVote(housing)
        try fixture.vote(on: "A1", ballot(for: 5), in: housing)
        try fixture.vote(on: "A2", ballot(for: 1, against: 4), in: housing)
        try fixture.closeVoting(housing)
        #expect(try fixture.git("show", "--name-only", "--format=", "main").lines.allSatisfy { $0.hasPrefix("resolutions/\(housing)/") })

        let snapshot = try fixture.snapshot()
        #expect(try snapshot.meta(housing).state == "review")
        #expect(try snapshot.meta(pact).state == "amendments")
        #expect(try fixture.states(of: housing) == [1: .adopted, 2: .rejected])
        #expect(try fixture.states(of: pact) == [1: .tabled])
        #expect(try snapshot.consolidated(pact) == nil)
        #expect(try snapshot.consolidated(housing)?.provisions.map(\.id).contains("par-1") == false)
    }

    @Test("a referral back starts a new round from the consolidated text")
    func referBack() throws {
        let fixture = try TestRecord()
        try fixture.startAmendments()
        try fixture.table(AmendmentDraft(target: "par-1", kind: .delete), by: "amelie")
        try fixture.table(AmendmentDraft(target: "par-3", kind: .delete), by: "katrin")
        try fixture.closeAmendments()
        try fixture.screen(2, admissible: false, reason: "late")
        try fixture.screenRemaining()
        try fixture.openVoting()
        try fixture.vote(on: "A1", ballot(for: 5))
        try fixture.closeVoting()
        try fixture.vote(on: "sec-preamble", ballot(for: 5), at: When.review)
        let later = When.date("2027-01-15T18:00:00Z")
        try fixture.transition("refer-back", deadline: later, at: When.adoption)
        let snapshot = try fixture.snapshot()
        let meta = try snapshot.meta(pact)
        #expect(meta.round == 2 && meta.state == "amendments" && meta.amendmentDeadline == later)
        #expect(try snapshot.text(pact).provisions.first { $0.kind == .paragraph }?.id == "par-2")
        #expect(try snapshot.consolidated(pact) == nil)
        #expect(try snapshot.votes(pact, item: "sec-preamble").isEmpty)
        #expect(try fixture.table(AmendmentDraft(target: "par-2", kind: .delete), by: "sanne", at: When.adoption) == 3)
        #expect(try Verifier(record: fixture.record).verify().failure == nil)

        // Round 1's inadmissible A2 cannot be brought back into round 2.
        try fixture.transition("close-amendments", at: When.date("2027-01-16T09:00:00Z"))
        let revived = try fixture.refusal(.screen(resolution: pact, amendment: 2, admissible: true, reason: nil),
                                          by: People.secretariat, at: When.date("2027-01-16T09:00:00Z"))
        #expect(revived?.blockers.contains { $0.message.contains("A2 belongs to an earlier round") } == true, "\(String(describing: revived))")
        #expect(try fixture.amendment(2)?.state == .inadmissible)
    }
}
