import Foundation
import Testing
import Resolutions

/// The whole procedure on the samples, checked through what the CLI and plain git show.
@Suite struct ProcedureTests {
    @Test func adoptedTextCarriesTheAdoptedAmendmentsOnly() throws {
        let procedure = try PactProcedure()
        let sandbox = procedure.sandbox
        let status = try procedure.status()
        #expect(status["state"] as? String == "adopted")

        let shown = try sandbox.run("show", PactProcedure.resolution)
        #expect(try sandbox.run("show", PactProcedure.resolution, "--at", "pact-2026/adopted") == shown)
        let adoptedFile = try sandbox.git("show", "main:resolutions/pact-2026/adopted.md")
        #expect(withoutIDs(shown).trimmingCharacters(in: .whitespacesAndNewlines) == withoutIDs(adoptedFile))

        #expect(shown.contains("4. \(PactProcedure.compromise)"))
        #expect(shown.contains("6. \(PactProcedure.fundingText)"))
        #expect(shown.contains("14. \(PactProcedure.insertedText)"))
        #expect(!shown.contains(PactProcedure.deletedText))
        #expect(!shown.contains("safe reception, access to health services"), "the replaced par-4 text is gone")
        #expect(shown.contains("F. Whereas negotiations on the Pact"), "the rejected deletion left recital F in place")
        let numbers = shown.split(separator: "\n").compactMap { line in line.split(separator: ".", maxSplits: 1).first.flatMap { Int($0) } }
        #expect(numbers == Array(1...14), "paragraphs are numbered without gaps")
        let letters = shown.split(separator: "\n").compactMap { line -> String? in
            line.count > 2 && line.dropFirst().hasPrefix(". ") && line.first?.isUppercase == true ? String(line.prefix(1)) : nil
        }
        #expect(letters == ["A", "B", "C", "D", "E", "F"])
    }

    @Test func everyAmendmentEndsInTheExpectedState() throws {
        let procedure = try PactProcedure(until: .votingClosed)
        let amendments = try procedure.amendments()
        let states = amendments.mapValues { $0["state"] as? String ?? "" }
        #expect(states == ["A1": "fallen", "A2": "fallen", "A3": "adopted", "A4": "adopted", "A5": "fallen", "A6": "inadmissible",
                           "A7": "withdrawn", "A8": "rejected", "A9": "adopted", "A10": "adopted"])
        let compromise = try #require(amendments["A10"])
        #expect(compromise["replaces"] as? [String] == ["A1", "A2"])
        #expect(compromise["organisation"] as? String == "secretariat")
        #expect(compromise["target"] as? String == "par-4")
        #expect(compromise["kind"] as? String == "replace")
        let rejected = try #require(amendments["A8"])
        let votes = try #require(rejected["votes"] as? [String: String])
        #expect(votes["skr"] == "for", "Erik's later vote replaced Annika's for SKR")
        #expect(votes["afccre"] == "against")
        #expect(votes.count == 6)
        #expect(amendments["A1"]?["coveredBy"] as? String == "A10")
        #expect((amendments["A6"]?["rulingReason"] as? String)?.contains("Outside the scope") == true)
        #expect(try procedure.status()["state"] as? String == "review")
        let text = try procedure.sandbox.run("status", PactProcedure.resolution)
        #expect(text.contains("\n  A1   fallen       replace par-4  by AFCCRE, covered by A10\n"), "ids line up: \(text)")
        #expect(text.contains("\n  A10  adopted      replace par-4  by SECRETARIAT, compromise replacing A1, A2"))
    }

    @Test func recordIsOneCommitPerActionAndVerifiesUntilTamperedWith() throws {
        let procedure = try PactProcedure()
        let sandbox = procedure.sandbox
        #expect(try sandbox.gitOutcome(["fsck", "--strict"]).status == 0)
        let actions = try sandbox.git("log", "--format=%(trailers:key=Accord-Action,valueonly,separator=%x2C)", "main")
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(actions.count == Int(try sandbox.git("rev-list", "--count", "main")))
        #expect(!actions.contains(""), "every commit names its action")
        #expect(actions.filter { $0 == "vote-amendment" }.count == 6 * 5 + 1)
        #expect(actions.filter { $0 == "vote-section" }.count == 5 * 5)
        #expect(actions.first == "transition" && actions.last == "init")
        #expect(try sandbox.git("rev-parse", "pact-2026/adopted^{commit}") == sandbox.tip())
        #expect(try sandbox.run("verify").contains("The record is sound"))
        #expect(try sandbox.run("verify", PactProcedure.resolution).contains("The record is sound"))

        // A hand-made commit that turns AFCCRE's vote on A8 around.
        let index = ["GIT_INDEX_FILE": sandbox.folder.appendingPathComponent("index").path]
        let path = RecordLayout.vote("pact-2026", item: "A8", organisation: "afccre")
        try sandbox.git("read-tree", "main", environment: index)
        let original = try sandbox.git("show", "main:\(path)")
        #expect(original.contains("vote: against"))
        let forged = sandbox.folder.appendingPathComponent("forged.yml")
        try original.replacingOccurrences(of: "against", with: "for").appending("\n").write(to: forged, atomically: true, encoding: .utf8)
        let blob = try sandbox.git("hash-object", "-w", forged.path)
        try sandbox.git("update-index", "--cacheinfo", "100644,\(blob),\(path)", environment: index)
        let tree = try sandbox.git("write-tree", environment: index)
        let commit = try sandbox.git("commit-tree", tree, "-p", "main", "-m", "Vote for amendment A8 (AFCCRE)")
        try sandbox.git("update-ref", "refs/heads/main", commit)

        let outcome = try sandbox.accord(["verify"])
        #expect(outcome.status == 1)
        let line = outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("\(commit): "), "verify names the forged commit: ‘\(line)’")
        #expect(line.wholeMatch(of: /[0-9a-f]{40}: .+/) != nil)
    }

    @Test func diffShowsTheAdoptedAmendmentsWordByWord() throws {
        let procedure = try PactProcedure(until: .votingClosed)
        let sandbox = procedure.sandbox
        let diff = try sandbox.run("diff", PactProcedure.resolution, procedure.votingOpened, "main")
        #expect(diff.contains("{+and flexible+}"))
        #expect(diff.contains("[-services rather than short-term project calls;-]"))
        #expect(diff.contains("[-Welcomes the renewal of the Urban Agenda Partnership"))
        #expect(diff.contains("{+\(PactProcedure.insertedText)+}"))
        #expect(!diff.contains("rec-f"), "the rejected deletion changed nothing")
        #expect(try sandbox.run("diff", PactProcedure.resolution, procedure.votingOpened) == diff, "REV2 defaults to main")
        #expect(try sandbox.run("diff", PactProcedure.resolution, "main", "main") == "No change in the text.\n")
        let unknown = try sandbox.refuse("diff", PactProcedure.resolution, "no-such-revision")
        #expect(unknown.stderr.contains("no-such-revision"))
    }

    @Test func votingListOrdersByProvisionAndSaysWhatFalls() throws {
        let procedure = try PactProcedure(until: .votingOpened)
        let sandbox = procedure.sandbox
        let list = try #require(try sandbox.json("voting-list", PactProcedure.resolution) as? [[String: Any]])
        #expect(list.compactMap { $0["amendment"] as? String } == ["A8", "A10", "A1", "A2", "A4", "A5", "A3", "A9"])
        let falls = Dictionary(uniqueKeysWithValues: list.map { ($0["amendment"] as? String ?? "", $0["falls"] as? [String] ?? ["?"]) })
        #expect(falls["A10"] == ["A1", "A2"])
        #expect(falls["A1"] == ["A2"])
        #expect(falls["A4"] == ["A5"])
        #expect(falls["A3"] == [])
        let text = try sandbox.run("voting-list", PactProcedure.resolution)
        #expect(text.contains("2. A10 (compromise: replacement of paragraph 4, SECRETARIAT) — if adopted, A1, A2 fall"))
        #expect(text.contains("5. A4 (replacement of paragraph 6, SKR) — if adopted, A5 falls"))
    }
}
