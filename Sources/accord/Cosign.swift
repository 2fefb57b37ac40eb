import ArgumentParser
import Resolutions

extension Accord {
    /// `accord cosign RES AMENDMENT`
    struct Cosign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cosign",
            abstract: "Add your organisation's support to an amendment of another organisation (while amendments are open).",
            discussion: """
            Example:
              accord cosign pact-2026 A3 --as katrin
            """)
        @Argument(help: "The resolution id.") var resolution: String
        @Argument(help: "The amendment, e.g. A3.") var amendment: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var actor: ActorOptions

        func run() throws {
            try CommandContext.perform(.cosign(resolution: resolution, amendment: try parseAmendment(amendment)), record: record, actor: actor)
        }
    }
}
