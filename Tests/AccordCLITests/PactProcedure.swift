import Foundation
import Testing

/// The whole procedure on the sample draft, through the command line, up to adoption.
///
/// Amendments (numbers as tabled):
/// - A1 AFCCRE and A2 DST replace par-4; the secretariat's compromise A10 replaces both and is adopted, so they fall;
/// - A3 ANCI deletes par-13 (adopted); A9 FEMP inserts after par-14 (adopted);
/// - A4 SKR and A5 KS replace par-6: A4 is adopted first, so A5 falls;
/// - A6 UVCW is ruled inadmissible; A7 VNG is withdrawn; A8 SKR (delete rec-f) is rejected.
struct PactProcedure {
    static let resolution = "pact-2026"
    static let compromise = "Urges all levels of government to address the needs of vulnerable migrants, including LGBTIQ+ migrants;"
    static let fundingText = "Asks for stable, multiannual and flexible funding of local integration services;"
    static let insertedText = "Invites CEMR to report on the implementation of this resolution in 2027."
    static let deletedText = "Welcomes the renewal of the Urban Agenda Partnership on Inclusion"
    /// The organisations that vote, one person each.
    static let voters = ["amelie", "sanne", "katrin", "lucia", "giulia", "annika"]

    let sandbox: Sandbox
    /// The commit that opened voting: the text before any amendment was adopted.
    var votingOpened = ""

    /// Plays the procedure up to `until` (inclusive), checking each step's visible result.
    init(until last: Step = .adopted, sourceLocation: SourceLocation = #_sourceLocation) throws {
        sandbox = try Sandbox.withOpenAmendments(sourceLocation: sourceLocation)
        let res = Self.resolution
        func table(_ expected: String, _ arguments: String..., as person: String) throws {
            let printed = try sandbox.act(["amend", res] + arguments, as: person, sourceLocation: sourceLocation)
            #expect(printed.hasPrefix("\(expected)\n"), "expected \(expected) first, got ‘\(printed)’", sourceLocation: sourceLocation)
        }
        try table("A1", "--target", "par-4", "--replace", "Urges all levels of government to address the needs of vulnerable migrants;",
                  "--justification", "Broader scope", "--cosign", "sanne", as: "amelie")
        try table("A2", "--target", "par-4", "--replace", "Urges all levels of government to protect LGBTIQ+ migrants;", as: "katrin")
        try table("A3", "--target", "par-13", "--delete", "--justification", "The partnership has ended", as: "giulia")
        try table("A4", "--target", "par-6", "--replace", Self.fundingText, as: "annika")
        try table("A5", "--target", "par-6", "--replace", "Asks for core funding of local integration services;", as: "ingrid")
        try table("A6", "--target", "par-10", "--replace", "Calls for the abolition of the Dublin system;", as: "elodie")
        try table("A7", "--target", "par-12", "--insert-after", "Supports twinning between municipalities;", as: "pieter")
        try table("A8", "--target", "rec-f", "--delete", as: "erik")
        try table("A9", "--target", "par-14", "--insert-after", Self.insertedText, as: "javier")
        try sandbox.act("withdraw", res, "A7", as: "sanne", sourceLocation: sourceLocation)
        guard last != .amendmentsTabled else { return }

        sandbox.now = Sandbox.afterDeadline
        try sandbox.act("advance", res, "close-amendments", as: "claire", sourceLocation: sourceLocation)
        try table("A10", "--target", "par-4", "--replace", Self.compromise, "--replaces", "A1,A2", as: "claire")
        for amendment in ["A1", "A2", "A3", "A4", "A5", "A8", "A9"] {
            try sandbox.act("screen", res, amendment, "--admissible", as: "tomasz", sourceLocation: sourceLocation)
        }
        try sandbox.act("screen", res, "A6", "--inadmissible", "--reason", "Outside the scope of the resolution", as: "tomasz",
                        sourceLocation: sourceLocation)
        try sandbox.act("propose", res, "A10", "accept", "--note", "Merges A1 and A2", as: "claire", sourceLocation: sourceLocation)
        try sandbox.act("propose", res, "A8", "reject", as: "claire", sourceLocation: sourceLocation)
        try sandbox.act("advance", res, "open-voting", as: "claire", sourceLocation: sourceLocation)
        votingOpened = sandbox.tip()
        guard last != .votingOpened else { return }

        for person in Self.voters {
            for amendment in ["A10", "A3", "A4", "A9"] {
                try sandbox.act("vote", res, amendment, "--for", as: person, sourceLocation: sourceLocation)
            }
            try sandbox.act("vote", res, "A8", "--against", as: person, sourceLocation: sourceLocation)
        }
        try sandbox.act("vote", res, "a8", "--for", as: "erik", sourceLocation: sourceLocation)
        try sandbox.act("advance", res, "close-voting", as: "claire", sourceLocation: sourceLocation)
        guard last != .votingClosed else { return }

        for section in try sectionIDs() {
            for person in Self.voters.prefix(5) {
                try sandbox.act("vote", res, section, "--for", as: person, sourceLocation: sourceLocation)
            }
        }
        try sandbox.act("advance", res, "adopt", as: "claire", sourceLocation: sourceLocation)
    }

    enum Step { case amendmentsTabled, votingOpened, votingClosed, adopted }

    /// The status as `status RES --json` prints it.
    func status() throws -> [String: Any] {
        try #require(try sandbox.json("status", Self.resolution) as? [String: Any])
    }

    func sectionIDs() throws -> [String] {
        let sections = try #require(try status()["sections"] as? [[String: Any]])
        return sections.compactMap { $0["id"] as? String }
    }

    /// Each amendment's status by id.
    func amendments() throws -> [String: [String: Any]] {
        let list = try #require(try status()["amendments"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.compactMap { item in (item["id"] as? String).map { ($0, item) } })
    }
}
