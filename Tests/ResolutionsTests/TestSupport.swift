import Foundation
import GitStore
import GitTestSupport
import Resolutions
import Testing
import Workflow

// MARK: Fixed times

/// The fixed times of a procedure, so that deadlines and commits never depend on the clock.
enum When {
    static let created = date("2026-11-02T09:00:00Z")
    static let opened = date("2026-11-03T09:00:00Z")
    static let tabling = date("2026-11-10T10:00:00Z")
    static let deadline = date("2026-11-20T18:00:00Z")
    static let screening = date("2026-11-21T09:00:00Z")
    static let voting = date("2026-11-25T09:00:00Z")
    static let review = date("2026-12-01T09:00:00Z")
    static let adoption = date("2026-12-02T09:00:00Z")

    static func date(_ text: String) -> Date {
        guard let date = RecordDate.parse(text) else { preconditionFailure("not a date: \(text)") }
        return date
    }
}

// MARK: The sample roster

/// People of the shipped sample roster, by role in the tests.
enum People {
    static let secretariat = "claire"
    /// One member per member organisation, in roster order: the eight organisations that vote.
    static let voters = ["amelie", "sanne", "katrin", "lucia", "giulia", "annika", "ingrid", "elodie"]
    static let organisations = ["afccre", "vng", "dst", "femp", "anci", "skr", "ks", "uvcw"]
}

/// A list of choices for the eight voters, in `People.voters` order; the rest do not vote.
func ballot(for votesFor: Int = 0, against: Int = 0, abstain: Int = 0) -> [VoteChoice] {
    Array(repeating: .for, count: votesFor) + Array(repeating: .against, count: against)
        + Array(repeating: .abstain, count: abstain)
}

/// The shipped sample draft, parsed.
func sampleText() throws -> ResolutionText {
    try ResolutionText(markdown: Shipped.draft, file: "drafts/pact-resolution.md")
}

let pact = "pact-2026"

/// A file a person wrote with one fault, the line it is on and what the refusal must say.
struct BadInput: Sendable, CustomTestStringConvertible {
    let name: String
    let text: String
    let line: Int?
    let message: String
    var testDescription: String { name }

    /// Checks that `problems` report this fault at its line of `file`.
    func expectReported(in problems: [InputProblem], file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problem = try #require(problems.first { $0.message.contains(message) }, "\(problems)", sourceLocation: sourceLocation)
        #expect(problem.file == file, sourceLocation: sourceLocation)
        #expect(problem.line == line, sourceLocation: sourceLocation)
        if let line {
            #expect(problem.description.hasPrefix("\(file):\(line): "), sourceLocation: sourceLocation)
        }
    }
}

// MARK: A record per test

/// A record of its own for one test, in a temporary folder removed with it,
/// holding the shipped workflows and (unless asked otherwise) the sample roster.
final class TestRecord {
    let folder: String
    /// The bare repository.
    let path: String
    let record: Record

    init(roster: String? = Shipped.roster, workflows: [String: String] = Shipped.workflows) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("accord-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/record.git"
        _ = try Record.create(at: path, workflows: workflows, now: When.created)
        record = try Record.open(at: path, mode: .direct)
        if let roster {
            try record.perform(.importRoster(try Roster(yaml: roster, file: "roster.yml")), by: nil, at: When.created)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    @discardableResult
    func perform(_ action: Action, by actor: String?, at now: Date) throws -> Performed {
        try record.perform(action, by: actor, at: now)
    }

    /// Runs the real git on the record.
    @discardableResult
    func git(_ arguments: String..., input: String? = nil, environment: [String: String] = [:]) throws -> GitOutput {
        try git(arguments, input: input, environment: environment)
    }

    @discardableResult
    func git(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> GitOutput {
        try GitTestSupport.git(arguments, in: path, input: input, environment: environment)
    }

    /// The tip of `main`, as git sees it.
    func tip() throws -> String {
        try git("rev-parse", "refs/heads/main").text
    }

    func commitCount() throws -> Int {
        Int(try git("rev-list", "--count", "refs/heads/main").text) ?? -1
    }

    func snapshot() throws -> Snapshot {
        try record.snapshot()
    }

    func amendment(_ number: Int, of resolution: String = pact) throws -> Amendment? {
        try snapshot().amendment(resolution, number)
    }

    /// Amendment number → state, for every amendment of a resolution.
    func states(of resolution: String = pact) throws -> [Int: AmendmentState] {
        Dictionary(uniqueKeysWithValues: try snapshot().amendments(resolution).map { ($0.number, $0.state) })
    }

    /// Performs an action that must be refused, checks that `main` did not move, and returns the error.
    func refusal(_ action: Action, by actor: String?, at now: Date,
                 sourceLocation: SourceLocation = #_sourceLocation) throws -> AccordError? {
        let before = try tip()
        var caught: AccordError?
        do {
            let performed = try record.perform(action, by: actor, at: now)
            Issue.record("expected a refusal, but it landed: \(performed.summary)", sourceLocation: sourceLocation)
        } catch {
            caught = error
        }
        #expect(try tip() == before, "a refused action moved main", sourceLocation: sourceLocation)
        return caught
    }
}

extension AccordError {
    /// The blockers of a refusal; empty for any other error.
    var blockers: [Blocker] {
        if case .refused(let blockers) = self { return blockers }
        return []
    }

    var isNotFound: Bool {
        if case .notFound = self { return true }
        return false
    }
}

// MARK: Steps of the procedure

extension TestRecord {
    /// Imports the sample draft as `pact-2026`, by the secretariat.
    func importSample(_ markdown: String = Shipped.draft) throws {
        try perform(.importDraft(try ResolutionText(markdown: markdown, file: "draft.md")), by: People.secretariat, at: When.created)
    }

    /// Fires a workflow transition as the secretariat.
    @discardableResult
    func transition(_ name: String, deadline: Date? = nil, at now: Date, of resolution: String = pact) throws -> Performed {
        try perform(.transition(resolution: resolution, name: name, deadline: deadline), by: People.secretariat, at: now)
    }

    func openAmendments(_ resolution: String = pact) throws {
        try transition("open-amendments", deadline: When.deadline, at: When.opened, of: resolution)
    }

    /// Tables an amendment and returns its number.
    @discardableResult
    func table(_ draft: AmendmentDraft, by person: String, at now: Date = When.tabling, to resolution: String = pact) throws -> Int {
        let performed = try perform(.table(resolution: resolution, draft), by: person, at: now)
        return try #require(performed.created.flatMap(Amendment.number))
    }

    func closeAmendments(_ resolution: String = pact) throws {
        try transition("close-amendments", at: When.screening, of: resolution)
    }

    func screen(_ number: Int, admissible: Bool = true, reason: String? = nil, of resolution: String = pact) throws {
        try perform(.screen(resolution: resolution, amendment: number, admissible: admissible, reason: reason),
                    by: People.secretariat, at: When.screening)
    }

    /// Rules every amendment still awaiting screening admissible.
    func screenRemaining(_ resolution: String = pact) throws {
        let unscreened = try snapshot().amendmentLife().unscreened
        for amendment in try snapshot().amendments(resolution) where unscreened.contains(amendment.state) {
            try screen(amendment.number, of: resolution)
        }
    }

    func openVoting(_ resolution: String = pact) throws {
        try transition("open-voting", at: When.voting, of: resolution)
    }

    /// Casts the choices in `People.voters` order on an amendment (`A3`) or a section.
    func vote(on item: String, _ choices: [VoteChoice], at now: Date = When.voting, in resolution: String = pact) throws {
        for (person, choice) in zip(People.voters, choices) {
            try perform(.vote(resolution: resolution, item: item, choice: choice), by: person, at: now)
        }
    }

    /// Closes the amendment period, rules every tabled amendment admissible and opens the vote.
    func putToTheVote(_ resolution: String = pact) throws {
        try closeAmendments(resolution)
        try screenRemaining(resolution)
        try openVoting(resolution)
    }

    func closeVoting(_ resolution: String = pact) throws {
        try transition("close-voting", at: When.review, of: resolution)
    }

    /// From a new record to the amendment period of the sample draft.
    func startAmendments() throws {
        try importSample()
        try openAmendments()
    }
}
