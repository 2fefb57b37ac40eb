import Foundation
import Testing

/// Exit codes: 64 only for what the argument parser rejects; 1, with reasons and no commit, for everything refused.
@Suite struct RefusalTests {
    static let syntaxErrors: [[String]] = [
        ["amend", "pact-2026", "--target", "par-4", "--replace", "New text", "--delete"],
        ["amend", "pact-2026", "--target", "par-4"],
        ["amend", "pact-2026", "--replace", "No target"],
        ["vote", "pact-2026", "A1", "--for", "--against"],
        ["vote", "pact-2026", "A1"],
        ["screen", "pact-2026", "A1", "--admissible", "--inadmissible"],
        ["propose", "pact-2026", "A1", "maybe"],
        ["status", "--colour"],
        ["no-such-command"],
        ["workflow", "graph", PackageFiles.workflow("resolution"), "--format", "svg"],
    ]

    @Test(arguments: syntaxErrors)
    func syntaxTheParserRejectsExits64(arguments: [String]) throws {
        let sandbox = try Sandbox.withOpenAmendments()
        let before = sandbox.tip()
        let outcome = try sandbox.accord(arguments, as: "amelie")
        #expect(outcome.status == 64, "\(outcome.stderr)")
        #expect(outcome.stderr.contains("Usage:") || outcome.stderr.contains("Error:"))
        #expect(sandbox.tip() == before)
    }

    /// A refused command, who runs it, and words its reason must contain.
    struct Refusal: CustomTestStringConvertible, Sendable {
        let arguments: [String]
        let person: String?
        let reason: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let refusals: [Refusal] = [
        Refusal(arguments: ["status", "no-such-resolution"], person: nil, reason: "no-such-resolution"),
        Refusal(arguments: ["show", "no-such-resolution"], person: nil, reason: "no-such-resolution"),
        Refusal(arguments: ["amend", "no-such-resolution", "--target", "par-4", "--delete"], person: "amelie", reason: "no-such-resolution"),
        Refusal(arguments: ["amend", "pact-2026", "--target", "par-99", "--delete"], person: "amelie", reason: "no provision ‘par-99’"),
        Refusal(arguments: ["amend", "pact-2026", "--target", "par-4", "--delete", "--cosign", "julien"], person: "amelie", reason: "other organisations"),
        Refusal(arguments: ["amend", "pact-2026", "--target", "par-4", "--delete", "--cosign", "nobody"], person: "amelie", reason: "‘nobody’"),
        Refusal(arguments: ["amend", "pact-2026", "--target", "par-4", "--replace", "  "], person: "amelie", reason: "needs the new text"),
        Refusal(arguments: ["amend", "pact-2026", "--target", "par-4", "--replace", "X", "--replaces", "A9"], person: "claire", reason: "A9"),
        Refusal(arguments: ["withdraw", "pact-2026", "A9"], person: "amelie", reason: "no amendment A9"),
        Refusal(arguments: ["withdraw", "pact-2026", "A1"], person: "katrin", reason: "only members of AFCCRE"),
        Refusal(arguments: ["withdraw", "pact-2026", "first"], person: "amelie", reason: "‘first’ is not an amendment id"),
        Refusal(arguments: ["screen", "pact-2026", "A1", "--admissible"], person: "claire", reason: "it is possible only while the secretariat screens the amendments"),
        Refusal(arguments: ["vote", "pact-2026", "A1", "--for"], person: "amelie", reason: "it is possible only while members vote on the amendments"),
        Refusal(arguments: ["vote", "pact-2026", "sec-nothing", "--for"], person: "amelie", reason: "sec-nothing"),
        Refusal(arguments: ["advance", "pact-2026", "close-amendments"], person: "claire", reason: "deadline has not passed"),
        Refusal(arguments: ["advance", "pact-2026", "close-amendments"], person: "amelie", reason: "secretariat"),
        Refusal(arguments: ["advance", "pact-2026", "fly"], person: "claire", reason: "no step ‘fly’"),
        Refusal(arguments: ["advance", "pact-2026", "extend-deadline", "--deadline", "soon"], person: "claire", reason: "‘soon’ is not a date"),
        Refusal(arguments: ["advance", "pact-2026", "extend-deadline", "--deadline", "2026-10-01"], person: "claire", reason: "in the future"),
        Refusal(arguments: ["advance", "pact-2026", "extend-deadline"], person: "claire", reason: "--deadline"),
        Refusal(arguments: ["draft", "update", "pact-2026", PackageFiles.draft], person: "claire", reason: "it is possible only while the secretariat and the drafters write the text"),
        Refusal(arguments: ["draft", "import", PackageFiles.draft], person: "claire", reason: "already exists"),
        Refusal(arguments: ["draft", "import", "missing.md"], person: "claire", reason: "missing.md"),
        Refusal(arguments: ["roster", "import", PackageFiles.roster], person: "amelie", reason: "only the secretariat"),
        Refusal(arguments: ["roster", "import", PackageFiles.draft], person: "claire", reason: "pact-resolution.md"),
        Refusal(arguments: ["log", "-n", "2", "no-such-resolution"], person: nil, reason: "no-such-resolution"),
        Refusal(arguments: ["voting-list", "no-such-resolution"], person: nil, reason: "no-such-resolution"),
        Refusal(arguments: ["verify", "no-such-resolution"], person: nil, reason: "no-such-resolution"),
        Refusal(arguments: ["show", "pact-2026", "--at", "no-such-tag"], person: nil, reason: "no-such-tag"),
    ]

    @Test(arguments: refusals)
    func refusedActionsExit1WithAReasonAndWriteNothing(refusal: Refusal) throws {
        let sandbox = try Sandbox.withOpenAmendments()
        try sandbox.act("amend", "pact-2026", "--target", "par-4", "--delete", as: "amelie")
        let outcome = try sandbox.refuse(refusal.arguments, as: refusal.person)
        #expect(outcome.stderr.contains(refusal.reason), "‘\(refusal.reason)’ not in: \(outcome.stderr)")
    }

    @Test func everyReasonIsGivenAtOnce() throws {
        let sandbox = try Sandbox.withOpenAmendments()
        let outcome = try sandbox.refuse("amend", "pact-2026", "--target", "par-4", "--replace", "Two\nparagraphs",
                                         "--cosign", "julien", "--cosign", "julien", as: "amelie")
        #expect(outcome.stderr.hasPrefix("accord: refused, because:\n"))
        #expect(outcome.stderr.contains("one paragraph"))
        #expect(outcome.stderr.contains("other organisations"))
        #expect(outcome.stderr.contains("named twice"))
    }

    @Test func deadlinesFollowAccordNow() throws {
        let sandbox = try Sandbox.withOpenAmendments()
        sandbox.now = Sandbox.afterDeadline
        let late = try sandbox.refuse("amend", "pact-2026", "--target", "par-4", "--delete", as: "amelie")
        #expect(late.stderr.contains("deadline"))
        let badClock = try sandbox.refuse("status", "pact-2026", environment: ["ACCORD_NOW": "yesterday"])
        #expect(badClock.stderr.contains("ACCORD_NOW"))
        try sandbox.act("advance", "pact-2026", "close-amendments", as: "claire")
        #expect(try sandbox.git("log", "-1", "--format=%aI", "main") == "2026-12-16T09:00:00+00:00")
    }
}
