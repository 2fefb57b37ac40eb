import ArgumentParser
import Foundation
import Resolutions

extension Accord {
    /// `accord demo [DIR]`
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Play a whole consultation on the sample draft into a new record, and say where to look.",
            discussion: """
            Eight member associations table amendments to the sample resolution on the New Pact on \
            Migration and Asylum; the secretariat screens them (one inadmissible), one is withdrawn, \
            a compromise replaces two, two conflict so that one falls, one is rejected; members vote, \
            review the consolidated text section by section, and the secretariat adopts it. The text is \
            published in French too: the French version is imported at the start, the two paragraphs \
            the vote changes are translated again before adoption, and so is the paragraph it inserts. \
            The timeline starts at $ACCORD_NOW, or at 2 November 2026 09:00 UTC.
            """)

        @Argument(help: "A new or empty folder for the record (default: a new folder under the system's temporary folder).")
        var directory: String?

        func run() throws {
            let path = directory ?? NSTemporaryDirectory() + "accord-demo-\(ProcessInfo.processInfo.processIdentifier)"
            if let contents = try? FileManager.default.contentsOfDirectory(atPath: path), !contents.isEmpty {
                throw Failure.exit("‘\(path)’ is not empty; give a new folder")
            }
            let start = ProcessInfo.processInfo.environment["ACCORD_NOW"].flatMap(RecordDate.parse)
                ?? RecordDate.parse("2026-11-02T09:00:00Z") ?? Date()
            let record = try CommandContext.run { () throws(AccordError) in
                try Record.create(at: path, workflows: Shipped.workflows, now: start)
            }
            print("A consultation on ‘\(DemoScript.resolution)’, played into \(record.repository.gitDirectory)\n")
            var steps = 1
            var draftCommit = ""
            var ballots: (item: String, choices: [String: VoteChoice], when: Date)?
            func printBallots() {
                guard let open = ballots else { return }
                let counts = VoteChoice.allCases.map { choice in "\(open.choices.values.filter { $0 == choice }.count) \(choice.rawValue)" }
                print("\(HumanDate.format(open.when))  Votes on \(open.item) from \(open.choices.count) organisations: \(counts.joined(separator: ", "))")
                ballots = nil
            }
            let roster = try DemoScript.sampleRoster()
            for step in try DemoScript.steps() {
                let when = start.addingTimeInterval(step.hours * 3600)
                let performed = try CommandContext.run { () throws(AccordError) in
                    try record.perform(step.action, by: step.actor, at: when)
                }
                steps += 1
                // Print a run of votes on one item as one line.
                if case .vote(_, let item, let choice) = step.action, let organisation = step.actor.flatMap({ roster.person($0)?.organisation }) {
                    if ballots?.item != item { printBallots() }
                    ballots = (item, (ballots?.choices ?? [:]).merging([organisation: choice]) { $1 }, ballots?.when ?? when)
                    continue
                }
                printBallots()
                if case .importDraft = step.action { draftCommit = performed.commit.short }
                print("\(HumanDate.format(when))  \(performed.summary)")
            }
            let tally = try CommandContext.run { () throws(AccordError) in
                try record.snapshot().status(DemoScript.resolution, now: start)
            }
            let states = Dictionary(grouping: tally.amendments, by: \.state).mapValues(\.count)
            let counts = states.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            print("\n\(steps) actions, one commit each. Amendments: \(counts).\n\nWhere to look:")
            let id = DemoScript.resolution
            // As it was started (e.g. `.build/debug/accord` under `swift run`), so the lines can be pasted.
            let accord = CommandLine.arguments[0].contains("/") ? CommandLine.arguments[0] : "accord"
            let places = [
                ("The outcome of every amendment", "\(accord) -C \(path) status \(id)"),
                ("Who did what, and when", "\(accord) -C \(path) log"),
                ("The adopted text", "\(accord) -C \(path) show \(id)"),
                ("The adopted text against the draft, word by word", "\(accord) -C \(path) diff \(id) \(draftCommit)"),
                ("The adopted text in French", "\(accord) -C \(path) export \(id) --format md --language fr"),
                ("English and French side by side", "\(accord) -C \(path) export \(id) --format html --view bilingual --languages en,fr > bilingual.html"),
                ("Replay and check the whole record", "\(accord) -C \(path) verify"),
                ("The same history with plain git", "git -C \(path) log --format='%h %an: %s'"),
                ("The adopted text, from its tag", "git -C \(path) show \(id)/adopted:resolutions/\(id)/adopted.md"),
            ]
            // Each command on a line of its own, under what it shows: the paths make the commands
            // too long for a table beside their descriptions in an 80-column terminal. A file is
            // written by redirection, into the folder the demo was run from: `-C` would put it in the record.
            for (what, command) in places {
                print("  \(what):\n    \(command)")
            }
        }
    }
}

/// The demo consultation: who does what, hours after the start.
enum DemoScript {
    static let resolution = "pact-2026"

    struct Step {
        let hours: Double
        let actor: String?
        let action: Action
    }

    static func sampleRoster() throws -> Roster {
        try CommandContext.run { () throws(AccordError) in
            do throws(InvalidInput) { return try Roster(yaml: Shipped.roster, file: "drafts/roster.yml") } catch { throw .invalidInput(error) }
        }
    }

    /// The French version of the sample draft (`drafts/pact-resolution.fr.md`), by item.
    static func frenchVersion(of draft: ResolutionText) throws -> [String: String] {
        var declared = draft
        declared.languages = [draft.language, "fr"]
        return try CommandContext.run { () throws(AccordError) in
            do throws(InvalidInput) {
                return try TranslationFile(markdown: Shipped.draftFrench, file: "drafts/pact-resolution.fr.md", source: draft,
                                           language: "fr", declared: declared.languages).texts
            } catch { throw .invalidInput(error) }
        }
    }

    static func steps() throws -> [Step] {
        let roster = try sampleRoster()
        let draft = try CommandContext.run { () throws(AccordError) in
            do throws(InvalidInput) { return try ResolutionText(markdown: Shipped.draft, file: "drafts/pact-resolution.md") } catch { throw .invalidInput(error) }
        }
        let id = resolution
        let deadline = RecordDate.parse("2026-11-20T18:00:00Z")
        func amend(_ target: String, _ kind: AmendmentKind, _ text: String?, _ why: String, cosign: [String] = [], replaces: [Int] = []) -> Action {
            .table(resolution: id, AmendmentDraft(target: target, kind: kind, text: text, justification: why, cosignatories: cosign, replaces: replaces))
        }
        func vote(_ item: String, _ choices: [(String, VoteChoice)], at hours: Double) -> [Step] {
            choices.enumerated().map { index, pair in
                Step(hours: hours + Double(index) * 0.25, actor: pair.0, action: .vote(resolution: id, item: item, choice: pair.1))
            }
        }
        let secretariat = "claire"
        var steps: [Step] = [
            Step(hours: 0.1, actor: nil, action: .importRoster(roster)),
            Step(hours: 0.5, actor: secretariat, action: .importDraft(draft)),
            Step(hours: 1, actor: secretariat, action: .addLanguage(resolution: id, language: "fr")),
            Step(hours: 3, actor: secretariat, action: .importTranslation(resolution: id, language: "fr", texts: try frenchVersion(of: draft))),
            Step(hours: 24, actor: secretariat, action: .transition(resolution: id, name: "open-amendments", deadline: deadline)),
            Step(hours: 72, actor: "amelie", action: amend("par-6", .replace, "Asks for stable, multiannual funding of local integration services, with a dedicated envelope for small and medium-sized municipalities;", "Short project calls exclude the smaller municipalities that receive many newcomers.", cosign: ["katrin"])),
            Step(hours: 80, actor: "sanne", action: amend("par-6", .replace, "Asks for multiannual funding of local integration services, pooled with national integration programmes;", "Pooling avoids parallel funding streams.")),
            Step(hours: 96, actor: "katrin", action: amend("par-4", .insertAfter, "Calls for specific support to unaccompanied minors in their transition to adulthood;", "Municipalities carry this responsibility alone when minors turn eighteen.", cosign: ["giulia"])),
            Step(hours: 120, actor: "lucia", action: amend("par-9", .replace, "Demands a permanent structured dialogue between the EU institutions and local and regional governments on migration;", "A permanent format gives local governments a voice beyond the Pact.")),
            Step(hours: 122, actor: "giulia", action: amend("par-9", .replace, "Demands a structured dialogue between the EU institutions, the Member States and local and regional governments on the implementation of the Pact;", "The Member States must be part of the dialogue.")),
            Step(hours: 140, actor: "annika", action: amend("rec-d", .delete, nil, "The recital refers to a meeting that readers will not know.")),
            Step(hours: 160, actor: "ingrid", action: amend("par-13", .replace, "Calls for a review of fishing quotas in the North Sea;", "A pressing issue for coastal municipalities.")),
            Step(hours: 170, actor: "elodie", action: amend("par-12", .insertBefore, "Welcomes twinning between cities of arrival and cities of origin;", "Twinning builds trust.")),
            Step(hours: 200, actor: "elodie", action: .withdraw(resolution: id, amendment: 8)),
            Step(hours: 442, actor: secretariat, action: .transition(resolution: id, name: "close-amendments", deadline: nil)),
            Step(hours: 446, actor: secretariat, action: .screen(resolution: id, amendment: 7, admissible: true, reason: nil)),
            Step(hours: 447, actor: "tomasz", action: .screen(resolution: id, amendment: 7, admissible: false, reason: "Fishing quotas are outside the scope of a resolution on migration and asylum.")),
        ]
        steps += [1, 2, 3, 4, 5, 6].map { Step(hours: 448, actor: secretariat, action: .screen(resolution: id, amendment: $0, admissible: true, reason: nil)) }
        steps += [
            Step(hours: 450, actor: secretariat, action: amend("par-9", .replace, "Demands a permanent structured dialogue between the EU institutions, the Member States and local and regional governments on migration and integration;", "Combines A4 and A5.", replaces: [4, 5])),
            Step(hours: 451, actor: secretariat, action: .translate(resolution: id, item: "A9", language: "fr", text: "Réclame un dialogue structuré permanent entre les institutions de l’UE, les États membres et les collectivités locales et régionales sur la migration et l’intégration ;")),
            Step(hours: 452, actor: secretariat, action: .propose(resolution: id, amendment: 9, accept: true, note: "The compromise is supported by FEMP and ANCI.")),
            Step(hours: 453, actor: secretariat, action: .propose(resolution: id, amendment: 1, accept: true, note: nil)),
            Step(hours: 454, actor: secretariat, action: .propose(resolution: id, amendment: 6, accept: false, note: "The recital records the Commission's commitment.")),
            Step(hours: 480, actor: secretariat, action: .transition(resolution: id, name: "open-voting", deadline: nil)),
        ]
        let everyone: [String] = ["amelie", "sanne", "katrin", "lucia", "giulia", "annika", "ingrid", "elodie"]
        func ballot(_ choices: [VoteChoice]) -> [(String, VoteChoice)] { Array(zip(everyone, choices)) }
        steps += vote("A9", ballot([.for, .for, .against, .for, .for, .for, .abstain, .for]), at: 490)
        steps += vote("A1", ballot([.for, .against, .for, .against, .for, .for, .abstain, .for]), at: 494)
        steps += vote("A2", [("sanne", .for), ("lucia", .for)], at: 498)
        steps += vote("A3", ballot([.for, .against, .for, .for, .for, .for, .for, .for]), at: 500)
        steps += vote("A3", [("pieter", .for)], at: 504)
        steps += vote("A6", ballot([.against, .against, .against, .against, .against, .for, .for, .against]), at: 506)
        steps.append(Step(hours: 580, actor: secretariat, action: .transition(resolution: id, name: "close-voting", deadline: nil)))
        // The tally adopted A1 (paragraph 6), A9 (paragraph 9) and A3 (a new paragraph): the French
        // version of the first two is out of date, the third is not translated yet.
        func translate(_ item: String, _ text: String, at hours: Double) -> Step {
            Step(hours: hours, actor: secretariat, action: .translate(resolution: id, item: item, language: "fr", text: text))
        }
        steps += [
            translate("par-6", "Demande un financement stable et pluriannuel des services locaux d’intégration, avec une enveloppe réservée aux petites et moyennes communes ;", at: 584),
            translate("par-9", "Réclame un dialogue structuré permanent entre les institutions de l’UE, les États membres et les collectivités locales et régionales sur la migration et l’intégration ;", at: 585),
            translate("par-a3", "Demande un soutien particulier aux mineurs non accompagnés lors de leur passage à l’âge adulte ;", at: 586),
        ]
        let sections = ["sec-preamble", "sec-long-term-integration-and-inclusion", "sec-funding-and-local-capacity", "sec-governance", "sec-knowledge-exchange-and-evidence"]
        for (index, section) in sections.enumerated() {
            steps += vote(section, ballot([.for, .for, .for, .for, .for, .for, index == 2 ? .against : .for, .abstain]), at: 600 + Double(index) * 3)
        }
        steps.append(Step(hours: 700, actor: secretariat, action: .transition(resolution: id, name: "adopt", deadline: nil)))
        return steps
    }
}
