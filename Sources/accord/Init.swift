import ArgumentParser
import Foundation
import Resolutions

extension Accord {
    /// `accord init [DIR]`
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a new Accord record (a bare git repository with a first commit).",
            discussion: "The record holds the default workflows. Refuses a folder that already holds a repository or other files.")

        @Argument(help: "The folder to create the record in (default: the current folder).")
        var directory: String?

        func run() throws {
            let path = directory ?? FileManager.default.currentDirectoryPath
            if let contents = try? FileManager.default.contentsOfDirectory(atPath: path), !contents.isEmpty {
                let what = contents.contains("HEAD") || contents.contains(".git") ? "already holds a git repository" : "is not empty"
                throw Failure.exit("‘\(path)’ \(what); give a new or empty folder")
            }
            let now = try CommandContext.now()
            let record = try CommandContext.run { () throws(AccordError) in
                try Record.create(at: path, workflows: Shipped.workflows, now: now)
            }
            print("Created an Accord record in \(record.repository.gitDirectory)")
            print("Next: accord -C \(path) roster import ROSTER.yml")
        }
    }
}
