import ArgumentParser
import Exports
import Foundation
import Resolutions

extension Accord {
    /// `accord translation add-language|import`
    struct TranslationCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "translation",
            abstract: "Publish a resolution in more languages, and import a language version.",
            discussion: """
            A resolution is written in one language (the draft's ‘language’) and may be published in \
            others (‘languages: [en, fr]’ in the draft's front matter, or ‘add-language’). Each \
            translation remembers the source wording it was made from: when that wording changes \
            (an amendment adopted at the tally), the translation is out of date until it is redone.

            Examples:
              accord translation add-language pact-2026 fr --as claire
              accord translation import pact-2026 pact-2026.fr.md --language fr --as claire
              accord translate pact-2026 par-6 --language fr --text "Demande …" --as claire
              accord status pact-2026
            """,
            subcommands: [AddLanguage.self, Import.self])

        struct AddLanguage: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add-language", abstract: "Publish a resolution in one more language (secretariat).")
            @Argument(help: "The resolution id.") var resolution: String
            @Argument(help: "The language code, e.g. fr.") var language: String
            @OptionGroup var record: RecordOptions
            @OptionGroup var actor: ActorOptions

            func run() throws {
                try CommandContext.perform(.addLanguage(resolution: resolution, language: language), record: record, actor: actor)
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "import",
                abstract: "Record a language version from a Markdown file in the draft format.",
                discussion: """
                The file is a draft in the translated language: ‘title: …’ in its front matter, the \
                opening formula, ‘## Heading {#id}’ for each section (the section's id, e.g. \
                {#preamble} or {#sec-preamble}) and each provision ending with its id ({#par-6}). \
                ‘accord show RES’ prints the ids. Only pieces whose wording differs from the \
                recorded translation are written; all in one commit.
                """)
            @Argument(help: "The resolution id.") var resolution: String
            @Argument(help: "The translation, Markdown in the draft format with every id.") var file: String
            @Option(help: ArgumentHelp("The language of the file, e.g. fr.", valueName: "LANG")) var language: String
            @OptionGroup var record: RecordOptions
            @OptionGroup var actor: ActorOptions

            func run() throws {
                let markdown = try CommandContext.readFile(file)
                let opened = try CommandContext.openRecord(record)
                let translation = try CommandContext.run { () throws(AccordError) in
                    let snapshot = try opened.snapshot()
                    let meta = try snapshot.meta(resolution)
                    let source = try snapshot.currentText(resolution)
                    do throws(InvalidInput) {
                        return try TranslationFile(markdown: markdown, file: file, source: source,
                                                   language: language, declared: meta.languages)
                    } catch { throw .invalidInput(error) }
                }
                try CommandContext.perform(.importTranslation(resolution: resolution, language: language, texts: translation.texts),
                                           record: record, actor: actor)
            }
        }
    }

    /// `accord translate RES ITEM --language LANG --text TEXT`
    struct Translate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "translate",
            abstract: "Record the translation of one provision, heading, the title, or an amendment's text.",
            discussion: """
            ITEM is a provision (par-6, rec-b), a section (sec-governance), ‘title’, ‘opening’, or an \
            amendment (A4): an amendment's translation helps readers and voters, and is never out of date. \
            Giving the same words again for an out-of-date translation confirms that they still fit.

            Example:
              accord translate pact-2026 par-6 --language fr --text "Demande …;"
            """)
        @Argument(help: "The resolution id.") var resolution: String
        @Argument(help: "What to translate: a provision, section, title, opening or amendment id.") var item: String
        @Option(help: ArgumentHelp("The language, e.g. fr.", valueName: "LANG")) var language: String
        @Option(help: ArgumentHelp("The translated wording, one paragraph.", valueName: "TEXT")) var text: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var actor: ActorOptions

        func run() throws {
            try CommandContext.perform(.translate(resolution: resolution, item: item, language: language, text: text),
                                       record: record, actor: actor)
        }
    }
}

/// What `accord diff RES --translation LANG` prints: for each out-of-date translation, what
/// changed in the source since it was made.
enum TranslationDiff {
    static func print(_ record: Record, resolution: String, language: String, item: String?) throws {
        let lines = try CommandContext.run { () throws(AccordError) -> [String] in
            let snapshot = try record.snapshot()
            let states = try snapshot.translationStates(resolution, language: language)
            if let item, !states.contains(where: { $0.item.id == item }) {
                throw .notFound("\(resolution) has no ‘\(item)’ in its text")
            }
            var lines: [String] = []
            for entry in states where entry.state == .stale && (item == nil || entry.item.id == item) {
                guard let translation = entry.translation else { continue }
                let old = snapshot.sourceWording(of: translation, in: resolution) ?? ""
                let when = translation.sourceCommit.map { " (translated at commit \($0.prefix(7)))" } ?? ""
                lines.append("\(entry.item.label) (\(entry.item.id)), changed since its \(Translation.languageName(language)) translation\(when):")
                lines.append("  " + WordChanges.marked(from: old, to: entry.item.wording))
            }
            if lines.isEmpty {
                lines.append(item.map { "The \(Translation.languageName(language)) translation of ‘\($0)’ is not out of date." }
                             ?? "No \(Translation.languageName(language)) translation of \(resolution) is out of date.")
            }
            return lines
        }
        for line in lines { Swift.print(line) }
    }
}

/// Two wordings compared word by word, as `accord diff` marks them: [-deleted-] {+inserted+}.
enum WordChanges {
    static func marked(from old: String, to new: String) -> String {
        func text(_ wording: String) -> ResolutionText {
            ResolutionText(title: "", id: "wording", sections: [Section(id: "sec-wording", title: "", provisions: [Provision(id: "par-1", kind: .paragraph, text: wording)])])
        }
        let runs = TextDiff(from: text(old), to: text(new)).provisions.first?.runs ?? [.same(new)]
        return runs.map { run -> String in
            switch run {
            case .same(let words): words
            case .inserted(let words): "{+\(words)+}"
            case .deleted(let words): "[-\(words)-]"
            }
        }.joined(separator: " ")
    }
}
