import ArgumentParser
import Foundation
import Resolutions

extension Accord {
    /// `accord draft import|update`
    struct DraftCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "draft", abstract: "Start a resolution from a Markdown draft, or replace its text while drafting.",
            subcommands: [Import.self, Update.self])

        /// Reads a draft file; its id defaults to the file name without `.md`.
        static func read(_ file: String) throws -> ResolutionText {
            let markdown = try CommandContext.readFile(file)
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            return try CommandContext.run { () throws(AccordError) in
                do throws(InvalidInput) { return try ResolutionText(markdown: markdown, file: file, defaultID: name) } catch { throw .invalidInput(error) }
            }
        }

        struct Import: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "import", abstract: "Start a resolution from a draft; prints its id.")
            @Argument(help: "The draft (Markdown with front matter).") var file: String
            @Option(help: ArgumentHelp("The procedure to follow, a workflow of the record (default: the draft's own, else resolution).", valueName: "NAME"))
            var workflow: String?
            @OptionGroup var record: RecordOptions
            @OptionGroup var actor: ActorOptions

            func run() throws {
                var text = try DraftCommand.read(file)
                if let workflow { text.workflow = workflow }
                try CommandContext.perform(.importDraft(text), record: record, actor: actor)
            }
        }

        struct Update: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "update", abstract: "Replace the text of a resolution while it is being drafted.")
            @Argument(help: "The resolution id.") var resolution: String
            @Argument(help: "The new draft (Markdown with front matter).") var file: String
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
