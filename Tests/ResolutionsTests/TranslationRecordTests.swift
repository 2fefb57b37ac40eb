import Foundation
import GitStore
@testable import Resolutions
import Testing
import Workflow

/// Translations in the record, in process: fingerprints, the procedure's say over who translates
/// and which language versions adoption waits for.
@Suite struct TranslationRecordTests {
    static let french = try? String(contentsOf: ShippedFilesTests.root.appendingPathComponent("drafts/pact-resolution.fr.md"), encoding: .utf8)

    @Test func aFingerprintIsTheIdGitGivesTheWording() throws {
        #expect(Translation.fingerprint("") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
        #expect(Translation.fingerprint("hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a")
        let long = String(repeating: "Calls on the Member States; ", count: 40)
        let record = try TestRecord()
        #expect(try record.git(["hash-object", "--stdin"], input: long).text
                == Translation.fingerprint(long))
    }

    /// The shipped procedures with the resolution's adoption waiting for the versions of `languages` only.
    static func workflows(adoptionWaitsFor languages: [String]) -> [String: String] {
        var workflows = Shipped.workflows
        workflows["resolution"] = workflows["resolution"]?.replacingOccurrences(
            of: "- predicate: translations-current\n", with: "- predicate: {name: translations-current, for: [\(languages.joined(separator: ", "))]}\n")
        return workflows
    }

    /// The sample in review, published in French and German, its French version imported.
    static func inReview(_ workflows: [String: String]) throws -> TestRecord {
        let record = try TestRecord(workflows: workflows)
        try record.importSample()
        for language in ["fr", "de"] {
            try record.perform(.addLanguage(resolution: pact, language: language), by: People.secretariat, at: When.created)
        }
        let source = try record.snapshot().currentText(pact)
        let file = try TranslationFile(markdown: try #require(french), file: "fr.md", source: source, language: "fr", declared: ["en", "fr", "de"])
        try record.perform(.importTranslation(resolution: pact, language: "fr", texts: file.texts), by: People.secretariat, at: When.created)
        try record.openAmendments()
        try record.putToTheVote()
        try record.closeVoting()
        for section in source.sections { try record.vote(on: section.id, ballot(for: 8), at: When.review) }
        return record
    }

    @Test func adoptionWaitsOnlyForTheLanguagesTheProcedureNames() throws {
        let record = try Self.inReview(Self.workflows(adoptionWaitsFor: ["fr"]))
        // German is declared but not translated at all: only French counts here.
        try record.transition("adopt", at: When.adoption)
        #expect(try record.snapshot().meta(pact).state == "adopted")
        let report = try Verifier(record: record.record).verify()
        #expect(report.failure == nil, "\(String(describing: report.failure))")
    }

    @Test func adoptionWaitsForEveryDeclaredLanguageByDefault() throws {
        let record = try Self.inReview(Shipped.workflows)
        let refusal = try record.refusal(.transition(resolution: pact, name: "adopt", deadline: nil), by: People.secretariat, at: When.adoption)
        let messages = refusal?.blockers.map(\.message) ?? []
        #expect(messages.contains("every language version must be complete and up to date first"), "\(messages)")
        #expect(messages.contains { $0.hasPrefix("the German version is not up to date; not translated: the title (title), the opening formula (opening)") }, "\(messages)")
        #expect(!messages.contains { $0.contains("French") }, "\(messages)")
    }

    @Test func aLanguageTheProcedureNamesButTheResolutionLacksBlocksAdoption() throws {
        let record = try Self.inReview(Self.workflows(adoptionWaitsFor: ["it"]))
        let refusal = try record.refusal(.transition(resolution: pact, name: "adopt", deadline: nil), by: People.secretariat, at: When.adoption)
        #expect(refusal?.blockers.map(\.message).contains("the procedure asks for the Italian version, but pact-2026 is not published in Italian; the secretariat adds it with ‘accord translation add-language pact-2026 it’") == true,
                "\(String(describing: refusal))")
    }

    @Test func aProcedureWithoutTranslateRefusesTranslations() throws {
        var workflows = Shipped.workflows
        let resolution = try #require(workflows["resolution"])
        let start = try #require(resolution.range(of: "  translate:\n"))
        let end = try #require(resolution.range(of: "\nvoting:", range: start.upperBound..<resolution.endIndex))
        workflows["resolution"] = (String(resolution[..<start.lowerBound]) + String(resolution[end.lowerBound...]))
            .replacingOccurrences(of: "      - predicate: translations-current\n        message: every language version must be complete and up to date first\n", with: "")
        let record = try TestRecord(workflows: workflows)
        try record.importSample()
        let refusal = try record.refusal(.addLanguage(resolution: pact, language: "fr"), by: People.secretariat, at: When.created)
        #expect(refusal?.blockers.map(\.message) == ["the procedure of pact-2026 (‘resolution’) does not provide for translations: it declares no ‘translate’ action"])
    }

    @Test func aTranslationEditedByHandIsCaughtByVerify() throws {
        let record = try TestRecord()
        try record.importSample()
        try record.perform(.addLanguage(resolution: pact, language: "fr"), by: People.secretariat, at: When.created)
        try record.perform(.translate(resolution: pact, item: "par-1", language: "fr", text: "Salue le champ élargi ;"), by: People.secretariat, at: When.created)
        #expect(try Verifier(record: record.record).verify().failure == nil)
        // The commit copied with a fingerprint of another wording: a translation made to look
        // current for a source it was not made from, the message, author and dates left as they were.
        let path = "resolutions/pact-2026/translations/fr/par-1.yml"
        let file = try record.git("show", "main:\(path)").stdout
        let fingerprint = Translation.fingerprint(try record.snapshot().currentText(pact).provisionsByID["par-1"]?.text ?? "")
        #expect(file.contains("source-fingerprint: \(fingerprint)"))
        let blob = try record.blob(file.replacingOccurrences(of: fingerprint, with: Translation.fingerprint("Welcomes something else;")))
        let forged = try record.forgeCopyOfLastCommit { lines in
            try VerifierTamperingTests.replace(path, in: &lines, with: "100644 blob \(blob)\t\(path)")
        }
        try VerifierTamperingTests.expectCaught(record, at: forged, reason: "‘\(path)’ is not what its action writes")
    }

    @Test func theStatusCountsEachLanguageVersionAsJSONEncoderWritesIt() throws {
        let record = try Self.inReview(Shipped.workflows)
        let status = try record.snapshot().status(pact, now: When.adoption)
        let translations = try #require(status.translations)
        #expect(translations["fr"] == LanguageProgress(current: 27, stale: [], missing: []))
        #expect(translations["de"]?.current == 0 && translations["de"]?.missing.count == 27)
        #expect(status.jsonText == (try StatusJSONTests.encoded(status)))
        #expect(status.jsonText.contains("\"translations\" : {\n    \"de\" : {"), "\(status.jsonText.suffix(3_000))")
    }

    @Test func aDraftUpdateMakesATranslationStaleAndTheSameWordsGivenAgainConfirmIt() throws {
        let record = try TestRecord()
        try record.importSample()
        try record.perform(.addLanguage(resolution: pact, language: "fr"), by: People.secretariat, at: When.created)
        let words = "Salue le champ élargi du Plan d’action ;"
        try record.perform(.translate(resolution: pact, item: "par-1", language: "fr", text: words), by: People.secretariat, at: When.created)
        #expect(try record.snapshot().translationProgress(pact)["fr"]?.stale == [])

        var text = try record.snapshot().text(pact)
        text.sections[1].provisions[0].text = "Welcomes the broader scope of the Action Plan;"
        try record.perform(.updateDraft(text), by: People.secretariat, at: When.created)
        #expect(try record.snapshot().translationProgress(pact)["fr"]?.stale == ["par-1"])
        // The old English wording is still in the record, at the commit the translation names.
        let translation = try #require(try record.snapshot().translations(pact, language: "fr")["par-1"])
        #expect(try record.snapshot().sourceWording(of: translation, in: pact)?.hasPrefix("Welcomes the broader scope of the Action Plan on Integration") == true)

        // The translator checks the words and finds they still fit: giving them again confirms them.
        try record.perform(.translate(resolution: pact, item: "par-1", language: "fr", text: words), by: "tomasz", at: When.created)
        #expect(try record.snapshot().translationProgress(pact)["fr"]?.stale == [])
        let again = try record.refusal(.translate(resolution: pact, item: "par-1", language: "fr", text: words), by: People.secretariat, at: When.created)
        #expect(again?.blockers.map(\.message) == ["nothing to record: the French version of paragraph 1 already reads so, and is up to date"])
        #expect(try Verifier(record: record.record).verify().failure == nil)
    }

    @Test func theLinterReportsAnAdoptionWaitingForTranslationsWhereNoneCanBeMade() throws {
        let yaml = try #require(Shipped.workflows["resolution"])
        #expect(WorkflowLinter.lint(yaml, file: "resolution.yml", vocabulary: .accord(forWorkflow: "resolution")).isEmpty)
        let withoutReview = yaml.replacingOccurrences(of: "in: [drafting, amendments, screening, voting, review]\n    by: [secretariat, drafter]",
                                                      with: "in: [drafting, amendments, screening, voting]\n    by: [secretariat, drafter]")
        #expect(withoutReview != yaml)
        let issues = WorkflowLinter.lint(withoutReview, file: "resolution.yml", vocabulary: .accord(forWorkflow: "resolution"))
        #expect(issues.map(\.message) == ["transition ‘adopt’ counts on ‘translate’ (for ‘translations-current’), which is not allowed in ‘review’, where it starts: add ‘review’ to the action’s ‘in:’"],
                "\(issues)")
    }
}
