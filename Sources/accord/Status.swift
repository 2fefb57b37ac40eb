import ArgumentParser
import Foundation
import Resolutions

extension Accord {
    /// `accord status [RES]`
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Where a resolution stands: state, deadline, amendments, votes, and what can happen next.",
            discussion: "Without RES, lists the resolutions of the record.")
        @Argument(help: "The resolution id.") var resolution: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let opened = try CommandContext.openRecord(record)
            let now = try CommandContext.now()
            guard let resolution else {
                let list = try CommandContext.run { () throws(AccordError) in try opened.snapshot().resolutionSummaries() }
                if output.json {
                    try CommandContext.printJSON(["resolutions": list])
                } else if list.isEmpty {
                    print("No resolution yet: start one with ‘accord draft import FILE’.")
                } else {
                    for meta in list { print("\(meta.id)  \(meta.state)  \(meta.title)") }
                }
                return
            }
            if output.json {
                // Nine megabytes for 10,000 amendments: written as made, not held as one string.
                try CommandContext.run { () throws(AccordError) in
                    try opened.snapshot().writeStatusJSON(resolution, now: now) { chunk in CommandContext.writeOut(chunk) }
                }
                FileHandle.standardOutput.write(Data("\n".utf8))
            } else {
                let (heading, amendments, words, text) = try CommandContext.run { () throws(AccordError) in
                    let snapshot = try opened.snapshot()
                    let heading = try snapshot.statusHeading(resolution, now: now)
                    let words = try snapshot.workflow(heading.workflow).stateWords(heading.state)
                    // Ten thousand lines, made once for each version of the amendments.
                    let amendments = try snapshot.output("status-amendments-text-1", of: resolution, from: .amendments) { () throws(AccordError) in
                        Self.render(amendments: try snapshot.amendmentStatuses(resolution))
                    }
                    // Out-of-date and missing translations are named as people name them: "paragraph 7 (par-6)".
                    let text = heading.translations == nil ? nil : try snapshot.currentText(resolution)
                    return (heading, amendments, words, text)
                }
                print(Self.render(heading, amendments: amendments, stateWords: words, text: text))
            }
        }

        /// "members vote" → "Members vote".
        static func sentence(_ words: String) -> String {
            words.prefix(1).uppercased() + words.dropFirst()
        }

        /// The command that performs a workflow action, as a person would type it.
        static func command(for action: String, in id: String) -> String {
            switch DomainAction(rawValue: action) {
            case .updateDraft: "accord draft update \(id) FILE"
            case .tableAmendment: "accord amend \(id) --target ID …"
            case .withdrawAmendment: "accord withdraw \(id) A…"
            case .screenAmendment: "accord screen \(id) A… (--admissible | --inadmissible --reason TEXT)"
            case .proposeProcedure: "accord propose \(id) A… (accept | reject)"
            case .tableCompromise: "accord amend \(id) --target ID --replace TEXT --replaces A…,A…"
            case .voteAmendment: "accord vote \(id) A… (--for | --against | --abstain)"
            case .voteSection: "accord vote \(id) sec-… (--for | --against | --abstain)"
            case .voteText: "accord vote \(id) text (--for | --against | --abstain)"
            case .translate: "accord translate \(id) ID --language LANG --text TEXT"
            case nil: action
            }
        }

        /// `text` cut or filled with spaces to `width` characters (the ids and states are ASCII).
        static func padded(_ text: String, _ width: Int) -> String {
            text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
        }

        /// The lines of the amendments of a status, without a final newline (empty for none).
        ///
        /// Ten thousand amendments: one text appended to, rather than a line apiece joined.
        static func render(amendments: [AmendmentStatus]) -> String {
            let idWidth = amendments.map(\.id.count).max() ?? 0
            var text = ""
            for amendment in amendments {
                if !text.isEmpty { text += "\n" }
                text += "  \(Self.padded(amendment.id, idWidth))  \(Self.padded(amendment.state, 12)) \(amendment.kind) \(amendment.target)  by \(amendment.organisation.uppercased())"
                if !amendment.replaces.isEmpty { text += ", compromise replacing \(amendment.replaces.joined(separator: ", "))" }
                if let covered = amendment.coveredBy { text += ", covered by \(covered)" }
                if let proposal = amendment.proposal { text += ", secretariat proposes to \(proposal)" }
                if !amendment.votes.isEmpty {
                    var counts = [String: Int]()
                    for choice in amendment.votes.values { counts[choice, default: 0] += 1 }
                    text += "; votes: " + VoteChoice.allCases.map { "\(counts[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
                }
                if let reason = amendment.rulingReason { text += "\n        inadmissible: \(reason)" }
                if let outcome = amendment.outcome { text += "\n        \(outcome)" }
            }
            return text
        }

        /// The status as `accord status RES` prints it, with the lines of its amendments made apart.
        /// - Parameter stateWords: what is happening in the resolution's state, from its workflow.
        /// - Parameter text: the current text, to name what its language versions lack as people do.
        static func render(_ status: ResolutionStatus, amendments: String, stateWords: String? = nil, text: ResolutionText? = nil) -> String {
            let state = stateWords.map { "\(sentence($0)) (\(status.state), " } ?? "\(status.state) ("
            var lines = ["\(status.title) (\(status.id))", "State: \(state)workflow \(status.workflow), round \(status.round))"]
            if let deadline = status.deadline, let date = RecordDate.parse(deadline) {
                lines.append("Amendment deadline: \(HumanDate.format(date))")
            }
            if !status.electorate.isEmpty {
                lines.append("Voting organisations (\(status.electorate.count)): \(status.electorate.joined(separator: ", "))")
            }
            if !amendments.isEmpty {
                lines.append("")
                lines.append("Amendments:")
                lines.append(amendments)
            }
            if !status.sections.isEmpty {
                lines.append("")
                lines.append("Sections under review:")
                for section in status.sections {
                    lines.append("  \(section.id)  \(section.approved ? "approved" : "not approved")  (\(section.result))")
                }
            }
            if let translations = status.translations {
                lines.append("")
                lines.append("Language versions:")
                func named(_ ids: [String]) -> String { text?.naming(ids) ?? ids.joined(separator: ", ") }
                for (language, progress) in translations.sorted(by: { $0.key < $1.key }) {
                    lines.append("  \(Translation.languageName(language)) (\(language)): \(progress.current) up to date, \(progress.stale.count) out of date, \(progress.missing.count) not translated")
                    if !progress.stale.isEmpty { lines.append("      out of date: \(named(progress.stale))") }
                    if !progress.missing.isEmpty { lines.append("      not translated: \(named(progress.missing))") }
                }
            }
            if let vote = status.textVote {
                lines.append("")
                lines.append("Vote on the text\(vote.body.map { " (\($0))" } ?? ""): \(vote.passed ? "passed" : "not passed") (\(vote.result))")
            }
            lines.append("")
            lines.append(status.next.isEmpty ? "Nothing more can happen: this is a final state." : "What can happen next:")
            // Each step in the workflow's words, then who takes it and how; then what stands in its way.
            for step in status.next {
                let who = step.roles.map { "the \($0)" }.joined(separator: " or ")
                let command = step.kind == "transition" ? "accord advance \(status.id) \(step.name)" : Self.command(for: step.name, in: status.id)
                let what = sentence(step.description ?? step.name.replacingOccurrences(of: "-", with: " "))
                lines.append("  \(what), by \(who): \(command)")
                for blocker in step.blockers { lines.append("      not yet: \(blocker)") }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// `accord show RES [--at REV]`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "The text of a resolution with its ids and numbers (Markdown).",
            discussion: "Shows the adopted text once adopted, else the consolidated text once voting has closed, else the draft.")
        @Argument(help: "The resolution id.") var resolution: String
        @Option(help: ArgumentHelp("A version: a commit id, a tag (e.g. pact-2026/adopted), main~3.", valueName: "REV")) var at: String?
        @Option(help: ArgumentHelp("The text in one of the resolution's languages (what is not translated stays in the original).", valueName: "LANG"))
        var language: String?
        @OptionGroup var record: RecordOptions

        func run() throws {
            let opened = try CommandContext.openRecord(record)
            let text = try CommandContext.run { () throws(AccordError) in
                let snapshot = try opened.snapshot(at: at)
                guard let language else { return try snapshot.currentText(resolution) }
                return try snapshot.languageVersion(resolution, language: language).text
            }
            print(text.markdown(showingIDs: true), terminator: "")
        }
    }
}
