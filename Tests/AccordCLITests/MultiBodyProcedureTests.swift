import Foundation
import Testing

/// The shipped multi-body procedure through the command line: a working group votes on the
/// amendments, the Secretaries General endorse the text, and the Policy Committee adopts it by
/// two thirds of the votes cast.
@Suite struct MultiBodyProcedureTests {
    static let workingGroup = ["afccre", "vng", "dst", "femp"]
    static let everyMember = ["afccre", "vng", "dst", "femp", "anci", "skr", "ks", "uvcw"]

    func electorate(_ sandbox: Sandbox) throws -> [String] {
        let status = try #require(try sandbox.json("status", "pact-2026") as? [String: Any])
        return status["electorate"] as? [String] ?? []
    }

    func state(_ sandbox: Sandbox) throws -> String {
        let status = try #require(try sandbox.json("status", "pact-2026") as? [String: Any])
        return status["state"] as? String ?? ""
    }

    /// A record of the sample roster and draft under the multi-body procedure, open for amendments.
    static func openAmendments(sourceLocation: SourceLocation = #_sourceLocation) throws -> Sandbox {
        let sandbox = try Sandbox()
        try sandbox.act("init", sandbox.record.path, in: sandbox.folder, sourceLocation: sourceLocation)
        try sandbox.act("roster", "import", PackageFiles.roster, sourceLocation: sourceLocation)
        try sandbox.act("draft", "import", PackageFiles.draft, "--workflow", "multi-body", as: "claire", sourceLocation: sourceLocation)
        try sandbox.act("advance", "pact-2026", "open-amendments", "--deadline", Sandbox.deadline, as: "claire", sourceLocation: sourceLocation)
        return sandbox
    }

    @Test func eachBodyVotesUnderItsOwnRuleAndTwoThirdsDecideTheAdoption() throws {
        let sandbox = try Self.openAmendments()
        try sandbox.act("amend", "pact-2026", "--target", "par-4", "--replace", "Urges a fair sharing of responsibility;", as: "amelie")
        try sandbox.act("amend", "pact-2026", "--target", "par-6", "--delete", as: "giulia")
        sandbox.now = Sandbox.afterDeadline
        try sandbox.act("advance", "pact-2026", "close-amendments", as: "claire")
        try sandbox.act("screen", "pact-2026", "A1", "--admissible", as: "claire")
        try sandbox.act("screen", "pact-2026", "A2", "--admissible", as: "claire")

        // The working group votes on the amendments: four organisations, a simple majority.
        try sandbox.act("advance", "pact-2026", "open-voting", as: "claire")
        #expect(try electorate(sandbox) == Self.workingGroup)
        let outsider = try sandbox.refuse("vote", "pact-2026", "A2", "--for", as: "giulia")
        #expect(outsider.stderr.contains("ANCI is not among the members of the Working group on migration and integration"), "\(outsider.stderr)")
        for (person, choice) in [("amelie", "--for"), ("sanne", "--for"), ("katrin", "--for"), ("lucia", "--against")] {
            try sandbox.act("vote", "pact-2026", "A1", choice, as: person)
        }
        let closed = try sandbox.act("advance", "pact-2026", "close-voting", as: "claire")
        #expect(closed.contains("1 adopted, 1 rejected, 0 fallen"), "\(closed)")
        #expect(try state(sandbox) == "endorsement")
        #expect(try sandbox.git("show", "main:resolutions/pact-2026/consolidated.md").contains("Urges a fair sharing of responsibility;"))

        // The Secretaries General endorse the text; only the people the body lists vote in it.
        #expect(try electorate(sandbox) == Self.everyMember)
        let early = try sandbox.refuse("advance", "pact-2026", "endorse", as: "claire")
        #expect(early.stderr.contains("the Secretaries General must endorse the text first"), "\(early.stderr)")
        #expect(early.stderr.contains("the vote on the text has not passed: failed: quorum not reached: 0 of 8 organisations took part, 4 needed"), "\(early.stderr)")
        let notListed = try sandbox.refuse("vote", "pact-2026", "text", "--for", as: "amelie")
        #expect(notListed.stderr.contains("in the Meeting of Secretaries General and Directors only Julien Lefèvre may cast the vote of AFCCRE; Amélie Durand is not listed"), "\(notListed.stderr)")
        for (person, choice) in [("julien", "--for"), ("pieter", "--for"), ("katrin", "--for"), ("javier", "--for"), ("marco", "--against")] {
            try sandbox.act("vote", "pact-2026", "text", choice, as: person)
        }
        #expect(try sandbox.git("ls-tree", "--name-only", "main:resolutions/pact-2026/text-votes/endorsement").split(separator: "\n")
                == ["afccre.yml", "anci.yml", "dst.yml", "femp.yml", "vng.yml"])
        try sandbox.act("advance", "pact-2026", "endorse", as: "claire")
        #expect(try state(sandbox) == "final-vote")

        // The Policy Committee: five for and three against is a majority, but not two thirds.
        #expect(try electorate(sandbox) == Self.everyMember)
        let votes = [("amelie", "--for"), ("sanne", "--for"), ("katrin", "--for"), ("lucia", "--for"), ("giulia", "--for"),
                     ("annika", "--against"), ("ingrid", "--against"), ("elodie", "--against")]
        for (person, choice) in votes {
            try sandbox.act("vote", "pact-2026", "text", choice, as: person)
        }
        let missed = try sandbox.refuse("advance", "pact-2026", "adopt", as: "claire")
        #expect(missed.stderr.contains("the Policy Committee must adopt the text by two thirds first"), "\(missed.stderr)")
        #expect(missed.stderr.contains("the vote on the text has not passed: rejected: no two-thirds majority: 5 for, 3 against, 0 abstentions"), "\(missed.stderr)")
        #expect(try sandbox.run("status", "pact-2026").contains("      not yet: the vote on the text has not passed: rejected: no two-thirds majority"))
        let status = try sandbox.run("status", "pact-2026")
        #expect(status.contains("Vote on the text (Policy Committee): not passed (rejected: no two-thirds majority: 5 for, 3 against, 0 abstentions; 8 of 8 organisations took part (4 needed))"), "\(status)")
        let textVote = try #require((try sandbox.json("status", "pact-2026") as? [String: Any])?["textVote"] as? [String: Any])
        #expect(textVote["passed"] as? Bool == false)
        #expect((textVote["votes"] as? [String: String])?["skr"] == "against")

        // One organisation changes its vote: six for and two against is two thirds.
        try sandbox.act("vote", "pact-2026", "text", "--for", as: "annika")
        let adopted = try sandbox.act("advance", "pact-2026", "adopt", as: "claire")
        #expect(adopted.contains("Adopt: pact-2026"), "\(adopted)")
        #expect(try state(sandbox) == "adopted")
        #expect(try sandbox.git("tag", "--list", "pact-2026/adopted") == "pact-2026/adopted")
        #expect(try sandbox.run("verify").contains("The record is sound"))
        #expect(try sandbox.git("fsck", "--strict").isEmpty)
    }

    @Test func eitherBodyMayReferTheTextBackToTheWorkingGroup() throws {
        let sandbox = try Self.openAmendments()
        sandbox.now = Sandbox.afterDeadline
        try sandbox.act("advance", "pact-2026", "close-amendments", as: "claire")
        try sandbox.act("advance", "pact-2026", "open-voting", as: "claire")
        try sandbox.act("advance", "pact-2026", "close-voting", as: "claire")
        try sandbox.act("vote", "pact-2026", "text", "--against", as: "julien")
        try sandbox.act("advance", "pact-2026", "refer-back", "--deadline", "2026-12-30T18:00:00Z", as: "claire")
        #expect(try state(sandbox) == "amendments")
        // The votes on the text go with the round they belonged to.
        #expect(try sandbox.gitOutcome(["cat-file", "-e", "main:resolutions/pact-2026/text-votes"]).status != 0)
        #expect(try sandbox.run("verify").contains("The record is sound"))
    }
}
