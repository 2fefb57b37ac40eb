import Foundation

/// The state of a resolution, as `resolution.yml` holds it.
public struct ResolutionMeta: Sendable, Equatable {
    /// The resolution id.
    public var id: String
    /// The title from the draft.
    public var title: String
    /// The workflow it follows, a file of the record's `workflows/`.
    public var workflow: String
    /// The BCP 47 language of its text.
    public var language: String
    /// The current state in the resolution's workflow.
    public var state: String
    /// 1, then one more at each referral back.
    public var round: Int
    /// Set by the transitions with the `set-deadline` effect.
    public var amendmentDeadline: Date?
    /// The number the next amendment gets.
    public var nextAmendment: Int
    /// The organisations entitled to vote, fixed when a vote opens.
    public var electorate: [String]
    /// The resolution's life so far: its import, draft updates and every
    /// workflow step, so that readers (and Akoma Ntoso's lifecycle) need no history walk.
    public var milestones: [Milestone]
    /// Every language the resolution is published in, its own `language` first; empty when only that one.
    public var languages: [String] = []
    /// The languages it is translated into: those it is published in, but its own.
    public var translatedLanguages: [String] { languages.filter { $0 != language } }

    public init(id: String, title: String, workflow: String, language: String, state: String,
                round: Int = 1, amendmentDeadline: Date? = nil, nextAmendment: Int = 1, electorate: [String] = [],
                milestones: [Milestone] = []) {
        self.id = id
        self.title = title
        self.workflow = workflow
        self.language = language
        self.state = state
        self.round = round
        self.amendmentDeadline = amendmentDeadline
        self.nextAmendment = nextAmendment
        self.electorate = electorate
        self.milestones = milestones
    }
}

/// One step in the life of a resolution.
public struct Milestone: Sendable, Equatable {
    public var date: Date
    /// The roster id of who took the step.
    public var actor: String
    /// `import-draft`, `update-draft`, or the name of a workflow transition.
    public var step: String
    /// The step in words: the subject of its commit.
    public var summary: String

    public init(date: Date, actor: String, step: String, summary: String) {
        self.date = date
        self.actor = actor
        self.step = step
        self.summary = summary
    }

    /// "2026-11-02T09:30:00Z claire import-draft Import the draft …": one list item of `resolution.yml`.
    var line: String { "\(RecordDate.format(date)) \(actor) \(step) \(summary)" }

    init?(line: String) {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let date = RecordDate.parse(String(parts[0])) else { return nil }
        self.init(date: date, actor: String(parts[1]), step: String(parts[2]), summary: String(parts[3]))
    }
}

/// Dates in the record: ISO 8601 in UTC, to the second.
public enum RecordDate {
    /// `2026-12-15T18:00:00Z`.
    public static func format(_ date: Date) -> String {
        if let text = CanonicalDate.format(date) { return text }
        return date.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon).timeZone(separator: .omitted))
    }

    /// Accepts `2026-12-15T18:00:00Z`, offsets (`+01:00`), and a plain date (`2026-12-15`, midnight UTC).
    public static func parse(_ text: String) -> Date? {
        if let date = CanonicalDate.parse(text) { return date }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        if trimmed.count == 10 {
            return try? Date(trimmed, strategy: Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
        }
        // 2026-12-15T18:00Z and 2026-12-15T18:00+01:00: minutes without seconds.
        guard trimmed.count >= 16 else { return nil }
        let index = trimmed.index(trimmed.startIndex, offsetBy: 16)
        var withSeconds = String(trimmed[..<index]) + ":00" + trimmed[index...]
        if withSeconds.count == 19 { withSeconds += "Z" }
        return try? Date(withSeconds, strategy: .iso8601)
    }
}

/// The record's own form of a date, `2026-12-15T18:00:00Z`, read and written by hand.
///
/// Foundation's ISO 8601 style takes about a millisecond to set up in each process, and an
/// action reads and writes several dates (now, the deadline, the milestones). Anything else
/// (offsets, fractions of a second, a day that does not exist) is left to Foundation.
enum CanonicalDate {
    /// The date of exactly `YYYY-MM-DDTHH:MM:SSZ` (years 1970 to 9999), else nil.
    static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { bytes -> Date? in
            guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
                  bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z") else { return nil }
            func number(_ start: Int, _ count: Int) -> Int? {
                var value = 0
                for byte in bytes[start..<(start + count)] {
                    guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
                  let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
                  year >= 1970, (1...12).contains(month), day >= 1, day <= daysIn(month, of: year),
                  hour < 24, minute < 60, second < 60 else { return nil }
            let seconds = days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for a date on a whole second from 1970 to 9999, else nil.
    static func format(_ date: Date) -> String? {
        let interval = date.timeIntervalSince1970
        guard interval >= 0, interval < 253_402_300_800, interval.rounded(.down) == interval else { return nil }
        let seconds = Int(interval)
        let (year, month, day) = civil(days: seconds / 86_400)
        let time = seconds % 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + two(month) + "-" + two(day)
            + "T" + two(time / 3_600) + ":" + two(time / 60 % 60) + ":" + two(time % 60) + "Z"
    }

    private static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 to a day of the proleptic Gregorian calendar (years from 1970 on).
    private static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day `days` after 1970-01-01 (not before it).
    private static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension ResolutionMeta {
    var yaml: [UInt8] {
        var out = YAMLWriter()
        out.scalar("id", id)
        out.scalar("title", title)
        out.scalar("workflow", workflow)
        out.scalar("language", language)
        out.scalar("state", state)
        out.plain("round", round)
        if let amendmentDeadline { out.plain("amendment-deadline", RecordDate.format(amendmentDeadline)) }
        out.plain("next-amendment", nextAmendment)
        if !electorate.isEmpty { out.list("electorate", electorate) }
        if !languages.isEmpty { out.list("languages", languages) }
        if !milestones.isEmpty { out.list("milestones", milestones.map(\.line)) }
        return out.bytes
    }

    init(yaml: String, path: String) throws(RecordDamaged) {
        let map = try RecordFile(yaml: yaml, path: path)
        self.init(
            id: try map.string("id"), title: try map.string("title"), workflow: try map.string("workflow"),
            language: try map.string("language"), state: try map.string("state"), round: try map.int("round"),
            amendmentDeadline: try map.optionalDate("amendment-deadline"), nextAmendment: try map.int("next-amendment"),
            electorate: map.strings("electorate"), milestones: try map.strings("milestones").map { line throws(RecordDamaged) in
                guard let milestone = Milestone(line: line) else { throw RecordDamaged(path: path, "a milestone must read ‘DATE ACTOR STEP SUMMARY’") }
                return milestone
            })
        languages = map.strings("languages")
    }
}

extension Amendment {
    var yaml: [UInt8] { yaml(state: state, outcome: outcome) }

    /// The file as it reads with another state and outcome: a tally writes ten thousand
    /// decided amendments, each without a copy of its own.
    func yaml(state: AmendmentState, outcome: String?) -> [UInt8] {
        // Allocated once: a tally writes ten thousand of these.
        let texts = [draft.text, draft.justification, ruling?.reason, proposal?.note, outcome].reduce(0) { $0 + ($1?.utf8.count ?? 0) }
        var out = YAMLWriter(capacity: 320 + texts + 16 * (draft.cosignatories.count + draft.replaces.count))
        out.plain("id", id)
        out.plain("round", round)
        out.plain("target", target)
        out.plain("kind", kind.rawValue)
        if let text = draft.text { out.scalar("text", text) }
        out.scalar("justification", draft.justification)
        out.plain("organisation", organisation)
        out.plain("tabled-by", tabledBy)
        if !draft.cosignatories.isEmpty { out.list("cosignatories", draft.cosignatories) }
        if !draft.replaces.isEmpty { out.list("replaces", draft.replaces.map(Amendment.id)) }
        out.plain("state", state.rawValue)
        if let ruling {
            out.plain("ruling", ruling.admissible ? "admissible" : "inadmissible")
            if let reason = ruling.reason { out.scalar("ruling-reason", reason) }
            out.plain("ruled-by", ruling.by)
        }
        if let proposal {
            out.plain("proposal", proposal.accept ? "accept" : "reject")
            if let note = proposal.note { out.scalar("proposal-note", note) }
            out.plain("proposed-by", proposal.by)
        }
        if let outcome { out.scalar("outcome", outcome) }
        return out.bytes
    }

    init(yaml: String, path: String) throws(RecordDamaged) {
        let map = try RecordFile(yaml: yaml, path: path)
        let id = try map.string("id")
        guard let number = Amendment.number(id),
              let kind = AmendmentKind(rawValue: try map.string("kind")) else {
            throw RecordDamaged(path: path, "an amendment has an unknown id or kind")
        }
        let state = AmendmentState(rawValue: try map.string("state"))
        let replaces = map.strings("replaces").compactMap(Amendment.number)
        let draft = AmendmentDraft(target: try map.string("target"), kind: kind, text: map.optionalString("text"),
                                   justification: map.optionalString("justification") ?? "",
                                   cosignatories: map.strings("cosignatories"), replaces: replaces)
        var ruling: Ruling?
        if let value = map.optionalString("ruling") {
            ruling = Ruling(admissible: value == "admissible", reason: map.optionalString("ruling-reason"), by: try map.string("ruled-by"))
        }
        var proposal: Proposal?
        if let value = map.optionalString("proposal") {
            proposal = Proposal(accept: value == "accept", note: map.optionalString("proposal-note"), by: try map.string("proposed-by"))
        }
        self.init(number: number, round: try map.int("round"), draft: draft, organisation: try map.string("organisation"),
                  tabledBy: try map.string("tabled-by"), state: state, ruling: ruling, proposal: proposal,
                  outcome: map.optionalString("outcome"))
    }
}

extension Vote {
    var yaml: [UInt8] {
        var out = YAMLWriter()
        out.plain("vote", choice.rawValue)
        out.plain("person", person)
        return out.bytes
    }

    init(yaml: String, path: String, organisation: String) throws(RecordDamaged) {
        let map = try RecordFile(yaml: yaml, path: path)
        guard let choice = VoteChoice(rawValue: try map.string("vote")) else {
            throw RecordDamaged(path: path, "a vote must be for, against or abstain")
        }
        self.init(organisation: organisation, person: try map.string("person"), choice: choice)
    }
}
