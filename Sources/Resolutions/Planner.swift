import Foundation
import GitStore
import Workflow

/// The files an action writes and the message that records it.
struct Plan {
    var changes: [FileChange] = []
    var subject: String
    var trailers: [Trailer] = []
    /// An annotated tag written with the commit (adoption).
    var tag: (name: String, message: String)?
    var created: String?
}

/// Checks one action against the record at one commit and works out its commit.
///
/// Pure with respect to the record: it reads the snapshot and returns a plan;
/// `Record` writes it, and `Verifier` re-plans every past commit to check
/// that the files it wrote are exactly what its action produces.
struct Planner {
    let snapshot: Snapshot
    /// Nil only for actions that need no identity: creating a record, the first roster import.
    let actor: Person?
    let now: Date
    /// How the action reached Accord when not through the command line (`web`), recorded as the
    /// `Accord-Via` trailer so that `verify` replays it too.
    var via: String? = nil

    /// The channels an action may come through besides the command line.
    static let channels: Set<String> = ["web"]

    func plan(_ action: Action) throws(AccordError) -> Plan {
        var plan = try planAction(action)
        if let via { plan.trailers.append(Trailer("Accord-Via", via)) }
        return plan
    }

    private func planAction(_ action: Action) throws(AccordError) -> Plan {
        switch action {
        case .initialize(let workflows): return try initialize(workflows)
        case .importRoster(let roster): return try importRoster(roster)
        case .importDraft(let text): return try importDraft(text)
        case .updateDraft(let text): return try updateDraft(text)
        case .transition(let id, let name, let deadline): return try transition(id, name, deadline: deadline)
        case .table(let id, let draft): return try table(id, draft)
        case .withdraw(let id, let number): return try withdraw(id, number)
        case .cosign(let id, let number): return try cosign(id, number)
        case .screen(let id, let number, let admissible, let reason): return try screen(id, number, admissible, reason)
        case .propose(let id, let number, let accept, let note): return try propose(id, number, accept, note)
        case .vote(let id, let item, let choice): return try vote(id, item, choice)
        case .installWorkflow(let name, let yaml): return try installWorkflow(name, yaml)
        case .addLanguage(let id, let language): return try addLanguage(id, language)
        case .importTranslation(let id, let language, let texts): return try importTranslation(id, language, texts)
        case .translate(let id, let item, let language, let text): return try translate(id, item, language, text)
        }
    }

    // MARK: Identity and permissions

    func requireActor() throws(AccordError) -> Person {
        guard let actor else {
            throw .refused("unknown-person", "say who is acting: --as PERSON (a roster id or email), or set ACCORD_ACTOR")
        }
        return actor
    }

    /// The organisation of the actor, as commit subjects show it: "VNG".
    func organisationLabel(_ person: Person) -> String { person.organisation.uppercased() }

    func context(_ person: Person, _ meta: ResolutionMeta?, predicates: [String: Bool] = [:]) throws(AccordError) -> GuardContext {
        var dates: [String: Date] = [:]
        if let deadline = meta?.amendmentDeadline { dates["amendment-deadline"] = deadline }
        let members = try snapshot.roster().memberOrganisations.count
        return GuardContext(roles: Set(person.roles), counts: ["member-organisations": members], dates: dates,
                            now: now, predicates: predicates)
    }

    /// The workflow's blockers for a domain action in the resolution's state, with the
    /// actor's roles and the resolution's dates.
    func actionBlockers(_ action: DomainAction, _ meta: ResolutionMeta, _ person: Person) throws(AccordError) -> [Blocker] {
        let workflow = try snapshot.workflow(meta.workflow)
        return workflow.blockers(forAction: action.rawValue, in: meta.state, context: try context(person, meta))
    }

    /// Refuses with every blocker; a missing role is said once, though both the
    /// resolution's and the amendment's workflow may check it.
    func refuseIfAny(_ blockers: [Blocker]) throws(AccordError) {
        guard let firstRole = blockers.firstIndex(where: { $0.code == "role" }) else {
            if !blockers.isEmpty { throw .refused(blockers) }
            return
        }
        throw .refused(blockers.enumerated().filter { $0.offset == firstRole || $0.element.code != "role" }.map(\.element))
    }

    func trailers(_ action: String, resolution: String?, person: Person?, item: String? = nil) -> [Trailer] {
        var list = [Trailer("Accord-Action", action)]
        if let resolution { list.append(Trailer("Accord-Resolution", resolution)) }
        if let person {
            list.append(Trailer("Accord-Actor", person.id))
            list.append(Trailer("Accord-Organisation", person.organisation))
        }
        if let item { list.append(Trailer("Accord-Item", item)) }
        return list
    }

    // MARK: Record and roster

    func initialize(_ workflows: [String: String]) throws(AccordError) -> Plan {
        guard snapshot.commit == nil else { throw .refused("exists", "this record has already been created") }
        var plan = Plan(subject: "Create the Accord record", trailers: trailers(Action.initialize(workflows: [:]).name, resolution: nil, person: nil))
        plan.changes.append(.write(RecordLayout.marker, "format: 1\n"))
        // Every problem of every file at once, so that a folder of procedures is mended in one go.
        var problems: [InputProblem] = []
        if workflows[RecordLayout.amendmentWorkflow] == nil {
            problems.append(InputProblem(file: RecordLayout.workflow(RecordLayout.amendmentWorkflow), line: nil,
                                         "the record needs an amendment’s life: add \(RecordLayout.amendmentWorkflow).yml (the shipped one is a start)"))
        }
        for (name, yaml) in workflows.sorted(by: { $0.key < $1.key }) {
            do {
                _ = try Self.parseWorkflow(name, yaml)
            } catch {
                problems += error.problems
            }
            plan.changes.append(.write(RecordLayout.workflow(name), yaml))
        }
        if !problems.isEmpty { throw .invalidInput(InvalidInput(problems)) }
        return plan
    }

    /// A workflow file a person gives, parsed; else everything wrong with it, each with its line.
    static func parseWorkflow(_ name: String, _ yaml: String) throws(InvalidInput) -> WorkflowDefinition {
        let path = RecordLayout.workflow(name)
        guard Slug.isValidID(name) else {
            throw InvalidInput([InputProblem(file: path, line: nil, "‘\(name)’ cannot name a procedure: use lower-case letters, digits and hyphens")])
        }
        do {
            return try WorkflowDefinition.parse(yaml, file: path, vocabulary: .accord(forWorkflow: name))
        } catch {
            throw InvalidInput(error.issues.map { InputProblem(file: $0.file, line: $0.line, $0.message) })
        }
    }

    func importRoster(_ roster: Roster) throws(AccordError) -> Plan {
        let current = try snapshot.roster()
        if current != .empty {
            let person = try requireActor()
            guard person.roles.contains(Role.secretariat) else {
                throw .refused("role", "only the secretariat may replace the roster; \(person.name) is \(person.roles.joined(separator: ", "))")
            }
        }
        let people = roster.people.count == 1 ? "1 person" : "\(roster.people.count) people"
        var plan = Plan(subject: "Import the roster: \(roster.organisations.count) organisations, \(people)",
                        trailers: trailers(Action.importRoster(.empty).name, resolution: nil, person: current == .empty ? nil : actor))
        plan.changes = [.write(RecordLayout.roster, roster.yaml)]
        return plan
    }

    // MARK: Drafts

    /// Ids such as `par-a3` belong to provisions that amendments insert: a draft may not take them.
    func reservedIDBlockers(_ text: ResolutionText) -> [Blocker] {
        text.provisions.compactMap { provision in
            let parts = provision.id.split(separator: "-")
            guard parts.count == 2, parts[0] == "par" || parts[0] == "rec", parts[1].first == "a",
                  Amendment.number(String(parts[1])) != nil else { return nil }
            return Blocker(code: "reserved-id", message: "the id ‘\(provision.id)’ is kept for the provision that amendment \(parts[1].uppercased()) may insert; choose another", parameters: [:])
        }
    }

    func importDraft(_ text: ResolutionText) throws(AccordError) -> Plan {
        let person = try requireActor()
        if text.workflow == RecordLayout.amendmentWorkflow {
            throw .refused("workflow", "‘\(text.workflow)’ describes an amendment’s life, not the procedure of a resolution; choose another workflow")
        }
        if try snapshot.resolutionIDs().contains(text.id) {
            throw .refused("exists", "a resolution with the id ‘\(text.id)’ already exists; choose another id in the front matter")
        }
        let workflow = try snapshot.workflow(text.workflow)
        var meta = ResolutionMeta(id: text.id, title: text.title, workflow: text.workflow, language: text.language,
                                  state: workflow.initialState)
        try refuseIfAny(try actionBlockers(.updateDraft, meta, person) + reservedIDBlockers(text))
        let name = Action.importDraft(text).name
        var plan = Plan(subject: "Import the draft ‘\(text.title)’ as \(text.id)",
                        trailers: trailers(name, resolution: text.id, person: person))
        meta.languages = text.languages
        meta.milestones.append(Milestone(date: now, actor: person.id, step: name, summary: plan.subject))
        plan.changes = [.write(RecordLayout.meta(text.id), meta.yaml)] + draftFiles(text)
        plan.created = text.id
        return plan
    }

    func updateDraft(_ text: ResolutionText) throws(AccordError) -> Plan {
        let person = try requireActor()
        var meta = try snapshot.meta(text.id)
        var blockers = try actionBlockers(.updateDraft, meta, person) + reservedIDBlockers(text)
        if text.workflow != meta.workflow {
            blockers.append(Blocker(code: "workflow", message: "the workflow of a resolution cannot change once it is imported (it is ‘\(meta.workflow)’)", parameters: [:]))
        }
        try refuseIfAny(blockers)
        meta.title = text.title
        meta.language = text.language
        let name = Action.updateDraft(text).name
        var plan = Plan(subject: "Update the draft of \(text.id)",
                        trailers: trailers(name, resolution: text.id, person: person))
        meta.milestones.append(Milestone(date: now, actor: person.id, step: name, summary: plan.subject))
        plan.changes = [.write(RecordLayout.meta(text.id), meta.yaml)] + draftFiles(text)
        return plan
    }

    /// While drafting, the draft is both the text amendments will be tabled
    /// against and the original that the adopted text is compared with (one
    /// blob, since the bytes are the same).
    private func draftFiles(_ text: ResolutionText) -> [FileChange] {
        [.write(RecordLayout.text(text.id), text.recordMarkdown), .write(RecordLayout.draft(text.id), text.recordMarkdown)]
    }
}
