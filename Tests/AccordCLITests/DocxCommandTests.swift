import Foundation
import Testing

/// Word documents through the command line: a member's tracked changes tabled as amendments,
/// then the usual screening, vote, tally and adoption; drafts imported from Word.
@Suite(.serialized) struct DocxCommandTests {
    static let tool = PackageFiles.root.appendingPathComponent("Tests/Docx/docx_tool.py").path

    /// Runs the python-docx fixture tool; a missing python-docx fails the test (scripts/setup installs it).
    static func python(_ arguments: [String], in sandbox: Sandbox) throws -> String {
        let outcome = try runProgram("/usr/bin/env", ["python3", tool] + arguments, environment: sandbox.environment, in: sandbox.folder)
        #expect(outcome.status == 0, "docx_tool.py \(arguments.first ?? "") failed: \(outcome.stderr)")
        return outcome.stdout
    }

    /// A copy of the text export marked up as `changes` (see docx_tool.py markup).
    static func markedCopy(_ sandbox: Sandbox, _ changes: [[String: String]], name: String) throws -> String {
        let copy = sandbox.folder.appendingPathComponent("\(name)-copy.docx").path
        try sandbox.run("export", "pact-2026", "--format", "docx", "-o", copy)
        let spec = sandbox.folder.appendingPathComponent("\(name).json")
        try JSONSerialization.data(withJSONObject: ["changes": changes]).write(to: spec)
        let marked = sandbox.folder.appendingPathComponent("\(name).docx").path
        _ = try python(["markup", copy, marked, spec.path], in: sandbox)
        return marked
    }

    static let memberChanges: [[String: String]] = [
        ["replace": "par-6", "old": "rather than short-term project calls", "new": "with a dedicated envelope for small municipalities"],
        ["comment": "par-6", "text": "Short calls exclude small <towns> & villages."],
        ["delete": "rec-d"],
        ["insertAfter": "par-4", "text": "Calls for specific support to unaccompanied minors;"],
    ]

    @Test func trackedChangesBecomeAmendmentsThatAreTalliedAndAdopted() throws {
        let sandbox = try Sandbox.withOpenAmendments()
        let marked = try Self.markedCopy(sandbox, Self.memberChanges, name: "afccre")
        let before = sandbox.tip()
        let dry = try sandbox.run("amend", "pact-2026", "--from", marked, "--dry-run", as: "amelie")
        #expect(dry.contains("1. Deletion of recital D (rec-d)"))
        #expect(dry.contains("2. Insertion after paragraph 4 (par-4): “Calls for specific support to unaccompanied minors;”"))
        #expect(dry.contains("— justification: “Short calls exclude small <towns> & villages.”"))
        #expect(sandbox.tip() == before, "a dry run writes nothing")
        let tabled = try sandbox.run("amend", "pact-2026", "--from", marked, "--justification", "Agreed by the AFCCRE board.", as: "amelie")
        #expect(tabled.contains("A1") && tabled.contains("A3"))
        #expect(try sandbox.git("rev-list", "--count", "\(before)..main") == "3", "one commit per amendment")
        let status = try #require(try sandbox.json("status", "pact-2026") as? [String: Any])
        let amendments = try #require(status["amendments"] as? [[String: Any]])
        #expect(amendments.map { "\($0["kind"]!) \($0["target"]!)" } == ["delete rec-d", "insert-after par-4", "replace par-6"])
        #expect(amendments.map { $0["justification"] as? String } == ["Agreed by the AFCCRE board.", "Agreed by the AFCCRE board.",
                                                                     "Short calls exclude small <towns> & villages."])
        #expect(amendments[2]["text"] as? String
                == "Asks for stable, multiannual funding of local integration services with a dedicated envelope for small municipalities;")

        sandbox.now = Sandbox.afterDeadline
        try sandbox.act("advance", "pact-2026", "close-amendments", as: "claire")
        for item in ["A1", "A2", "A3"] { try sandbox.act("screen", "pact-2026", item, "--admissible", as: "claire") }
        try sandbox.act("advance", "pact-2026", "open-voting", as: "claire")
        let members = ["amelie", "sanne", "katrin", "lucia", "giulia", "annika", "ingrid", "elodie"]
        for (item, choice) in [("A1", "--against"), ("A2", "--for"), ("A3", "--for")] {
            for member in members { try sandbox.act("vote", "pact-2026", item, choice, as: member) }
        }
        try sandbox.act("advance", "pact-2026", "close-voting", as: "claire")
        let sections = try #require((try sandbox.json("status", "pact-2026") as? [String: Any])?["sections"] as? [[String: Any]])
        for section in sections.compactMap({ $0["id"] as? String }) {
            for member in members { try sandbox.act("vote", "pact-2026", section, "--for", as: member) }
        }
        try sandbox.act("advance", "pact-2026", "adopt", as: "claire")
        let adopted = try sandbox.run("show", "pact-2026")
        #expect(adopted.contains("5. Calls for specific support to unaccompanied minors; {#par-a2}"))
        #expect(adopted.contains("with a dedicated envelope for small municipalities; {#par-6}"))
        #expect(adopted.contains("{#rec-d}"), "the deletion was rejected")

        // The adopted text as Word tracked changes, read by python-docx.
        let file = sandbox.folder.appendingPathComponent("adopted.docx").path
        try sandbox.run("export", "pact-2026", "--format", "docx", "--view", "adopted", "-o", file)
        let read = try #require(try JSONSerialization.jsonObject(with: Data(try Self.python(["inspect", file], in: sandbox).utf8)) as? [String: Any])
        let authors = Set(((read["revisions"] as? [[String: Any]]) ?? []).compactMap { $0["author"] as? String })
        #expect(authors == ["AFCCRE — Amélie Durand"])
        let accepted = try #require(read["accepted"] as? [String])
        #expect(accepted.contains("Calls for specific support to unaccompanied minors;"))
    }

    @Test func editsWithoutTrackChangesAndChangesOutsideProvisionsAreRefusedWithTheirPlace() throws {
        let sandbox = try Sandbox.withOpenAmendments()
        let untracked = try Self.markedCopy(sandbox, [["untracked": "par-2", "text": "Stresses nothing;"]] + Self.memberChanges, name: "untracked")
        let refusal = try sandbox.refuse("amend", "pact-2026", "--from", untracked, as: "amelie")
        #expect(refusal.stderr.contains("paragraph 13 (‘Stresses nothing;…’): paragraph 2 was changed without Track Changes"), "\(refusal.stderr)")
        let heading = try Self.markedCopy(sandbox, [["heading": "Preamble", "new": " and reasons"]], name: "heading")
        let outside = try sandbox.refuse("amend", "pact-2026", "--from", heading, as: "amelie")
        #expect(outside.stderr.contains("paragraph 4 (‘Preamble and reasons…’): this change is outside the provisions"), "\(outside.stderr)")
        let unchanged = try Self.markedCopy(sandbox, [], name: "unchanged")
        let nothing = try sandbox.refuse("amend", "pact-2026", "--from", unchanged, as: "amelie")
        #expect(nothing.stderr.contains("no tracked change was found"))
    }

    @Test func aWordDraftIsImportedAndATableRefusedWithNothingWritten() throws {
        let sandbox = try Sandbox()
        try sandbox.act("init", sandbox.record.path, in: sandbox.folder)
        try sandbox.act("roster", "import", PackageFiles.roster)
        let french = sandbox.folder.appendingPathComponent("french.docx").path
        _ = try Self.python(["draft", "french", french], in: sandbox)
        let imported = try sandbox.act("draft", "import", french, "--id", "oeuvre", "--workflow", "resolution", as: "claire")
        #expect(imported.hasPrefix("oeuvre\n"))
        let shown = try sandbox.run("show", "oeuvre")
        #expect(shown.contains("language: fr-FR") && shown.contains("B. considérant que « 2 < 3 » & que les villes coopèrent ; {#rec-b}"))
        let table = sandbox.folder.appendingPathComponent("table.docx").path
        _ = try Self.python(["draft", "table", table], in: sandbox)
        let refusal = try sandbox.refuse("draft", "import", table, as: "claire")
        #expect(refusal.stderr.contains("table at paragraph 9 (‘Budget line…’): a table cannot be placed in a resolution"))
        let formatted = sandbox.folder.appendingPathComponent("formatted.docx").path
        _ = try Self.python(["draft", "formatted", formatted], in: sandbox)
        let outcome = try sandbox.accord(["draft", "import", formatted, "--language", "en"], as: "claire")
        #expect(outcome.status == 0 && outcome.stderr.contains("warning") && outcome.stderr.contains("paragraph 7"))
    }
}
