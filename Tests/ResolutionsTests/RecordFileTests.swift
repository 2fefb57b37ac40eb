import Foundation
import Testing
import Yams
@testable import Resolutions

/// Record files are written by `YAMLText` and read back by `FlatYAML`, with Yams
/// for anything else: both readers must agree with what was written.
@Suite("Record files") struct RecordFileTests {
    static let awkward = [
        "plain words", "Calls for: more funding", "a # not a comment", "# a comment?", "- a dash", "-dash", "true", "no",
        "null", "~", "12", "3.5", "0x1F", "2026-12-15T18:00:00Z", "«guillemets» et l’apostrophe", "quote \" and \\ backslash",
        "trailing space ", " leading space", "line\nbreak", "tab\there", "[not a list]", "{not: a map}", "ends with colon:",
        "مرحبا بالعالم", "emoji 🇪🇺", "@at", "`tick`", "'single'", "%percent", "* star", "& anchor", "! tag", "? key", "|", ">",
    ]

    @Test("a written scalar reads back the same with both parsers", arguments: awkward)
    func scalarRoundTrip(_ text: String) throws {
        let yaml = "key: \(YAMLText.scalar(text))\nlist: \(YAMLText.list([text, "b"]))\n"
        let fast = try #require(FlatYAML.parse(yaml), "FlatYAML must read what YAMLText writes: \(yaml)")
        #expect(fast["key"] as? String == text)
        #expect(fast["list"] as? [String] == [text, "b"])
        let full = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        #expect("\(full["key"] ?? "")" == text || (full["key"] as? String) == text)
    }

    @Test("files outside the subset are left to the full parser", arguments: [
        "key: value # comment\n", "key:\n  nested: value\n", "key: |\n  block\n", "- item\n", "key: 'single'\n", "a: 1\na: 2\n",
    ])
    func outsideTheSubset(_ yaml: String) {
        #expect(FlatYAML.parse(yaml) == nil)
    }

    @Test("an amendment file reads back equal")
    func amendmentRoundTrip() throws {
        let draft = AmendmentDraft(target: "par-4", kind: .replace, text: "Urges: « all » levels; \"quoted\" #1",
                                   justification: "Because\nof reasons", cosignatories: ["katrin", "giulia"], replaces: [2, 3])
        var amendment = Amendment(number: 12, round: 2, draft: draft, organisation: "afccre", tabledBy: "amelie", state: .admissible)
        amendment.ruling = Ruling(admissible: true, reason: nil, by: "claire")
        amendment.proposal = Proposal(accept: false, note: "No: see A3", by: "claire")
        amendment.outcome = "rejected: tie"
        let read = try Amendment(yaml: String(decoding: amendment.yaml, as: UTF8.self), path: "A12/amendment.yml")
        #expect(read == amendment)
    }
}
