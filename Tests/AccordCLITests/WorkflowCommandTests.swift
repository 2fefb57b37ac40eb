import Foundation
import Testing

/// Choosing and changing the rules of procedure from the command line.
@Suite struct WorkflowCommandTests {
    /// A folder holding copies of the shipped workflows, with `edit` applied to each file's text by name.
    static func procedures(in sandbox: Sandbox, _ edit: (String, inout String) -> Void = { _, _ in }) throws -> URL {
        let folder = sandbox.folder.appendingPathComponent("procedures")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in ["amendment", "resolution", "consultation"] {
            var text = try String(contentsOfFile: PackageFiles.workflow(name), encoding: .utf8)
            edit(name, &text)
            try text.write(to: folder.appendingPathComponent("\(name).yml"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func initTakesTheProceduresOfAFolderAndDraftImportPicksOne() throws {
        let sandbox = try Sandbox()
        let folder = try Self.procedures(in: sandbox) { name, text in
            if name == "amendment" { text = text.replacingOccurrences(of: "tabled", with: "lodged") }
        }
        try sandbox.act("init", sandbox.record.path, "--workflows", folder.path, in: sandbox.folder)
        #expect(try sandbox.git("show", "main:workflows/amendment.yml").contains("initial: lodged"))
        try sandbox.act("roster", "import", PackageFiles.roster)
        let created = try sandbox.act("draft", "import", PackageFiles.draft, "--workflow", "consultation", as: "claire")
        #expect(created.hasPrefix("pact-2026\n"))
        let status = try #require(try sandbox.json("status", "pact-2026") as? [String: Any])
        #expect(status["workflow"] as? String == "consultation")
        #expect(status["state"] as? String == "open")
        let wrong = try sandbox.refuse("draft", "import", PackageFiles.draft, "--workflow", "amendment", as: "claire")
        #expect(wrong.stderr.contains("describes an amendment’s life, not the procedure of a resolution"), "\(wrong.stderr)")
    }

    @Test func workflowCheckTakesAFileAsTheAmendmentsLifeByItsNameOrByName() throws {
        let sandbox = try Sandbox()
        let folder = try Self.procedures(in: sandbox) { name, text in
            if name == "amendment" { text = text.replacingOccurrences(of: "  lapsed: fall\n", with: "") }
        }
        let life = folder.appendingPathComponent("amendment.yml")
        let renamed = folder.appendingPathComponent("our-amendments.yml")
        try FileManager.default.copyItem(at: life, to: renamed)
        for arguments in [["workflow", "check", life.path], ["workflow", "check", renamed.path, "--name", "amendment"]] {
            let outcome = try sandbox.accord(arguments, in: sandbox.folder)
            #expect(outcome.status == 1)
            #expect(outcome.stderr.contains("must name the transition for ‘lapsed’"), "\(outcome.stderr)")
        }
        let asResolution = try sandbox.accord(["workflow", "check", renamed.path], in: sandbox.folder)
        #expect(asResolution.stderr.contains("this workflow takes no ‘host:’ entries"), "\(asResolution.stderr)")
    }

    @Test func initRefusesProceduresThatDoNotLintWithEveryProblemAndMakesNothing() throws {
        let sandbox = try Sandbox()
        let folder = try Self.procedures(in: sandbox) { name, text in
            if name == "amendment" { text = text.replacingOccurrences(of: "  lapsed: fall\n", with: "") }
            if name == "resolution" { text = text.replacingOccurrences(of: "    to: screening\n", with: "    to: screenign\n") }
        }
        let outcome = try sandbox.accord(["init", sandbox.record.path, "--workflows", folder.path], in: sandbox.folder)
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("workflows/amendment.yml:"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("must name the transition for ‘lapsed’"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("workflows/resolution.yml:"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("‘screenign’"), "\(outcome.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.record.path))
    }

    @Test func workflowInstallIsAnActionOfTheSecretariatRefusedWhereItWouldStrandAResolution() throws {
        let sandbox = try Sandbox.withOpenAmendments()
        let folder = try Self.procedures(in: sandbox) { name, text in
            if name == "resolution" { text = text.replacingOccurrences(of: "  quorum: 1/2\n", with: "  quorum: 2/3\n") }
        }
        let file = folder.appendingPathComponent("resolution.yml").path
        let member = try sandbox.refuse("workflow", "install", file, as: "amelie")
        #expect(member.stderr.contains("only the secretariat may change the rules of procedure"), "\(member.stderr)")
        let printed = try sandbox.act("workflow", "install", file, as: "claire")
        #expect(printed.hasPrefix("Change the procedure ‘resolution’ ["), "\(printed)")
        #expect(try sandbox.git("show", "main:workflows/resolution.yml").contains("quorum: 2/3"))

        let lifeFolder = try Self.procedures(in: sandbox) { name, text in
            if name == "resolution" { text = text.replacingOccurrences(of: "  quorum: 1/2\n", with: "  quorum: 2/3\n") }
            if name == "amendment" { text = text.replacingOccurrences(of: "tabled", with: "lodged") }
        }
        try sandbox.act("amend", "pact-2026", "--target", "par-4", "--delete", as: "amelie")
        let stranded = try sandbox.refuse("workflow", "install", lifeFolder.appendingPathComponent("amendment.yml").path, as: "claire")
        #expect(stranded.stderr.contains("A1 of pact-2026 is at a point the new amendment’s life does not have (the amendment awaits screening)"), "\(stranded.stderr)")
        #expect(try sandbox.run("verify").contains("The record is sound: 6 commits checked."))
    }
}
