import ArgumentParser
import Foundation
import Resolutions
import Workflow

extension Accord {
    /// `accord workflow check|graph`
    struct WorkflowCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "workflow", abstract: "Check, draw and install workflow files (the rules of procedure).",
            subcommands: [Check.self, Graph.self, Install.self])

        struct Install: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "install", abstract: "Add a procedure to the record, or replace one (secretariat only; one commit).",
                discussion: "The file is checked first. A change is refused while a resolution under the procedure, or for amendment.yml an amendment, is at a point the new version lacks.")
            @Argument(help: "A workflow file (YAML).") var file: String
            @Option(help: ArgumentHelp("The procedure's name in the record (default: the file name without .yml).", valueName: "NAME"))
            var name: String?
            @OptionGroup var record: RecordOptions
            @OptionGroup var actor: ActorOptions

            func run() throws {
                let yaml = try CommandContext.readFile(file)
                let procedure = name ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
                try CommandContext.perform(.installWorkflow(name: procedure, yaml: yaml), record: record, actor: actor)
            }
        }

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "check", abstract: "Report every problem in workflow files, with file:line.")
            @Argument(help: "Workflow files (YAML).") var files: [String]
            @Option(help: ArgumentHelp("Check them as the record's procedure of this name (default: each file's name; amendment.yml is the amendment's life).", valueName: "NAME"))
            var name: String?

            func run() throws {
                var problems = 0
                for file in files {
                    let yaml = try CommandContext.readFile(file)
                    let vocabulary: HostVocabulary = name.map { .accord(forWorkflow: $0) } ?? .accord(forFile: file)
                    let issues = WorkflowLinter.lint(yaml, file: file, vocabulary: vocabulary)
                    for issue in issues { printError(issue.description) }
                    problems += issues.count
                    if issues.isEmpty { print("\(file): ok") }
                }
                if problems > 0 { throw ExitCode(1) }
            }
        }

        struct Graph: ParsableCommand {
            enum Format: String, ExpressibleByArgument, CaseIterable { case mermaid, dot }
            static let configuration = CommandConfiguration(commandName: "graph", abstract: "Draw a workflow as a Mermaid or Graphviz diagram.")
            @Argument(help: "A workflow file (YAML).") var file: String
            @Option(help: "mermaid or dot.") var format: Format = .mermaid

            func run() throws {
                let yaml = try CommandContext.readFile(file)
                let definition: WorkflowDefinition
                do {
                    definition = try WorkflowDefinition.parse(yaml, file: file, vocabulary: .accord(forFile: file))
                } catch {
                    for issue in error.issues { printError(issue.description) }
                    throw ExitCode(1)
                }
                print(format == .mermaid ? WorkflowDiagram.mermaid(definition) : WorkflowDiagram.dot(definition), terminator: "")
            }
        }
    }
}
