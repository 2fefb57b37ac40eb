import ArgumentParser
import Exports
import Foundation
import Resolutions

extension Accord {
    /// `accord export RES --format md|html|akn|docx [--at REV] [--view VIEW] [-o FILE]`
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a resolution at any version as Markdown, HTML, Akoma Ntoso or Word.",
            discussion: """
            Formats and their views (the first is the default):
              md    text                  the text in the draft format, which imports again
              html  text, amendments, voting-list, adopted
                                          one self-contained page for screen and A4 print
              akn   text, amendments      Akoma Ntoso 3.0: a statement, or an amendmentList
              docx  text, amendments, voting-list, adopted
                                          Word; adopted shows the changes from the draft as
                                          tracked changes; a copy of text marked up with
                                          Track Changes is read by ‘accord amend --from’

            Language versions (the text view, in any format):
              --language fr               the text in French, refused while a piece is out
                                          of date or not translated, unless --allow-stale
                                          (which marks each of them)
              --view bilingual --languages en,fr
                                          HTML: two or more languages side by side,
                                          provision by provision

            Examples:
              accord export pact-2026 --format html --view amendments -o amendments.html
              accord export pact-2026 --format akn --language fr -o pact-2026.fr.xml
              accord export pact-2026 --format html --view bilingual --languages en,fr
              accord export pact-2026 --format akn --at pact-2026/adopted -o adopted.xml
              accord export pact-2026 --format docx --view adopted -o adopted.docx
            """)

        @Argument(help: "The resolution id.") var resolution: String
        @Option(help: ArgumentHelp("md, html, akn or docx.", valueName: "FORMAT")) var format: String = "html"
        @Option(help: ArgumentHelp("The version: a commit, a tag such as RES/adopted, or main~N (default: main).", valueName: "REV"))
        var at: String?
        @Option(help: ArgumentHelp("text, amendments, voting-list or adopted (default: text).", valueName: "VIEW")) var view: String?
        @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE")) var output: String?
        @Option(help: ArgumentHelp("Akoma Ntoso's FRBRcountry, the jurisdiction of the work.", valueName: "CODE")) var country: String = "eu"
        @Option(help: ArgumentHelp("The text in one of the resolution's languages, e.g. fr.", valueName: "LANG")) var language: String?
        @Option(help: ArgumentHelp("With --view bilingual: the languages side by side, e.g. en,fr.", valueName: "LANGS")) var languages: String?
        @Flag(name: .customLong("allow-stale"), help: "With --language: export even with out-of-date or missing translations, each marked.")
        var allowStale = false
        @OptionGroup var record: RecordOptions

        /// The request these arguments make: checked here, so that ArgumentParser shows the usage with a refusal.
        func request() throws -> ExportRequest {
            do {
                return try ExportRequest(resolution: resolution, format: format, view: view, at: at, language: language,
                                         languages: languages, allowStale: allowStale, country: country)
            } catch {
                throw ValidationError(error.message)
            }
        }

        func validate() throws {
            _ = try request()
        }

        func run() throws {
            let request = try request()
            if request.format == .docx, output == nil, isatty(STDOUT_FILENO) != 0 {
                throw Failure.exit("a Word document cannot be shown here: write it to a file with -o FILE.docx")
            }
            let opened = try CommandContext.openRecord(record)
            let loaded = try CommandContext.run { () throws(AccordError) in try request.load(from: opened) }
            let rendered: Data
            do {
                rendered = try request.render(loaded)
            } catch {
                throw Failure.exit("the Word document could not be made: \(error.localizedDescription)")
            }
            try write(rendered, to: output)
        }
    }
}

/// Writes an export to a file, or to standard output when no file is named.
func write(_ text: String, to path: String?) throws {
    try write(Data(text.utf8), to: path)
}

/// Writes an export's bytes to a file, or to standard output when no file is named.
func write(_ data: Data, to path: String?) throws {
    guard let path else {
        FileHandle.standardOutput.write(data)
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw Failure.exit("cannot write ‘\(path)’: \(error.localizedDescription)")
    }
}
