import ArgumentParser
import Exports
import Foundation
import Resolutions

extension Accord {
    /// `accord amend RES --target ID (--replace TEXT | --delete | --insert-before TEXT | --insert-after TEXT)`,
    /// or `accord amend RES --from FILE.docx`: one amendment per provision changed with Track Changes.
    struct Amend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "amend",
            abstract: "Table an amendment to a provision (with --replaces: a compromise); prints its id first.",
            usage: """
            accord amend <resolution> --target <ID> (--replace <TEXT> | --delete | --insert-before <TEXT> | --insert-after <TEXT>)
                         [--justification <TEXT>] [--cosign <PERSON> ...] [--replaces <A1,A2>] [-C <DIR>] [--as <PERSON>]
            accord amend <resolution> --from <FILE.docx> [--justification <TEXT>] [--dry-run] [-C <DIR>] [--as <PERSON>]
            """,
            discussion: """
            Examples:
              accord amend pact-2026 --target par-4 --replace "Urges …;" --cosign sanne
              accord amend pact-2026 --target rec-c --delete --justification "Out of date"
              accord amend pact-2026 --target par-5 --replace "…" --replaces A3,A7
              accord amend pact-2026 --from marked-up.docx --dry-run --as amelie

            With --from, FILE.docx is a copy of ‘accord export RES --format docx’ changed in Word with \
            Track Changes on: each changed provision becomes one amendment (a replacement, a deletion, \
            or an insertion for a new paragraph), tabled in text order, each its own commit, all \
            together or, when one is refused, none; a Word comment on a change is its justification.
            """)
        @Argument(help: "The resolution id.") var resolution: String
        @Option(help: ArgumentHelp("The provision to amend, e.g. par-4 or rec-b.", valueName: "ID")) var target: String?
        @Option(help: ArgumentHelp("Replace the provision's text.", valueName: "TEXT")) var replace: String?
        @Flag(help: "Delete the provision.") var delete = false
        @Option(name: .customLong("insert-before"), help: ArgumentHelp("Insert a new provision before it.", valueName: "TEXT")) var insertBefore: String?
        @Option(name: .customLong("insert-after"), help: ArgumentHelp("Insert a new provision after it.", valueName: "TEXT")) var insertAfter: String?
        @Option(help: ArgumentHelp("Why the change is needed.", valueName: "TEXT")) var justification = ""
        @Option(name: .customLong("cosign"), help: ArgumentHelp("A co-signatory from another organisation (repeatable).", valueName: "PERSON")) var cosignatories: [String] = []
        @Option(help: ArgumentHelp("A copy of the Word text export changed with Track Changes on.", valueName: "FILE.docx")) var from: String?
        @Flag(name: .customLong("dry-run"), help: "With --from: list the amendments without tabling them.") var dryRun = false
        @Option(help: ArgumentHelp("A compromise: the amendments it replaces, e.g. A1,A2.", valueName: "A1,A2")) var replaces: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var actor: ActorOptions

        func validate() throws {
            let chosen = [replace != nil, delete, insertBefore != nil, insertAfter != nil].filter { $0 }.count
            if from != nil {
                guard chosen == 0, target == nil, replaces == nil, cosignatories.isEmpty else {
                    throw ValidationError("--from reads every change from the Word document: give no --target, --replace, --delete, --insert-before, --insert-after, --cosign or --replaces with it")
                }
                return
            }
            guard !dryRun else { throw ValidationError("--dry-run goes with --from FILE.docx") }
            guard target != nil else { throw ValidationError("say which provision to amend with --target ID, or give a marked-up copy with --from FILE.docx") }
            guard chosen == 1 else {
                throw ValidationError("say what the amendment does with exactly one of --replace TEXT, --delete, --insert-before TEXT, --insert-after TEXT")
            }
        }

        func run() throws {
            if let from { return try tableFromWord(from) }
            let kind: AmendmentKind = replace != nil ? .replace : delete ? .delete : insertBefore != nil ? .insertBefore : .insertAfter
            let numbers = try (replaces ?? "").split(separator: ",").map { try parseAmendment($0.trimmingCharacters(in: .whitespaces)) }
            let draft = AmendmentDraft(target: target ?? "", kind: kind, text: replace ?? insertBefore ?? insertAfter,
                                       justification: justification, cosignatories: cosignatories, replaces: numbers)
            try CommandContext.perform(.table(resolution: resolution, draft), record: record, actor: actor)
        }

        /// Tables one amendment per provision changed in a marked-up Word copy, in text order.
        func tableFromWord(_ file: String) throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw Failure.exit("cannot read the file ‘\(file)’") }
            // In batch mode: the amendments are written together, with one flush, or not at all.
            let opened = try CommandContext.openRecord(record, mode: .batch)
            let found = try CommandContext.run { () throws(AccordError) in
                let text = try opened.snapshot().text(resolution)
                do throws(InvalidInput) {
                    return try DocxMarkup.amendments(from: data, file: file, text: text, justification: justification)
                } catch { throw .invalidInput(error) }
            }
            if dryRun {
                for (index, amendment) in found.enumerated() { print("\(index + 1). \(amendment.summary)") }
                print("\(found.count) amendment\(found.count == 1 ? "" : "s") found in \(file); nothing was tabled (--dry-run).")
                return
            }
            let who = CommandContext.actor(actor, record: opened), now = try CommandContext.now()
            let performed = try CommandContext.run { () throws(AccordError) in
                try opened.performTogether(found.map { .table(resolution: resolution, $0.draft) }, by: who, at: now)
            }
            performed.forEach(CommandContext.say)
        }
    }

    /// `accord withdraw RES AMENDMENT`
    struct Withdraw: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "withdraw", abstract: "Withdraw an amendment of your organisation (before voting opens).")
        @Argument(help: "The resolution id.") var resolution: String
        @Argument(help: "The amendment, e.g. A3.") var amendment: String
        @OptionGroup var record: RecordOptions
        @OptionGroup var actor: ActorOptions

        func run() throws {
            try CommandContext.perform(.withdraw(resolution: resolution, amendment: try parseAmendment(amendment)), record: record, actor: actor)
        }
    }

    /// `accord screen RES AMENDMENT (--admissible | --inadmissible --reason TEXT)`
    struct Screen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "screen",
            abstract: "Rule an amendment admissible or inadmissible (the secretariat, during screening).",
            usage: "accord screen <resolution> <amendment> (--admissible | --inadmissible --reason <TEXT>) [-C <DIR>] [--as <PERSON>]",
            discussion: """
            Examples:
              accord screen pact-2026 A3 --admissible --as tomasz
              accord screen pact-2026 A6 --inadmissible --reason "Outside the scope"
            """)
        @Argument(help: "The resolution id.") var resolution: String
        @Argument(help: "The amendment, e.g. A3.") var amendment: String
        @Flag(help: "The amendment may be voted on.") var admissible = false
        @Flag(help: "The amendment may not be voted on (give --reason).") var inadmissible = false
        @Option(help: ArgumentHelp("Why it is inadmissible.", valueName: "TEXT")) var reason: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var actor: ActorOptions

        func validate() throws {
            guard admissible != inadmissible else { throw ValidationError("give exactly one of --admissible or --inadmissible") }
        }

        func run() throws {
            try CommandContext.perform(.screen(resolution: resolution, amendment: try parseAmendment(amendment), admissible: admissible, reason: reason),
                                       record: record, actor: actor)
        }
    }

    /// `accord propose RES AMENDMENT (accept | reject) [--note TEXT]`
    struct Propose: ParsableCommand {
        enum Recommendation: String, ExpressibleByArgument, CaseIterable { case accept, reject }
        static let configuration = CommandConfiguration(commandName: "propose", abstract: "Recommend how to vote on an amendment (the secretariat).")
        @Argument(help: "The resolution id.") var resolution: String
        @Argument(help: "The amendment, e.g. A3.") var amendment: String
        @Argument(help: "accept or reject.") var recommendation: Recommendation
        @Option(help: ArgumentHelp("A note explaining the recommendation.", valueName: "TEXT")) var note: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var actor: ActorOptions

        func run() throws {
            try CommandContext.perform(.propose(resolution: resolution, amendment: try parseAmendment(amendment),
                                                accept: recommendation == .accept, note: note), record: record, actor: actor)
        }
    }

    /// `accord vote RES ITEM (--for | --against | --abstain)`
    struct Vote: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "vote",
            abstract: "Vote for your organisation on an amendment (A3), a section (sec-…) or the whole text; a later vote replaces it.",
            usage: "accord vote <resolution> <item> (--for | --against | --abstain) [-C <DIR>] [--as <PERSON>]",
            discussion: """
            Amendments are voted on while voting is open, sections once it has closed, and the whole text \
            (‘text’) where the procedure puts it to a body's vote; ‘accord status RES’ lists the section ids.

            Examples:
              accord vote pact-2026 A3 --for --as amelie
              accord vote pact-2026 sec-governance --against --as sanne
              accord vote pact-2026 text --for --as julien
            """)
        @Argument(help: "The resolution id.") var resolution: String
        @Argument(help: "An amendment (A3), a section id (sec-governance) or ‘text’ for the whole text.") var item: String
        @Flag(exclusivity: .exclusive, help: "How your organisation votes (give one).") var choice: VoteChoice
        @OptionGroup var record: RecordOptions
        @OptionGroup var actor: ActorOptions

        func run() throws {
            let normalised = Amendment.number(item).map(Amendment.id) ?? item
            try CommandContext.perform(.vote(resolution: resolution, item: normalised, choice: choice), record: record, actor: actor)
        }
    }

    /// `accord advance RES TRANSITION [--deadline DATE]`
    struct Advance: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "advance",
            abstract: "Take a step of the resolution's workflow by name, e.g. open-amendments, close-voting, adopt.",
            discussion: """
            ‘accord status RES’ lists the steps possible now and what stands in their way.

            Examples (the default workflow, in order):
              accord advance pact-2026 open-amendments --deadline 2026-12-15T18:00Z
              accord advance pact-2026 close-amendments --as claire
              accord advance pact-2026 open-voting --as claire
              accord advance pact-2026 close-voting --as claire
              accord advance pact-2026 adopt --as claire
            """)
        @Argument(help: "The resolution id.") var resolution: String
        @Argument(help: "The step (a transition of the workflow).") var transition: String
        @Option(help: ArgumentHelp("The amendment deadline, for steps that set one (ISO 8601).", valueName: "DATE")) var deadline: String?
        @OptionGroup var record: RecordOptions
        @OptionGroup var actor: ActorOptions

        func run() throws {
            let date = try deadline.map { try parseDate($0, option: "--deadline") }
            try CommandContext.perform(.transition(resolution: resolution, name: transition, deadline: date), record: record, actor: actor)
        }
    }
}

extension VoteChoice: EnumerableFlag {}
