import ArgumentParser
import Foundation
import Resolutions

extension Accord {
    /// `accord init [DIR]`
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a new Accord record (a bare git repository with a first commit).",
            discussion: "The record holds the default workflows, or with --workflows those of a folder (each checked first). Refuses a folder that already holds a repository or other files.")

        @Argument(help: "The folder to create the record in (default: the current folder).")
        var directory: String?

        @Option(help: ArgumentHelp("A folder of workflow files (*.yml) to take the record's procedures from; it must hold amendment.yml.", valueName: "FOLDER"))
        var workflows: String?

        func run() throws {
            let path = directory ?? FileManager.default.currentDirectoryPath
            if let contents = try? FileManager.default.contentsOfDirectory(atPath: path), !contents.isEmpty {
                let what = contents.contains("HEAD") || contents.contains(".git") ? "already holds a git repository" : "is not empty"
                throw Failure.exit("‘\(path)’ \(what); give a new or empty folder")
            }
            let now = try CommandContext.now()
            let procedures = try workflows.map(Self.readWorkflows) ?? Shipped.workflows
            let record = try CommandContext.run { () throws(AccordError) in
                try Record.create(at: path, workflows: procedures, now: now)
            }
            print("Created an Accord record in \(record.repository.gitDirectory)")
            print("Next: accord -C \(path) roster import ROSTER.yml")
        }

        /// The workflow files of a folder, by name (the file name without `.yml`).
        static func readWorkflows(_ folder: String) throws -> [String: String] {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
                throw Failure.exit("there is no folder ‘\(folder)’ to take the workflows from")
            }
            var workflows: [String: String] = [:]
            for name in names.sorted() where name.hasSuffix(".yml") {
                workflows[String(name.dropLast(4))] = try CommandContext.readFile((folder as NSString).appendingPathComponent(name))
            }
            if workflows.isEmpty { throw Failure.exit("the folder ‘\(folder)’ holds no workflow file (*.yml)") }
            return workflows
        }
    }
}
