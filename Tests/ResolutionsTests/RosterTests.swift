import Foundation
import Resolutions
import Testing

@Suite("Roster")
struct RosterTests {
    @Test("the sample roster has eight member organisations and a non-voting secretariat")
    func sample() throws {
        let roster = try Roster(yaml: Shipped.roster, file: "drafts/roster.yml")
        #expect(roster.memberOrganisations.map(\.id) == People.organisations)
        #expect(roster.organisation("secretariat")?.votes == false)
        #expect(roster.person("claire")?.roles == ["secretariat", "drafter"])
        #expect(roster.person("Amelie.Durand@example.org")?.id == "amelie", "people are found by email too")
        #expect(try Roster(yaml: roster.yaml, file: "roster.yml") == roster, "the stored form reads back equal")
    }

    /// A small valid roster; the cases below break one thing each.
    static let base = """
        organisations:
          - id: secretariat
            name: Secretariat
            votes: false
          - id: vng
            name: VNG
        people:
          - id: claire
            name: Claire Martin
            email: claire@example.org
            organisation: secretariat
            roles: [secretariat]
          - id: sanne
            name: Sanne de Vries
            email: sanne@example.org
            organisation: vng
            roles: [member]

        """

    static let badRosters = [
        BadInput(name: "a person of an unknown organisation",
                  text: base.replacingOccurrences(of: "organisation: vng", with: "organisation: vgn"),
                  line: 13, message: "person ‘sanne’ belongs to ‘vgn’, which is not in the organisations list"),
        BadInput(name: "a duplicate person id",
                  text: base.replacingOccurrences(of: "id: sanne", with: "id: claire"),
                  line: 13, message: "the person ‘claire’ is listed twice"),
        BadInput(name: "a duplicate organisation id",
                  text: base.replacingOccurrences(of: "id: vng", with: "id: secretariat"),
                  line: 5, message: "the organisation ‘secretariat’ is listed twice"),
        BadInput(name: "no secretariat person",
                  text: base.replacingOccurrences(of: "roles: [secretariat]", with: "roles: [drafter]"),
                  line: nil, message: "at least one person must have the ‘secretariat’ role"),
        BadInput(name: "a missing email",
                  text: base.replacingOccurrences(of: "    email: sanne@example.org\n", with: ""),
                  line: 13, message: "person ‘sanne’ needs an email address"),
        BadInput(name: "a malformed votes flag",
                  text: base.replacingOccurrences(of: "votes: false", with: "votes: maybe"),
                  line: 4, message: "‘votes’ is true or false"),
        BadInput(name: "an unknown top-level key",
                  text: base + "groups: []\n",
                  line: 18, message: "unknown key ‘groups’"),
    ]

    static let withBodies = base + """
        bodies:
          board:
            name: Board
            organisations: [vng]
            people: [sanne]

        """

    static let badBodies = [
        BadInput(name: "a body of an organisation that does not vote",
                 text: withBodies.replacingOccurrences(of: "organisations: [vng]", with: "organisations: [vng, secretariat]"),
                 line: 19, message: "body ‘board’ lists ‘secretariat’, which is not a voting organisation of the roster"),
        BadInput(name: "a body listing someone outside its organisations",
                 text: withBodies.replacingOccurrences(of: "people: [sanne]", with: "people: [sanne, claire]"),
                 line: 19, message: "body ‘board’ lists Claire Martin, whose organisation ‘secretariat’ is not in the body"),
        BadInput(name: "a body listing someone unknown",
                 text: withBodies.replacingOccurrences(of: "people: [sanne]", with: "people: [nobody]"),
                 line: 19, message: "body ‘board’ lists ‘nobody’, who is not among the people of the roster"),
        BadInput(name: "a body without a name",
                 text: withBodies.replacingOccurrences(of: "    name: Board\n", with: ""),
                 line: 19, message: "body ‘board’ has no name"),
    ]

    @Test("bodies are read, stored and read back (each wrong one is refused with the bad rosters)")
    func bodies() throws {
        let roster = try Roster(yaml: Self.withBodies, file: "roster.yml")
        #expect(roster.bodies == [Body(id: "board", name: "Board", organisations: ["vng"], people: ["sanne"])])
        #expect(try Roster(yaml: roster.yaml, file: "roster.yml") == roster)
    }

    @Test("the sample roster declares the bodies of the multi-body procedure")
    func sampleBodies() throws {
        let roster = try Roster(yaml: Shipped.roster, file: "drafts/roster.yml")
        #expect(roster.bodies.map(\.id) == ["working-group", "secretaries-general", "policy-committee"])
        #expect(roster.body("working-group")?.organisations == ["afccre", "vng", "dst", "femp"])
        #expect(roster.body("policy-committee")?.organisations == People.organisations)
        #expect(roster.body("secretaries-general")?.people.count == 8)
    }

    @Test("bad rosters are refused with file and line", arguments: badRosters + badBodies)
    func badRoster(_ bad: BadInput) throws {
        #expect(try Roster(yaml: Self.base, file: "roster.yml").people.count == 2, "the base roster itself is valid")
        let error = #expect(throws: InvalidInput.self) { try Roster(yaml: bad.text, file: "roster.yml") }
        try bad.expectReported(in: try #require(error).problems, file: "roster.yml")
    }

    @Test("YAML syntax errors say where")
    func syntaxError() throws {
        let error = #expect(throws: InvalidInput.self) {
            try Roster(yaml: "organisations:\n  - id: a\n   name: [unclosed\n", file: "roster.yml")
        }
        #expect(error?.description.contains("line") == true)
    }

    @Test("the first import needs no actor and is recorded as one commit")
    func firstImport() throws {
        let fixture = try TestRecord(roster: nil)
        #expect(try fixture.snapshot().roster() == .empty)
        try fixture.perform(.importRoster(try Roster(yaml: Shipped.roster, file: "roster.yml")), by: nil, at: When.created)
        #expect(try fixture.commitCount() == 2)
        #expect(try fixture.git("log", "-1", "--format=%(trailers:key=Accord-Action,valueonly)%an", "main").text == "import-roster\nAccord")
        #expect(try fixture.git("show", "main:roster.yml").stdout == (try Roster(yaml: Shipped.roster, file: "r")).yaml)
    }

    @Test("an import replaces the whole roster")
    func replaces() throws {
        let fixture = try TestRecord()
        let smaller = try Roster(yaml: Self.base, file: "roster.yml")
        try fixture.perform(.importRoster(smaller), by: People.secretariat, at: When.created)
        #expect(try fixture.snapshot().roster() == smaller)
        #expect(try fixture.git("show", "--name-only", "--format=", "main").lines == ["roster.yml"])
        #expect(try fixture.git("log", "-1", "--format=%(trailers:key=Accord-Actor,valueonly)", "main").lines == ["claire"])
        // Someone who left the roster can no longer act.
        let gone = try fixture.refusal(.importRoster(smaller), by: "amelie", at: When.created)
        #expect(gone?.isNotFound == true)
        #expect(gone?.description.contains("no person ‘amelie’") == true)
    }

    @Test("later imports only by a secretariat person", arguments: [
        (nil as String?, "unknown-person"), ("amelie", "role"), ("sanne", "role"),
    ])
    func laterImports(actor: String?, code: String) throws {
        let fixture = try TestRecord()
        let roster = try Roster(yaml: Self.base, file: "roster.yml")
        let error = try fixture.refusal(.importRoster(roster), by: actor, at: When.created)
        #expect(error?.blockers.map(\.code) == [code])
        if code == "role" {
            #expect(error?.description.contains("only the secretariat may replace the roster") == true)
        }
        #expect(try fixture.snapshot().roster() == (try Roster(yaml: Shipped.roster, file: "roster.yml")))
    }
}
