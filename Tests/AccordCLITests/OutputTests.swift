import Foundation
import Testing

/// What scripts read (`--json`) and what people read (help text, diagrams, logs).
@Suite struct OutputTests {
    @Test func statusJSONDescribesStateDeadlineAndAmendments() throws {
        let sandbox = try Sandbox.withOpenAmendments()
        try sandbox.act("amend", "pact-2026", "--target", "par-4", "--replace", "Urges …;", "--justification", "Why", "--cosign", "sanne", as: "amelie")
        let status = try #require(try sandbox.json("status", "pact-2026") as? [String: Any])
        #expect(status["state"] as? String == "amendments")
        #expect(status["deadline"] as? String == Sandbox.deadline)
        let amendment = try #require((status["amendments"] as? [[String: Any]])?.first)
        #expect(amendment["id"] as? String == "A1")
        #expect(amendment["state"] as? String == "tabled")
        #expect(amendment["target"] as? String == "par-4")
        #expect(amendment["kind"] as? String == "replace")
        #expect(amendment["organisation"] as? String == "afccre")
        #expect(amendment["replaces"] as? [String] == [])
        #expect(amendment["votes"] as? [String: String] == [:])
        #expect(amendment["cosignatories"] as? [String] == ["sanne"])
        #expect(amendment["text"] as? String == "Urges …;")
        let next = try #require(status["next"] as? [[String: Any]])
        let close = try #require(next.first { $0["name"] as? String == "close-amendments" })
        #expect((close["blockers"] as? [String])?.isEmpty == false, "closing waits for the deadline")
    }

    @Test func statusSaysWhatIsHappeningAndWhatCanHappenInTheWorkflowsWords() throws {
        let sandbox = try Sandbox.withOpenAmendments()
        let text = try sandbox.run("status", "pact-2026")
        #expect(text.contains("State: Members and drafters table amendments until the deadline (amendments, workflow resolution, round 1)"), "\(text)")
        #expect(text.contains("  Stop accepting amendments, by the secretariat: accord advance pact-2026 close-amendments\n"
                              + "      not yet: the amendment deadline has not passed yet"), "\(text)")
        #expect(text.contains("  Propose a change to the text, by the drafter or the member: accord amend pact-2026 --target ID …"), "\(text)")
        let unknown = try sandbox.refuse("advance", "pact-2026", "fly", as: "claire")
        #expect(unknown.stderr.contains("the procedure of pact-2026 has no step ‘fly’; while members and drafters table amendments until the deadline, "
                                        + "the possible steps are: extend-deadline (give members more time to table amendments); "
                                        + "close-amendments (stop accepting amendments); abandon (drop the resolution)"), "\(unknown.stderr)")
    }

    @Test func statusJSONWithoutAResolutionListsThem() throws {
        let sandbox = try Sandbox.withSampleDraft()
        let list = try #require(try sandbox.json("status") as? [String: [[String: String]]])
        #expect(list["resolutions"] == [["id": "pact-2026", "title": "Resolution on the New Pact on Migration and Asylum",
                                         "state": "drafting", "workflow": "resolution"]])
    }

    @Test func logJSONHasOneEntryPerActionNewestFirst() throws {
        let sandbox = try Sandbox.withOpenAmendments()
        try sandbox.act("amend", "pact-2026", "--target", "par-4", "--delete", as: "amelie")
        let entries = try #require(try sandbox.json("log") as? [[String: Any]])
        #expect(entries.compactMap { $0["action"] as? String } == ["table-amendment", "transition", "import-draft", "import-roster", "init"])
        #expect(entries.first?["commit"] as? String == sandbox.tip())
        #expect(entries.first?["actor"] as? String == "amelie")
        #expect(entries.first?["organisation"] as? String == "afccre")
        #expect(entries.first?["item"] as? String == "A1")
        #expect(entries.first?["date"] as? String == "2026-11-01T09:00:00Z")
        let onResolution = try #require(try sandbox.json("log", "pact-2026") as? [[String: Any]])
        #expect(onResolution.count == 3)
        let text = try sandbox.run("log", "-n", "1")
        #expect(text.contains("Amélie Durand  Table amendment A1 to paragraph 4 (AFCCRE)"))
    }

    @Test func rosterShowJSONListsOrganisationsAndPeople() throws {
        let sandbox = try Sandbox.withSampleDraft()
        let roster = try #require(try sandbox.json("roster", "show") as? [String: [[String: Any]]])
        let organisations = try #require(roster["organisations"])
        #expect(organisations.compactMap { $0["id"] as? String } == ["secretariat", "afccre", "vng", "dst", "femp", "anci", "skr", "ks", "uvcw"])
        #expect(organisations.first?["votes"] as? Bool == false)
        let people = try #require(roster["people"])
        #expect(people.count == 15)
        let sanne = try #require(people.first { $0["id"] as? String == "sanne" })
        #expect(sanne["organisation"] as? String == "vng")
        #expect(sanne["roles"] as? [String] == ["member", "drafter"])
        #expect(try sandbox.run("roster", "show").contains("  ingrid: Ingrid Løvås <ingrid.lovas@example.org> — member"))
        #expect(try sandbox.run("roster", "show").contains("Policy Committee (policy-committee): afccre, vng, dst, femp, anci, skr, ks, uvcw\n"))
        let bodies = try #require((try sandbox.json("roster", "show") as? [String: Any])?["bodies"] as? [[String: Any]])
        #expect(bodies.map { $0["id"] as? String } == ["working-group", "secretaries-general", "policy-committee"])
        #expect(bodies.first?["organisations"] as? [String] == ["afccre", "vng", "dst", "femp"])
    }

    @Test(arguments: ["amendment", "consultation", "resolution"])
    func shippedWorkflowsPassTheCheck(name: String) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.accord(["workflow", "check", PackageFiles.workflow(name)], in: sandbox.folder)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout == "\(PackageFiles.workflow(name)): ok\n")
    }

    @Test func aBrokenWorkflowIsReportedWithFileAndLine() throws {
        let sandbox = try Sandbox()
        let shipped = try String(contentsOfFile: PackageFiles.workflow("resolution"), encoding: .utf8)
        let broken = shipped.replacingOccurrences(of: "    to: screening\n", with: "    to: screenign\n")
        #expect(broken != shipped)
        let file = sandbox.folder.appendingPathComponent("broken.yml")
        try broken.write(to: file, atomically: true, encoding: .utf8)
        let line = try #require(broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("screenign") }) + 1
        let outcome = try sandbox.accord(["workflow", "check", PackageFiles.workflow("amendment"), "broken.yml"], in: sandbox.folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("broken.yml:\(line)"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("screenign"))
        #expect(outcome.stdout.contains("amendment.yml: ok"), "the good file is still reported")
    }

    @Test func workflowGraphsAreDotOrMermaid() throws {
        let sandbox = try Sandbox()
        let file = PackageFiles.workflow("resolution")
        let dot = try sandbox.run("workflow", "graph", file, "--format", "dot", in: sandbox.folder)
        #expect(dot.hasPrefix("digraph"))
        #expect(dot.contains("close-amendments"))
        let mermaid = try sandbox.run("workflow", "graph", file, in: sandbox.folder)
        #expect(mermaid == (try String(contentsOfFile: PackageFiles.root.appendingPathComponent("workflows/resolution.mmd").path, encoding: .utf8)))
    }

    /// As an 80-column terminal shows it.
    @Test(arguments: [[String](), ["amend"], ["vote"], ["advance"], ["export"]])
    func helpTextMatchesItsSnapshot(command: [String]) throws {
        let sandbox = try Sandbox()
        let outcome = try sandbox.accord(command + ["--help"], environment: ["COLUMNS": "80"], in: sandbox.folder)
        #expect(outcome.status == 0)
        try PackageFiles.assertSnapshot(outcome.stdout, named: (["accord"] + command).joined(separator: "-") + "-help")
    }

    /// The demo ends by saying where to look, each command on a line of its own under what it
    /// shows, and every one of them works as printed (pasted into a shell).
    @Test func everyCommandTheDemoSuggestsWorksAsPrinted() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.folder.appendingPathComponent("demo")
        // The demo's amendment deadline is fixed: its timeline starts at its own default.
        let printed = try sandbox.run("demo", folder.path, environment: ["ACCORD_NOW": "2026-11-02T09:00:00Z"], in: sandbox.folder)
        let advice = try #require(printed.components(separatedBy: "\nWhere to look:\n").last)
        let lines = advice.split(separator: "\n")
        let commands = lines.filter { $0.hasPrefix("    ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(commands.count == 9 && lines.count == 18, "a description, then its command: \(advice)")
        for line in lines where !line.hasPrefix("    ") { #expect(line.hasPrefix("  ") && line.hasSuffix(":"), "\(line)") }
        for command in commands {
            #expect(command.contains(folder.path), "\(command) names the demo's record")
            let outcome = try runProgram("/bin/sh", ["-c", command], environment: sandbox.environment, in: sandbox.folder)
            #expect(outcome.status == 0 && (command.contains(" > ") || !outcome.stdout.isEmpty), "\(command): \(outcome.stderr)")
        }
        let page = try String(contentsOf: sandbox.folder.appendingPathComponent("bilingual.html"), encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("lang=\"fr\""), "the bilingual page, where the demo was run")
    }

    /// Help reads well in an 80-column terminal, for every command: a paragraph of several lines
    /// (a table, examples) keeps each line within 80 columns, as the help would otherwise wrap
    /// each line on its own and leave fragments; prose is one line per paragraph, which it wraps.
    @Test func everyHelpParagraphOfSeveralLinesFitsEightyColumns() throws {
        let sandbox = try Sandbox()
        func help(_ command: [String]) throws -> String {
            let outcome = try sandbox.accord(command + ["--help"], environment: ["COLUMNS": "5000"], in: sandbox.folder)
            #expect(outcome.status == 0, "accord \(command.joined(separator: " ")) --help failed: \(outcome.stderr)")
            return outcome.stdout
        }
        func subcommands(_ command: [String]) throws -> [String] {
            let lines = try help(command).components(separatedBy: "\n")
            guard let start = lines.firstIndex(of: "SUBCOMMANDS:") else { return [] }
            return lines[(start + 1)...].prefix { !$0.isEmpty }.compactMap { line in
                line.hasPrefix("  ") && !line.hasPrefix("   ") ? line.split(separator: " ").first.map(String.init) : nil
            }
        }
        var commands = [[String]()]
        for name in try subcommands([]) { commands += [[name]] + (try subcommands([name])).map { [name, $0] } }
        #expect(commands.count > 30, "every command and subcommand is checked: \(commands)")
        for command in commands {
            let text = try help(command).components(separatedBy: "USAGE:")[0]
            for paragraph in text.components(separatedBy: "\n\n") {
                let lines = paragraph.split(separator: "\n")
                for line in lines where lines.count > 1 && line.count > 80 {
                    Issue.record("accord \(command.joined(separator: " ")) --help: \(line.count) columns in a paragraph of several lines: \(line)")
                }
            }
        }
    }

    @Test func draftImportPrintsTheIdAndUpdateReplacesTheText() throws {
        let sandbox = try Sandbox()
        try sandbox.act("init", sandbox.record.path, in: sandbox.folder)
        try sandbox.act("roster", "import", PackageFiles.roster)
        let printed = try sandbox.act("draft", "import", PackageFiles.draft, as: "sanne")
        #expect(printed.hasPrefix("pact-2026\n"))
        let draft = try String(contentsOfFile: PackageFiles.draft, encoding: .utf8)
        let edited = sandbox.folder.appendingPathComponent("edited.md")
        try draft.replacingOccurrences(of: "14. Calls for a shared evidence base", with: "14. Calls for a common evidence base")
            .write(to: edited, atomically: true, encoding: .utf8)
        try sandbox.act("draft", "update", "pact-2026", edited.path, as: "lucia")
        #expect(try sandbox.run("show", "pact-2026").contains("14. Calls for a common evidence base"))
        #expect(try sandbox.run("show", "pact-2026", "--at", "main~1").contains("14. Calls for a shared evidence base"))
        let member = try sandbox.refuse("draft", "update", "pact-2026", PackageFiles.draft, as: "amelie")
        #expect(member.stderr.contains("drafter"))
        let diff = try sandbox.run("diff", "pact-2026", "main~1")
        #expect(diff.contains("[-shared-] {+common+}"))
    }
}
