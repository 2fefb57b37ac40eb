import ArgumentParser
import Foundation
import Resolutions

extension Accord {
    /// `accord status [RES]`
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Where a resolution stands: state, deadline, amendments, votes, and what can happen next.",
            discussion: "Without RES, lists the resolutions of the record.")
        @Argument(help: "The resolution id.") var resolution: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let opened = try CommandContext.openRecord(record)
            let now = try CommandContext.now()
            guard let resolution else {
                let list = try CommandContext.run { () throws(AccordError) in
                    let snapshot = try opened.snapshot()
                    return try snapshot.resolutionIDs().map { id throws(AccordError) in try snapshot.meta(id) }
                }
                if output.json {
                    try CommandContext.printJSON(["resolutions": list.map { ["id": $0.id, "title": $0.title, "state": $0.state, "workflow": $0.workflow] }])
                } else if list.isEmpty {
                    print("No resolution yet: start one with ‘accord draft import FILE’.")
                } else {
                    for meta in list { print("\(meta.id)  \(meta.state)  \(meta.title)") }
                }
                return
            }
            let status = try CommandContext.run { () throws(AccordError) in try opened.snapshot().status(resolution, now: now) }
            if output.json {
                // Nine megabytes for 10,000 amendments: written as made, not held as one string.
                status.writeJSON { chunk in FileHandle.standardOutput.write(Data(chunk)) }
                FileHandle.standardOutput.write(Data("\n".utf8))
            } else {
                print(Self.render(status))
            }
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
            case nil: action
            }
        }

        static func render(_ status: ResolutionStatus) -> String {
            var lines = ["\(status.title) (\(status.id))", "State: \(status.state) (workflow \(status.workflow), round \(status.round))"]
            if let deadline = status.deadline, let date = RecordDate.parse(deadline) {
                lines.append("Amendment deadline: \(HumanDate.format(date))")
            }
            if !status.electorate.isEmpty {
                lines.append("Voting organisations (\(status.electorate.count)): \(status.electorate.joined(separator: ", "))")
            }
            if !status.amendments.isEmpty {
                lines.append("")
                lines.append("Amendments:")
                let idWidth = status.amendments.map(\.id.count).max() ?? 0
                for amendment in status.amendments {
                    var line = "  \(amendment.id.padding(toLength: idWidth, withPad: " ", startingAt: 0))  \(amendment.state.padding(toLength: 12, withPad: " ", startingAt: 0)) \(amendment.kind) \(amendment.target)  by \(amendment.organisation.uppercased())"
                    if !amendment.replaces.isEmpty { line += ", compromise replacing \(amendment.replaces.joined(separator: ", "))" }
                    if let covered = amendment.coveredBy { line += ", covered by \(covered)" }
                    if let proposal = amendment.proposal { line += ", secretariat proposes to \(proposal)" }
                    if !amendment.votes.isEmpty {
                        let counts = VoteChoice.allCases.map { choice in "\(amendment.votes.values.filter { $0 == choice.rawValue }.count) \(choice.rawValue)" }
                        line += "; votes: \(counts.joined(separator: ", "))"
                    }
                    lines.append(line)
                    if let reason = amendment.rulingReason { lines.append("        inadmissible: \(reason)") }
                    if let outcome = amendment.outcome { lines.append("        \(outcome)") }
                }
            }
            if !status.sections.isEmpty {
                lines.append("")
                lines.append("Sections under review:")
                for section in status.sections {
                    lines.append("  \(section.id)  \(section.approved ? "approved" : "not approved")  (\(section.result))")
                }
            }
            lines.append("")
            lines.append(status.next.isEmpty ? "Nothing more can happen: this is a final state." : "What can happen next:")
            for step in status.next {
                let who = step.roles.joined(separator: " or ")
                let command = step.kind == "transition" ? "accord advance \(status.id) \(step.name)" : Self.command(for: step.name, in: status.id)
                let what = step.description.map { " — \($0)" } ?? ""
                lines.append("  \(command)  (\(who))\(what)\(step.blockers.isEmpty ? "" : " — not yet:")")
                for blocker in step.blockers { lines.append("      \(blocker)") }
            }
            return lines.joined(separator: "\n")
        }
    }

    /// `accord show RES [--at REV]`
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The text of a resolution with its ids and numbers (Markdown).",
            discussion: "Shows the adopted text once adopted, else the consolidated text once voting has closed, else the draft.")
        @Argument(help: "The resolution id.") var resolution: String
        @Option(help: ArgumentHelp("A version: a commit id, a tag (e.g. pact-2026/adopted), main~3.", valueName: "REV")) var at: String?
        @OptionGroup var record: RecordOptions

        func run() throws {
            let opened = try CommandContext.openRecord(record)
            let text = try CommandContext.run { () throws(AccordError) in try opened.snapshot(at: at).currentText(resolution) }
            print(text.markdown(showingIDs: true), terminator: "")
        }
    }
}
