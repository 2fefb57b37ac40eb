import Foundation
import Resolutions
import Testing

@Suite("Drafts")
struct DraftTests {
    @Test("the sample draft gets recital, paragraph and section ids")
    func sampleIDs() throws {
        let text = try sampleText()
        #expect(text.id == pact)
        #expect(text.title == "Resolution on the New Pact on Migration and Asylum")
        #expect(text.opening == "The Council of European Municipalities and Regions,")
        #expect(text.sections.map(\.id) == ["sec-preamble", "sec-long-term-integration-and-inclusion",
                                            "sec-funding-and-local-capacity", "sec-governance",
                                            "sec-knowledge-exchange-and-evidence"])
        #expect(text.provisions.map(\.id) == ["rec-a", "rec-b", "rec-c", "rec-d", "rec-e", "rec-f"] + (1...14).map { "par-\($0)" })
        #expect(text.provisions.prefix(6).allSatisfy { $0.kind == .recital })
        #expect(text.label(of: "rec-c") == "recital C")
        #expect(text.label(of: "par-9") == "paragraph 9")
    }

    @Test("section slugs fold to ASCII and lower case", arguments: [
        ("Funding and local capacity", "funding-and-local-capacity"),
        ("Égalité des chances", "egalite-des-chances"),
        ("  Knowledge: exchange & evidence (2026)! ", "knowledge-exchange-evidence-2026"),
        ("Ämter, Behörden und Übergänge", "amter-behorden-und-ubergange"),
        ("Mise en œuvre", "mise-en-oeuvre"),
        ("Łódź and Øresund", "lodz-and-oresund"),
        ("Straße", "strasse"),
    ])
    func slugs(title: String, slug: String) throws {
        #expect(Slug.make(title) == slug)
        let draft = "---\ntitle: T\nid: t\n---\n## \(title)\n1. Text;\n"
        let text = try ResolutionText(markdown: draft, file: "t.md")
        #expect(text.sections.map(\.id) == ["sec-" + slug])
    }

    static let explicitDraft = """
        ---
        title: Résolution sur l’égalité
        id: egalite-2026
        workflow: consultation
        language: fr
        ---
        Le Conseil des communes et régions d’Europe,
        réuni à Bruxelles,

        ## Égalité des chances
        A. Considérant la charte européenne pour l’égalité
           des femmes et des hommes dans la vie locale;
        B. Considérant les travaux du comité; {#rec-comite}

        ## Mise en œuvre {#implementation}
        1. Invite les collectivités à signer la charte;
        2. Demande un suivi annuel
        des plans d’action; {#par-suivi}
        3. Salue les progrès accomplis;

        """

    @Test("explicit ids, multi-line provisions and the opening formula are read")
    func explicitIDs() throws {
        let text = try ResolutionText(markdown: Self.explicitDraft, file: "egalite.md")
        #expect(text.id == "egalite-2026")
        #expect(text.workflow == "consultation")
        #expect(text.language == "fr")
        #expect(text.opening == "Le Conseil des communes et régions d’Europe, réuni à Bruxelles,")
        #expect(text.sections.map(\.id) == ["sec-egalite-des-chances", "sec-implementation"])
        #expect(text.provisions.map(\.id) == ["rec-a", "rec-comite", "par-1", "par-suivi", "par-3"])
        #expect(text.provisions[0].text == "Considérant la charte européenne pour l’égalité des femmes et des hommes dans la vie locale;")
        #expect(text.provisions[3].text == "Demande un suivi annuel des plans d’action;")
        #expect(text.displayNumbers["par-suivi"] == "2")
        #expect(text.displayNumbers["rec-comite"] == "B")
    }

    @Test("export writes back the same document, with {#id} where the number does not imply the id")
    func roundTrip() throws {
        let normalised = """
            ---
            title: Résolution sur l’égalité
            id: egalite-2026
            workflow: consultation
            language: fr
            ---
            Le Conseil des communes et régions d’Europe, réuni à Bruxelles,

            ## Égalité des chances
            A. Considérant la charte européenne pour l’égalité des femmes et des hommes dans la vie locale;
            B. Considérant les travaux du comité; {#rec-comite}

            ## Mise en œuvre {#implementation}
            1. Invite les collectivités à signer la charte;
            2. Demande un suivi annuel des plans d’action; {#par-suivi}
            3. Salue les progrès accomplis;

            """
        let text = try ResolutionText(markdown: Self.explicitDraft, file: "egalite.md")
        #expect(text.markdown == normalised)
        let again = try ResolutionText(markdown: text.markdown, file: "egalite.md")
        #expect(again == text)
        #expect(again.markdown == normalised)
    }

    @Test("the sample draft survives export and import unchanged")
    func sampleRoundTrip() throws {
        let text = try sampleText()
        let exported = text.markdown
        #expect(try ResolutionText(markdown: exported, file: "x.md") == text)
        #expect(exported.contains("\n## Multilevel governance {#governance}\n"))
        #expect(!exported.contains("{#par-"))
        #expect(!exported.contains("{#rec-"))
    }

    static let badDrafts = [
        BadInput(name: "no title", text: "---\nid: x\n---\n## S\n1. Text;\n", line: 1, message: "has no title"),
        BadInput(name: "duplicate ids", text: "---\ntitle: T\nid: x\n---\n## S\n1. One; {#par-x}\n2. Two; {#par-x}\n",
                 line: 7, message: "the id ‘par-x’ is already used on line 6"),
        BadInput(name: "duplicate section ids", text: "---\ntitle: T\nid: x\n---\n## Funding\n1. One;\n## Funding!\n2. Two;\n",
                 line: 7, message: "the id ‘sec-funding’ is already used on line 5"),
        BadInput(name: "numbering that skips", text: "---\ntitle: T\nid: x\n---\n## S\nA. Whereas;\n1. One;\n3. Three;\n",
                 line: 8, message: "paragraph 3. should be numbered 2."),
        BadInput(name: "sub-points", text: "---\ntitle: T\nid: x\n---\n## S\n1. Calls for:\n(a) funding;\n",
                 line: 7, message: "sub-points within a provision are not supported"),
        BadInput(name: "sub-point bullets", text: "---\ntitle: T\nid: x\n---\n## S\n1. Calls for:\n- funding;\n",
                 line: 7, message: "sub-points within a provision are not supported"),
        BadInput(name: "provision before the first heading", text: "---\ntitle: T\nid: x\n---\nThe Council,\n1. One;\n## S\n2. Two;\n",
                 line: 6, message: "comes before the first ‘## ’ heading"),
        BadInput(name: "unknown front matter key", text: "---\ntitle: T\nauthor: Claire\nid: x\n---\n## S\n1. One;\n",
                 line: 3, message: "unknown front matter key ‘author’"),
        BadInput(name: "an invalid id", text: "---\ntitle: T\nid: Pact 2026\n---\n## S\n1. One;\n",
                 line: 3, message: "may only hold lower-case letters"),
        BadInput(name: "an empty section", text: "---\ntitle: T\nid: x\n---\n## S\n1. One;\n## Empty\n",
                 line: 7, message: "the section ‘Empty’ has no provisions"),
    ]

    @Test("bad drafts are refused with file and line", arguments: badDrafts)
    func badDraft(_ bad: BadInput) throws {
        let error = #expect(throws: InvalidInput.self) {
            try ResolutionText(markdown: bad.text, file: "drafts/bad.md")
        }
        try bad.expectReported(in: try #require(error).problems, file: "drafts/bad.md")
    }

    @Test("every problem of a draft is reported at once")
    func allProblems() throws {
        let markdown = "---\nid: x\n---\n## S\n1. One;\n3. Three;\n- point\n"
        let error = #expect(throws: InvalidInput.self) { try ResolutionText(markdown: markdown, file: "d.md") }
        #expect(error?.problems.map(\.line) == [1, 6, 7])
    }

    @Test("a draft naming an unknown workflow is refused at import, nothing written")
    func unknownWorkflow() throws {
        let fixture = try TestRecord()
        let draft = Shipped.draft.replacingOccurrences(of: "workflow: resolution", with: "workflow: codecision")
        let text = try ResolutionText(markdown: draft, file: "draft.md")
        let error = try fixture.refusal(.importDraft(text), by: People.secretariat, at: When.created)
        #expect(error?.isNotFound == true)
        #expect(error?.description.contains("no workflow ‘codecision’") == true)
        #expect(error?.description.contains("resolution") == true, "the known workflows are listed")
    }

    @Test("an imported draft is stored as its export and read back equal")
    func importStoresExport() throws {
        let fixture = try TestRecord()
        try fixture.importSample()
        #expect(try fixture.git("show", "main:resolutions/pact-2026/text.md").stdout == (try sampleText()).recordMarkdown)
        #expect(try fixture.snapshot().text(pact) == (try sampleText()))
        let meta = try fixture.snapshot().meta(pact)
        #expect(meta.state == "drafting")
        #expect(meta.workflow == "resolution")
    }

    @Test("a second draft with the same id is refused; a member may not import")
    func importRefusals() throws {
        let fixture = try TestRecord()
        try fixture.importSample()
        let text = try sampleText()
        let again = try fixture.refusal(.importDraft(text), by: People.secretariat, at: When.created)
        #expect(again?.blockers.map(\.code) == ["exists"])
        var other = text
        other.id = "other-2026"
        let member = try fixture.refusal(.importDraft(other), by: "amelie", at: When.created)
        #expect(member?.blockers.first?.code == "role")
    }

    @Test("updating a draft replaces its text while drafting only")
    func updateDraft() throws {
        let fixture = try TestRecord()
        try fixture.importSample()
        var text = try sampleText()
        text.sections[1].provisions[0].text = "Welcomes the Action Plan on Integration and Inclusion;"
        try fixture.perform(.updateDraft(text), by: "lucia", at: When.created)
        #expect(try fixture.snapshot().text(pact) == text)
        try fixture.openAmendments()
        let late = try fixture.refusal(.updateDraft(try sampleText()), by: People.secretariat, at: When.tabling)
        #expect(late?.blockers.first?.message.contains("you cannot change the draft text now: members and drafters table amendments until the deadline") == true)
    }
}
