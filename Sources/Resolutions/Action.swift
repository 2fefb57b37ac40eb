import Foundation
import GitStore

/// Everything a person can do to the record; each is one commit, or a refusal.
public enum Action: Sendable, Equatable {
    /// The first commit of a new record: its format marker and its workflows (name → YAML).
    case initialize(workflows: [String: String])
    /// Replaces the whole roster.
    case importRoster(Roster)
    /// Starts a resolution from a draft.
    case importDraft(ResolutionText)
    /// Replaces the text of a resolution (named by the text's id) while it is being drafted.
    case updateDraft(ResolutionText)
    /// Fires a workflow transition; `deadline` for those that set one.
    case transition(resolution: String, name: String, deadline: Date?)
    /// Tables an amendment, or with `replaces`, a compromise.
    case table(resolution: String, AmendmentDraft)
    case withdraw(resolution: String, amendment: Int)
    /// Adds the acting person's organisation to an amendment's supporters while amendments are open.
    case cosign(resolution: String, amendment: Int)
    /// Rules on admissibility; an inadmissible ruling needs a reason.
    case screen(resolution: String, amendment: Int, admissible: Bool, reason: String?)
    /// The secretariat's recommendation on how to vote.
    case propose(resolution: String, amendment: Int, accept: Bool, note: String?)
    /// A vote on an amendment (`A12`), on a section of the reviewed text (`sec-…`) or on the whole text (`text`).
    case vote(resolution: String, item: String, choice: VoteChoice)
    /// Adds a procedure to the record's `workflows/`, or replaces one (a change to the rules of procedure).
    case installWorkflow(name: String, yaml: String)
    /// Declares one more language a resolution is published in (`accord translation add-language`).
    case addLanguage(resolution: String, language: String)
    /// Records a language version's pieces, by item (`title`, `opening`, `sec-…`, provision ids);
    /// only those whose wording differs from what the record holds are written.
    case importTranslation(resolution: String, language: String, texts: [String: String])
    /// Records the translation of one provision, heading, the title, or an amendment's text (`A4`).
    case translate(resolution: String, item: String, language: String, text: String)

    /// The name recorded in the `Accord-Action` trailer.
    public var name: String {
        switch self {
        case .initialize: "init"
        case .importRoster: "import-roster"
        case .importDraft: "import-draft"
        case .updateDraft: "update-draft"
        case .transition: "transition"
        case .table(_, let draft): draft.isCompromise ? DomainAction.tableCompromise.rawValue : DomainAction.tableAmendment.rawValue
        case .withdraw: DomainAction.withdrawAmendment.rawValue
        case .cosign: Self.cosignName
        case .screen: DomainAction.screenAmendment.rawValue
        case .propose: DomainAction.proposeProcedure.rawValue
        case .vote(_, let item, _):
            Amendment.number(item) != nil ? DomainAction.voteAmendment.rawValue
                : item == RecordLayout.textItem ? DomainAction.voteText.rawValue : DomainAction.voteSection.rawValue
        case .installWorkflow: "install-workflow"
        case .addLanguage: "add-language"
        case .importTranslation: "import-translation"
        case .translate: DomainAction.translate.rawValue
        }
    }

    /// The `Accord-Action` name of a co-signature. Workflows need not declare it: co-signing
    /// follows the rules of tabling (`table-amendment`), since it supports a tabling.
    public static let cosignName = "cosign-amendment"

    /// The resolution the action concerns, if any.
    public var resolution: String? {
        switch self {
        case .initialize, .importRoster, .installWorkflow: nil
        case .importDraft(let text), .updateDraft(let text): text.id
        case .transition(let id, _, _), .table(let id, _), .withdraw(let id, _), .cosign(let id, _), .screen(let id, _, _, _),
             .propose(let id, _, _, _), .vote(let id, _, _), .addLanguage(let id, _), .importTranslation(let id, _, _),
             .translate(let id, _, _, _): id
        }
    }
}

/// What a landed action produced.
public struct Performed: Sendable, Equatable {
    /// The commit that records the action.
    public let commit: ObjectID
    /// The commit's first line, e.g. "Table amendment A12 to paragraph 4 (VNG)".
    public let summary: String
    /// What the action created, e.g. the new amendment's id or the resolution's id.
    public let created: String?
}

/// Dates as people read them in messages: "15 December 2026 at 18:00 UTC".
public enum HumanDate {
    /// The date and time in English, e.g. "15 December 2026 at 18:00 UTC".
    public static func format(_ date: Date, timeZone: TimeZone = .gmt) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        let month = months[((parts.month ?? 1) - 1) % 12]
        let time = String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
        let zone = timeZone == .gmt ? "UTC" : (timeZone.abbreviation(for: date) ?? timeZone.identifier)
        return "\(parts.day ?? 1) \(month) \(parts.year ?? 1970) at \(time) \(zone)"
    }
}
