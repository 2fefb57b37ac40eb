import Foundation
@testable import Exports
@testable import Resolutions

/// What python-docx reads from a Word document (`Tests/Docx/docx_tool.py inspect`).
struct DocxInspection: Decodable {
    struct Paragraph: Decodable {
        let style: String
        let text: String
        let mark: String?
    }
    struct Bookmark: Decodable {
        let name: String
        let text: String
    }
    struct Revision: Decodable {
        let kind: String
        let author: String?
        let date: String?
        let text: String
    }
    struct Comment: Decodable {
        let author: String?
        let text: String
    }
    let paragraphs: [Paragraph]
    /// Every paragraph but the Subtitle, with every tracked change accepted.
    let accepted: [String]
    /// The same with every tracked change rejected.
    let rejected: [String]
    let bookmarks: [Bookmark]
    let revisions: [Revision]
    let comments: [Comment]
    let tables: [[[String]]]
    let title: String?
    let language: String?
    let defaultLanguage: String?
}

/// The Python tool that makes and reads Word documents for the tests, with python-docx.
enum DocxTool {
    static let script = Paths.root.appendingPathComponent("Tests/Docx/docx_tool.py").path

    /// Runs the tool; a missing python-docx fails the test (scripts/setup installs it).
    static func run(_ arguments: [String]) throws -> ToolRun {
        let run = try runTool("python3", [script] + arguments)
        if run.output.contains("No module named 'docx'") { throw ToolMissing(name: "python-docx") }
        return run
    }

    static func inspect(_ file: URL) throws -> DocxInspection {
        let run = try run(["inspect", file.path])
        guard run.status == 0 else { throw ToolFailed(tool: "docx_tool.py inspect", output: run.output) }
        return try JSONDecoder().decode(DocxInspection.self, from: Data(run.output.utf8))
    }

    /// A draft made with python-docx: `list`, `typed`, `french`, `table`, `formatted`.
    static func draft(_ kind: String, in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("\(kind).docx")
        let run = try run(["draft", kind, file.path])
        guard run.status == 0 else { throw ToolFailed(tool: "docx_tool.py draft", output: run.output) }
        return file
    }

    /// A copy of `source` with the changes of `spec` made as tracked changes (see the tool).
    static func markup(_ source: URL, _ spec: [String: Any], into folder: URL, name: String) throws -> URL {
        let specFile = folder.appendingPathComponent("\(name).json")
        try JSONSerialization.data(withJSONObject: spec).write(to: specFile)
        let file = folder.appendingPathComponent("\(name).docx")
        let run = try run(["markup", source.path, file.path, specFile.path])
        guard run.status == 0 else { throw ToolFailed(tool: "docx_tool.py markup", output: run.output) }
        return file
    }

    /// The paragraphs a text shows in Word, in order: title, opening, then each heading and its provisions.
    static func paragraphs(_ text: ResolutionText) -> [String] {
        var result = [text.title]
        if !text.opening.isEmpty { result.append(text.opening) }
        for section in text.sections {
            result.append(section.title)
            result += section.provisions.map(\.text)
        }
        return result
    }

    /// Converts a document with headless LibreOffice (its own profile, so runs never share one)
    /// into `folder`; returns the file made, named after the original with the filter's extension.
    static func convertWithLibreOffice(_ file: URL, to filter: String, into folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let profile = try Paths.temporaryFolder("lo-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let office = Paths.program("libreoffice") != nil ? "libreoffice" : "soffice"
        let run = try runTool(office, ["-env:UserInstallation=\(profile.absoluteString)", "--headless", "--convert-to", filter,
                                       "--outdir", folder.path, file.path])
        let made = folder.appendingPathComponent(file.deletingPathExtension().lastPathComponent)
            .appendingPathExtension(String(filter.prefix { $0 != ":" }))
        guard run.status == 0, FileManager.default.fileExists(atPath: made.path) else {
            throw ToolFailed(tool: "libreoffice --convert-to \(filter)", output: run.output)
        }
        return made
    }

    /// The document as LibreOffice saves it in Word's format: another writer of WordprocessingML.
    static func resavedByLibreOffice(_ file: URL) throws -> URL {
        try convertWithLibreOffice(file, to: "docx:MS Word 2007 XML",
                                   into: file.deletingLastPathComponent().appendingPathComponent("resaved-\(UUID().uuidString)"))
    }

    /// Converts a document to PDF with LibreOffice and renders its first page to PNG with pdftoppm,
    /// kept under `.build/docx-artefacts/` for people to look at; returns the PNG.
    static func renderFirstPage(_ file: URL, name: String) throws -> URL {
        let artefacts = Paths.root.appendingPathComponent(".build/docx-artefacts")
        let pdf = try convertWithLibreOffice(file, to: "pdf", into: artefacts)
        let target = artefacts.appendingPathComponent(name)
        let render = try runTool("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf.path, target.path])
        guard render.status == 0 else { throw ToolFailed(tool: "pdftoppm", output: render.output) }
        return target.appendingPathExtension("png")
    }
}

struct ToolFailed: Error, CustomStringConvertible {
    let tool: String
    let output: String
    var description: String { "\(tool) failed: \(output)" }
}
