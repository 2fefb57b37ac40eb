import ArgumentParser
import Exports
import Foundation
import Resolutions

extension Accord {
    /// `accord draft import|update`
    struct DraftCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draft", abstract: "Start a resolution from a Markdown or Word draft, or replace its text while drafting.",
            subcommands: [Import.self, Update.self])

        /// Reads a draft file, Markdown or Word (`.docx`); its id defaults to the file name without its extension.
        static func read(_ file: String, id: String? = nil, workflow: String? = nil, language: String? = nil) throws -> ResolutionText {
            if file.lowercased().hasSuffix(".docx") {
                guard let data = FileManager.default.contents(atPath: file) else { throw Failure.exit("cannot read the file ‘\(file)’") }
                let reading = try CommandContext.run { () throws(AccordError) in
                    do throws(InvalidInput) { return try DocxDraft.read(data, file: file, id: id, workflow: workflow, language: language) } catch {
                        throw .invalidInput(error)
                    }
                }
                for warning in reading.warnings { printError("accord: warning: \(file): \(warning)") }
                return reading.text
            }
            let markdown = try CommandContext.readFile(file)
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            return try CommandContext.run { () throws(AccordError) in
                do throws(InvalidInput) {
                    return try ResolutionText(markdown: markdown, file: file, defaultID: name)
                        .overriding(id: id, workflow: workflow, language: language)
                } catch { throw .invalidInput(error) }
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "import", abstract: "Start a resolution from a draft; prints its id.")
            @Argument(help: "The draft: Markdown with front matter, or a Word document (.docx).") var file: String
            @Option(help: ArgumentHelp("The resolution id (default: the front matter's, or the file's name).", valueName: "ID")) var id: String?
            @Option(help: ArgumentHelp("The procedure to follow, a workflow of the record (default: the draft's own, else resolution).", valueName: "NAME")) var workflow: String?
            @Option(help: ArgumentHelp("The language, e.g. fr (default: the front matter's, or the Word document's own).", valueName: "LANG"))
            var language: String?
            @OptionGroup var record: RecordOptions
            @OptionGroup var actor: ActorOptions

            func validate() throws {
                if let id, !Slug.isValidID(id) { throw ValidationError("--id may only hold lower-case letters, digits and ‘-’ (not ‘\(id)’)") }
                if let workflow, !Slug.isValidID(workflow) { throw ValidationError("--workflow ‘\(workflow)’ is not a valid name") }
                if let language, !DraftParser.isLanguageTag(language) {
                    throw ValidationError("--language ‘\(language)’ is not a language code such as en, fr or pt-BR")
                }
            }

            func run() throws {
                let text = try DraftCommand.read(file, id: id, workflow: workflow, language: language)
                try CommandContext.perform(.importDraft(text), record: record, actor: actor)
            }
        }

        struct Update: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "update", abstract: "Replace the text of a resolution while it is being drafted.")
            @Argument(help: "The resolution id.") var resolution: String
            @Argument(help: "The new draft: Markdown with front matter, or a Word document (.docx).") var file: String
            @OptionGroup var record: RecordOptions
            @OptionGroup var actor: ActorOptions

            func run() throws {
                var text = try DraftCommand.read(file)
                text.id = resolution
                try CommandContext.perform(.updateDraft(text), record: record, actor: actor)
            }
        }
    }
}
