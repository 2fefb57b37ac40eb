import Foundation
import Resolutions
import Testing

extension TestRecord {
    /// Replaces the last commit of `main` by a copy with the same message, author, committer and
    /// dates, whose tree is `edit` applied to the genuine tree's `git ls-tree` lines (mode, type,
    /// id and path of every top-level entry and, for `recursive`, of every file): someone
    /// reusing an Accord commit's message to pass off other files.
    /// - Returns: the forged commit's id.
    @discardableResult
    func forgeCopyOfLastCommit(_ edit: (inout [String]) throws -> Void) throws -> String {
        let genuine = try tip()
        let message = try git("log", "-1", "--format=%B", genuine).stdout
        let who = try git("log", "-1", "--format=%an%n%ae%n%ad%n%cn%n%ce%n%cd", "--date=raw", genuine).lines
        let environment = ["GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1], "GIT_AUTHOR_DATE": who[2],
                           "GIT_COMMITTER_NAME": who[3], "GIT_COMMITTER_EMAIL": who[4], "GIT_COMMITTER_DATE": who[5]]
        var lines = try git("ls-tree", "-r", "--full-tree", genuine).lines
        try edit(&lines)
        let tree = try makeTree(lines)
        let forged = try git(["commit-tree", tree, "-p", genuine + "~1"], input: message, environment: environment).text
        try #require(try git("update-ref", "refs/heads/main", forged, genuine).status == 0)
        return forged
    }

    /// Builds a tree from `git ls-tree -r` lines (`mode type id<TAB>path`), folders included
    /// as lines of their own when they should appear empty.
    func makeTree(_ lines: [String]) throws -> String {
        var files: [String: [String]] = [:]
        var folders: Set<String> = []
        for line in lines {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            let path = parts[1]
            let slash = path.lastIndex(of: "/")
            let folder = slash.map { String(path[..<$0]) } ?? ""
            let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
            files[folder, default: []].append("\(parts[0])\t\(name)")
            var parent = folder
            while !parent.isEmpty {
                folders.insert(parent)
                parent = parent.lastIndex(of: "/").map { String(parent[..<$0]) } ?? ""
            }
        }
        // Deepest folders first, so that each folder's subtrees are written before it.
        for folder in folders.sorted(by: { $0.split(separator: "/").count > $1.split(separator: "/").count }) {
            let tree = try git(["mktree"], input: (files[folder] ?? []).map { $0 + "\n" }.joined()).text
            let slash = folder.lastIndex(of: "/")
            let parent = slash.map { String(folder[..<$0]) } ?? ""
            let name = slash.map { String(folder[folder.index(after: $0)...]) } ?? folder
            files[parent, default: []].append("040000 tree \(tree)\t\(name)")
        }
        return try git(["mktree"], input: (files[""] ?? []).map { $0 + "\n" }.joined()).text
    }

    /// The blob id of `text`, written to the record.
    func blob(_ text: String) throws -> String {
        try git(["hash-object", "-w", "--stdin"], input: text).text
    }
}

/// A commit that reuses an Accord action's message, author and dates but holds other files is
/// caught at that commit, each with the reason `accord verify` has always given.
@Suite("Verifier tampering")
struct VerifierTamperingTests {
    static let vote = VerifyTests.vote
    static let meta = "resolutions/pact-2026/resolution.yml"

    /// A record whose last commit is a vote of AFCCRE on A1 (which wrote `vote`).
    static func votedRecord() throws -> TestRecord {
        let fixture = try TestRecord()
        try Stage.voting.prepare(fixture)
        try fixture.vote(on: "A2", ballot(for: 2))
        try fixture.perform(.vote(resolution: pact, item: "A1", choice: .for), by: "amelie", at: When.voting)
        #expect(try fixture.verify().failure == nil)
        return fixture
    }

    static func expectCaught(_ fixture: TestRecord, at forged: String, reason: String,
                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let report = try fixture.verify()
        let failure = try #require(report.failure, sourceLocation: sourceLocation)
        #expect(failure.commit.hex == forged, sourceLocation: sourceLocation)
        #expect(failure.reason == reason, sourceLocation: sourceLocation)
        #expect(report.commitsChecked == (try fixture.commitCount()), sourceLocation: sourceLocation)
    }

    static func replace(_ path: String, in lines: inout [String], with line: String) throws {
        let index = try #require(lines.firstIndex { $0.hasSuffix("\t" + path) })
        lines[index] = line
    }

    @Test("an exact copy of the genuine commit passes")
    func exactCopy() throws {
        let fixture = try Self.votedRecord()
        try fixture.forgeCopyOfLastCommit { _ in }
        #expect(try fixture.verify().failure == nil)
    }

    @Test("another vote in the written file")
    func editedVote() throws {
        let fixture = try Self.votedRecord()
        let blob = try fixture.blob("vote: against\nperson: amelie\n")
        let forged = try fixture.forgeCopyOfLastCommit { lines in
            try Self.replace(Self.vote, in: &lines, with: "100644 blob \(blob)\t\(Self.vote)")
        }
        try Self.expectCaught(fixture, at: forged, reason: "‘\(Self.vote)’ is not what its action writes")
    }

    @Test("an extra file beside the vote")
    func extraFile() throws {
        let fixture = try Self.votedRecord()
        let blob = try fixture.blob("note\n")
        let forged = try fixture.forgeCopyOfLastCommit { lines in lines.append("100644 blob \(blob)\tnotes.txt") }
        try Self.expectCaught(fixture, at: forged, reason: "it changed ‘notes.txt’, which its action does not touch")
    }

    @Test("a file the action keeps, removed")
    func removedFile() throws {
        let fixture = try Self.votedRecord()
        let forged = try fixture.forgeCopyOfLastCommit { lines in lines.removeAll { $0.hasSuffix("\t" + Self.meta) } }
        try Self.expectCaught(fixture, at: forged, reason: "it changed ‘\(Self.meta)’, which its action does not touch")
    }

    @Test("the file the action writes, left out")
    func missingVote() throws {
        let fixture = try Self.votedRecord()
        let forged = try fixture.forgeCopyOfLastCommit { lines in lines.removeAll { $0.hasSuffix("\t" + Self.vote) } }
        try Self.expectCaught(fixture, at: forged, reason: "its action writes ‘\(Self.vote)’, which the commit does not change")
    }

    @Test("the written file made executable")
    func executableVote() throws {
        let fixture = try Self.votedRecord()
        let forged = try fixture.forgeCopyOfLastCommit { lines in
            let index = try #require(lines.firstIndex { $0.hasSuffix("\t" + Self.vote) })
            lines[index] = "100755" + lines[index].dropFirst(6)
        }
        try Self.expectCaught(fixture, at: forged, reason: "its files are not what its action writes")
    }

    @Test("a file the action does not touch made executable")
    func executableUntouchedFile() throws {
        let fixture = try Self.votedRecord()
        let forged = try fixture.forgeCopyOfLastCommit { lines in
            let index = try #require(lines.firstIndex { $0.hasSuffix("\t" + Self.meta) })
            lines[index] = "100755" + lines[index].dropFirst(6)
        }
        try Self.expectCaught(fixture, at: forged, reason: "it changed ‘\(Self.meta)’, which its action does not touch")
    }

    @Test("an empty folder added, which no diff shows")
    func emptyFolder() throws {
        let fixture = try Self.votedRecord()
        let empty = try fixture.git(["hash-object", "-w", "-t", "tree", "--stdin"], input: "").text
        let forged = try fixture.forgeCopyOfLastCommit { lines in
            var top = lines.filter { !$0.contains("/") }
            top.append("040000 tree \(empty)\tstray")
            // Rebuild the top level from its subtrees, so that the empty folder survives `makeTree`.
            let subtrees = try Set(lines.compactMap { line -> String? in
                let path = line.split(separator: "\t")[1]
                return path.contains("/") ? String(path.split(separator: "/")[0]) : nil
            }).map { name in "040000 tree \(try fixture.git("rev-parse", "main:\(name)").text)\t\(name)" }
            lines = top + subtrees
        }
        try Self.expectCaught(fixture, at: forged, reason: "its files are not what its action writes")
    }

    @Test("an edited text under a copied table-amendment message")
    func editedTextWithCopiedTable() throws {
        let fixture = try TestRecord()
        try Stage.amendments.prepare(fixture)
        try fixture.table(AmendmentDraft(target: "par-1", kind: .delete), by: "ingrid")
        let path = "resolutions/pact-2026/text.md"
        let text = try fixture.git("show", "main:\(path)").stdout
        let blob = try fixture.blob(text.replacingOccurrences(of: "1. Welcomes the broader scope", with: "1. Regrets the narrow scope"))
        let forged = try fixture.forgeCopyOfLastCommit { lines in
            try Self.replace(path, in: &lines, with: "100644 blob \(blob)\t\(path)")
        }
        try Self.expectCaught(fixture, at: forged, reason: "it changed ‘\(path)’, which its action does not touch")
    }
}
