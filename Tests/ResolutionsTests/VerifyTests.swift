import Foundation
import Resolutions
import Testing

extension TestRecord {
    /// Someone committing by hand, outside Accord.
    static let forger = ["GIT_AUTHOR_NAME": "Mallory", "GIT_AUTHOR_EMAIL": "mallory@example.org",
                         "GIT_COMMITTER_NAME": "Mallory", "GIT_COMMITTER_EMAIL": "mallory@example.org"]

    /// Makes a commit with git plumbing on the bare repository, as someone bypassing
    /// Accord would, writing `files` on top of `parent`, and moves `main` to it.
    /// - Returns: the new commit's id.
    @discardableResult
    func forgeCommit(on parent: String = "refs/heads/main", writing files: [String: String], message: String,
                     environment: [String: String] = TestRecord.forger) throws -> String {
        let index = ["GIT_INDEX_FILE": folder + "/forged.index"]
        defer { try? FileManager.default.removeItem(atPath: folder + "/forged.index") }
        let parentID = try git("rev-parse", parent).text
        try #require(try git("read-tree", parentID, environment: index).status == 0)
        for (path, content) in files {
            let blob = try git("hash-object", "-w", "--stdin", input: content).text
            try #require(try git("update-index", "--add", "--cacheinfo", "100644,\(blob),\(path)", environment: index).status == 0)
        }
        let tree = try git("write-tree", environment: index).text
        let commit = try git("commit-tree", tree, "-p", parentID, input: message, environment: environment).text
        try #require(try git("update-ref", "refs/heads/main", commit, try tip()).status == 0)
        return commit
    }

    /// Verifies with a freshly opened record, as `accord verify` would.
    func verify() throws -> VerificationReport {
        try Verifier(record: try Record.open(at: path)).verify()
    }

    /// Takes the sample resolution through a short procedure to adoption.
    func adoptShortProcedure() throws {
        try Stage.review.prepare(self)
        for section in try snapshot().reviewedText(pact).sections.map(\.id) {
            try vote(on: section, ballot(for: 5), at: When.review)
        }
        try transition("adopt", at: When.adoption)
    }
}

@Suite("Verify")
struct VerifyTests {
    static let vote = RecordLayout.vote("pact-2026", item: "A1", organisation: "afccre")

    @Test("a clean history verifies, every commit checked")
    func clean() throws {
        let fixture = try TestRecord()
        try fixture.adoptShortProcedure()
        let report = try fixture.verify()
        #expect(report.failure == nil)
        #expect(report.commitsChecked == (try fixture.commitCount()))
    }

    @Test("a hand-made commit editing a vote is caught at that commit")
    func editedVote() throws {
        let fixture = try TestRecord()
        try Stage.voting.prepare(fixture)
        try fixture.vote(on: "A1", ballot(for: 2))
        let forged = try fixture.forgeCommit(writing: [Self.vote: "vote: against\nperson: amelie\n"], message: "Correct a vote\n")
        #expect(try fixture.snapshot().votes(pact, item: "A1").first { $0.organisation == "afccre" }?.choice == .against)
        try fixture.vote(on: "A2", ballot(for: 3))
        let report = try fixture.verify()
        let failure = try #require(report.failure)
        #expect(failure.commit.hex == forged)
        #expect(failure.reason.contains("no Accord-Action trailer"))
        #expect(failure.description.hasPrefix("\(forged): "))
        #expect(report.commitsChecked == Int(try fixture.git("rev-list", "--count", forged).text))
    }

    @Test("a hand-made commit editing the text is caught at that commit")
    func editedText() throws {
        let fixture = try TestRecord()
        try Stage.amendments.prepare(fixture)
        let path = "resolutions/pact-2026/text.md"
        let text = try fixture.git("show", "main:\(path)").stdout
        let edited = text.replacingOccurrences(of: "1. Welcomes the broader scope", with: "1. Regrets the narrow scope")
        #expect(edited != text)
        let forged = try fixture.forgeCommit(writing: [path: edited], message: "Fix a typo\n")
        try fixture.table(AmendmentDraft(target: "par-1", kind: .delete), by: "ingrid")
        let failure = try #require(try fixture.verify().failure)
        #expect(failure.commit.hex == forged)
    }

    @Test("a commit with copied Accord trailers whose files differ from the action is caught")
    func copiedTrailers() throws {
        let fixture = try TestRecord()
        try Stage.voting.prepare(fixture)
        try fixture.vote(on: "A2", ballot(for: 2))
        try fixture.perform(.vote(resolution: pact, item: "A1", choice: .for), by: "amelie", at: When.voting)
        // Replace that last vote with a commit carrying its message, author and date but another vote.
        let genuine = try fixture.git("log", "-1", "--format=%B", "main").stdout
        #expect(genuine.contains("Accord-Action: vote-amendment"))
        let who = try fixture.git("log", "-1", "--format=%an%n%ae%n%ad%n%cn%n%ce%n%cd", "--date=raw", "main").lines
        let environment = ["GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1], "GIT_AUTHOR_DATE": who[2],
                           "GIT_COMMITTER_NAME": who[3], "GIT_COMMITTER_EMAIL": who[4], "GIT_COMMITTER_DATE": who[5]]
        let forged = try fixture.forgeCommit(on: "main~1", writing: [Self.vote: "vote: against\nperson: amelie\n"],
                                             message: genuine, environment: environment)
        let failure = try #require(try fixture.verify().failure)
        #expect(failure.commit.hex == forged)
        #expect(failure.reason.contains("is not what its action writes"), "\(failure.reason)")
    }

    @Test("a forged or stray tag is caught", arguments: [
        ["tag", "-f", "-a", "pact-2026/adopted", "-m", "Adopted (forged)", "main~1"],
        ["tag", "-a", "pact-2026/final", "-m", "Final", "main~2"],
    ])
    func forgedTag(_ arguments: [String]) throws {
        let fixture = try TestRecord()
        try fixture.adoptShortProcedure()
        #expect(try fixture.verify().failure == nil)
        let adoption = try fixture.tip()
        #expect(try fixture.git(arguments, environment: TestRecord.forger).status == 0)
        let failure = try #require(try fixture.verify().failure)
        let tagged = try fixture.git("rev-parse", arguments[arguments.count - 1]).text
        let expected = arguments.contains("pact-2026/adopted") ? adoption : tagged
        #expect(failure.commit.hex == expected)
        #expect(failure.reason.contains("tag"))
    }
}
