import Foundation
import Resolutions

/// A short real consultation on the shipped draft, recorded in a new repository:
/// three amendments (a replacement, a deletion, an insertion), screening, votes,
/// section review and adoption, one commit per action as `accord` makes them.
struct Consultation {
    let record: Record
    let folder: URL
    /// The commit of the draft's import.
    let draftCommit: String
    static let resolution = "pact-2026"

    static func play() throws -> Consultation {
        let folder = try Paths.temporaryFolder("record")
        let start = Date(timeIntervalSince1970: 1_793_610_000) // 2 November 2026
        func at(_ hours: Double) -> Date { start.addingTimeInterval(hours * 3600) }
        let record = try Record.create(at: folder.appendingPathComponent("record.git").path, workflows: Shipped.workflows, now: start)
        let id = resolution
        try record.perform(.importRoster(try Samples.roster()), by: nil, at: at(0.1))
        let imported = try record.perform(.importDraft(try Samples.text(Shipped.draft)), by: "claire", at: at(0.5))
        try record.perform(.transition(resolution: id, name: "open-amendments", deadline: at(100)), by: "claire", at: at(1))
        try record.perform(.table(resolution: id, AmendmentDraft(target: "par-6", kind: .replace,
            text: "Asks for stable, multiannual funding of local integration services, with a dedicated envelope for small municipalities;",
            justification: "Short calls exclude <small> municipalities & towns.", cosignatories: ["katrin"])), by: "amelie", at: at(2))
        try record.perform(.table(resolution: id, AmendmentDraft(target: "rec-d", kind: .delete, justification: "Unknown meeting.")),
                           by: "annika", at: at(3))
        try record.perform(.table(resolution: id, AmendmentDraft(target: "par-4", kind: .insertAfter,
            text: "Calls for specific support to unaccompanied minors;", justification: "They turn eighteen.")), by: "katrin", at: at(4))
        try record.perform(.transition(resolution: id, name: "close-amendments", deadline: nil), by: "claire", at: at(101))
        for number in 1...3 {
            try record.perform(.screen(resolution: id, amendment: number, admissible: true, reason: nil), by: "claire", at: at(102))
        }
        try record.perform(.propose(resolution: id, amendment: 2, accept: false, note: "The recital records a commitment."), by: "claire", at: at(103))
        try record.perform(.transition(resolution: id, name: "open-voting", deadline: nil), by: "claire", at: at(104))
        let members = ["amelie", "sanne", "katrin", "lucia", "giulia", "annika", "ingrid", "elodie"]
        for (item, choice) in [("A1", VoteChoice.for), ("A2", .against), ("A3", .for)] {
            for member in members { try record.perform(.vote(resolution: id, item: item, choice: choice), by: member, at: at(105)) }
        }
        try record.perform(.transition(resolution: id, name: "close-voting", deadline: nil), by: "claire", at: at(110))
        let sections = try record.snapshot().reviewedText(id).sections.map(\.id)
        for section in sections {
            for member in members { try record.perform(.vote(resolution: id, item: section, choice: .for), by: member, at: at(111)) }
        }
        try record.perform(.transition(resolution: id, name: "adopt", deadline: nil), by: "claire", at: at(120))
        return Consultation(record: record, folder: folder, draftCommit: imported.commit.hex)
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}
