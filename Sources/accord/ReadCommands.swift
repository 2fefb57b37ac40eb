import ArgumentParser
import Foundation
import Exports
import GitStore
import Resolutions

extension Accord {
    /// `accord voting-list RES`
    struct VotingList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "voting-list", abstract: "The order in which amendments are voted on, and what falls if each is adopted.")
        @Argument(help: "The resolution id.") var resolution: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let opened = try CommandContext.openRecord(record)
            let json = output.json
            let printed = try CommandContext.run { () throws(AccordError) in
                let snapshot = try opened.snapshot()
                if json { return try snapshot.votingListJSON(resolution) }
                // Made once for each version of the amendments, the text and the round.
                return try snapshot.output("voting-list-text-1", of: resolution, from: [.amendments, .text, .state]) { () throws(AccordError) in
                    let (entries, amendments) = (try snapshot.votingList(resolution), try snapshot.amendments(resolution))
                    return Self.lines(entries, amendments: amendments, text: try snapshot.text(resolution))
                }
            }
            print(printed, terminator: "")
        }

        /// The voting list in words, a line per vote, each ending with a newline.
        static func lines(_ entries: [VotingListEntry], amendments: [Amendment], text: ResolutionText) -> String {
            // Amendments are read in place, by index: a copy of one retains a dozen strings.
            let byNumber = Dictionary(uniqueKeysWithValues: amendments.indices.map { (amendments[$0].number, $0) })
            let listed = entries.compactMap { entry in byNumber[entry.amendment].map { ($0, entry.falls.map(Amendment.id)) } }
            if listed.isEmpty { return "No amendment is waiting for a vote.\n" }
            // Every provision's name at once: `label(of:)` counts the provisions before its target,
            // which for ten thousand amendments on a thousand provisions is ten million steps.
            let labels = text.labelsByID
            var lines = ""
            for (position, (index, falls)) in listed.enumerated() {
                let compromise = amendments[index].isCompromise ? "compromise: " : ""
                let target = labels[amendments[index].target] ?? amendments[index].target
                lines += "\(position + 1). \(amendments[index].id) (\(compromise)\(amendments[index].kind.label) \(target), \(amendments[index].organisation.uppercased()))"
                if !falls.isEmpty { lines += " — if adopted, \(falls.joined(separator: ", ")) \(falls.count == 1 ? "falls" : "fall")" }
                lines += "\n"
            }
            return lines
        }
    }

    /// `accord log [RES]`
    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "log", abstract: "The actions recorded, newest first: when, who, what.")
        @Argument(help: "Only the actions on this resolution.") var resolution: String?
        @Option(name: .shortAndLong, help: "Show at most this many actions.") var number: Int?
        @OptionGroup var record: RecordOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let opened = try CommandContext.openRecord(record)
            let commits = try CommandContext.run { () throws(AccordError) in try opened.log(of: resolution, limit: number) }
            let entries = commits.map(LogEntry.init)
            if output.json {
                try CommandContext.printJSON(entries)
                return
            }
            for (entry, commit) in zip(entries, commits) {
                print("\(commit.id.short)  \(HumanDate.format(commit.author.date))  \(entry.author)  \(entry.summary)")
            }
        }
    }

    /// `accord diff RES REV1 [REV2]`
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff",
            abstract: "What changed in a resolution's text between two versions, word by word.",
            discussion: """
            REV2 defaults to the current version. Deleted words are shown [-like this-], inserted ones {+like this+}; \
            with --format html, one page with <ins> and <del> track changes. \
            With --translation LANG (and no versions, or a provision id instead), what changed in the \
            source of each out-of-date translation into LANG since it was made.
            """)
        @Argument(help: "The resolution id.") var resolution: String
        @Argument(help: "The older version (a commit, tag or main~N); with --translation, a provision id.") var from: String?
        @Argument(help: "The newer version (default: main).") var to: String?
        @Option(help: ArgumentHelp("text or html.", valueName: "FORMAT")) var format: String = "text"
        @Option(help: ArgumentHelp("Show what changed in the source of the out-of-date translations into LANG.", valueName: "LANG"))
        var translation: String?
        @OptionGroup var record: RecordOptions

        func validate() throws {
            guard format == "text" || format == "html" else { throw ValidationError("--format must be text or html (not ‘\(format)’)") }
            if translation == nil && from == nil { throw ValidationError("give the older version to compare with (a commit, tag or main~N)") }
            if translation != nil && (to != nil || format != "text") { throw ValidationError("--translation takes at most a provision id, and prints text") }
        }

        func run() throws {
            let opened = try CommandContext.openRecord(record)
            if let translation { return try TranslationDiff.print(opened, resolution: resolution, language: translation, item: from) }
            let from = from ?? "main"
            let (old, new) = try CommandContext.run { () throws(AccordError) in
                (try opened.snapshot(at: from).currentText(resolution), try opened.snapshot(at: to ?? "main").currentText(resolution))
            }
            if format == "html" {
                try write(HTMLExport.comparison(from: old, to: new, fromLabel: from, toLabel: to ?? "main"), to: nil)
                return
            }
            let diff = TextDiff(from: old, to: new)
            if diff.isEmpty {
                print("No change in the text.")
                return
            }
            for change in diff.provisions where change.kind != .unchanged {
                let number = change.newNumber.map { "\($0)." } ?? "(was \(change.oldNumber ?? "?").)"
                let body = change.runs.map { run -> String in
                    switch run {
                    case .same(let text): text
                    case .inserted(let text): "{+\(text)+}"
                    case .deleted(let text): "[-\(text)-]"
                    }
                }.joined(separator: " ")
                print("\(change.kind.rawValue) \(change.id) \(number) \(body)")
            }
        }
    }

    /// `accord verify [RES]`
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Replay the whole record and check that every commit is an allowed Accord action.",
            discussion: "Prints ‘<full commit id>: reason’ for the first bad commit and exits 1.")
        @Argument(help: "A resolution that must exist in the record (the whole history is checked, since every resolution depends on the roster).")
        var resolution: String?
        @OptionGroup var record: RecordOptions

        func run() throws {
            let opened = try CommandContext.openRecord(record)
            let report = try CommandContext.run { () throws(AccordError) in
                if let resolution { _ = try opened.snapshot().meta(resolution) }
                return try Verifier(record: opened).verify()
            }
            if let failure = report.failure {
                print(failure.description)
                throw ExitCode(1)
            }
            print("The record is sound: \(report.commitsChecked) commits checked.")
        }
    }
}
