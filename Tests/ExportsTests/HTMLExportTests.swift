import Foundation
@testable import Exports
@testable import Resolutions
import Testing

/// The structure of each HTML view, checked on values.
@Suite struct HTMLExportTests {
    func occurrences(of needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    @Test(arguments: HTMLView.allCases)
    func everyViewIsOneSelfContainedAccessiblePage(view: HTMLView) throws {
        let html = HTMLExport.render(try Samples.pactExport(adopted: true), view: view)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<header>") && html.contains("<main>") && html.contains("<footer>"))
        #expect(occurrences(of: "<h1>", in: html) == 1)
        #expect(html.contains("@page { size: A4;") && html.contains("@media print"))
        #expect(!html.contains("<script"), "no scripts")
        #expect(!html.contains("<link") && !html.contains("src=\"http") && !html.contains("<img"), "no external assets")
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func theTextViewNumbersAndAnchorsEveryProvision() throws {
        let export = try Samples.pactExport(adopted: true)
        let html = HTMLExport.render(export, view: .text)
        let numbers = export.text.displayNumbers
        for provision in export.text.provisions {
            let number = try #require(numbers[provision.id])
            #expect(html.contains("id=\"\(provision.id)\"><a class=\"num\" href=\"#\(provision.id)\">\(number).</a>"))
        }
        for section in export.text.sections {
            #expect(html.contains("<section id=\"\(section.id)\""))
            #expect(html.contains("<li><a href=\"#\(section.id)\">"), "contents link")
        }
        #expect(html.contains("<nav aria-label=\"Contents\">"))
        #expect(!html.contains("not been adopted"))
        #expect(HTMLExport.render(try Samples.pactExport(adopted: false), view: .text).contains("it has not been adopted"))
    }

    @Test func theAmendmentsViewShowsEachAmendmentAfterItsTargetWithWordChanges() throws {
        let export = try Samples.pactExport()
        let html = HTMLExport.render(export, view: .amendments)
        for amendment in export.amendments {
            #expect(occurrences(of: "<article class=\"amendment\" id=\"\(amendment.id)\"", in: html) == 1)
            // After its target provision in the draft, before the next provision.
            let target = try #require(html.range(of: "id=\"\(amendment.target)\""))
            let article = try #require(html.range(of: "id=\"\(amendment.id)\""))
            #expect(target.lowerBound < article.lowerBound)
        }
        func article(_ id: String) throws -> String {
            let start = try #require(html.range(of: "<article class=\"amendment\" id=\"\(id)\""))
            let end = try #require(html.range(of: "</article>", range: start.upperBound..<html.endIndex))
            return String(html[start.lowerBound..<end.upperBound])
        }
        // A1 replaces "services rather than short-term project calls;" with "services, with a dedicated envelope;".
        let a1 = try article("A1")
        #expect(a1.contains("local integration <del><span class=\"vh\">[deleted: </span>services rather than short-term project calls;<span class=\"vh\">]</span></del>"))
        #expect(a1.contains("<ins><span class=\"vh\">[inserted: </span>services, with a dedicated envelope;<span class=\"vh\">]</span></ins>"))
        #expect(a1.contains("Vereniging van Nederlandse Gemeenten (VNG)"), "the tabling organisation's name from the roster")
        #expect(a1.contains("<dt>Co-signatories</dt><dd>Katrin"))
        #expect(a1.contains("Small &lt;municipalities&gt; &amp; towns."), "the justification, escaped")
        let a2 = try article("A2")
        #expect(a2.contains("<del>") && !a2.contains("<ins>"), "a deletion is all <del>")
        #expect(a2.contains("Delete recital D"))
        let a3 = try article("A3")
        #expect(a3.contains("<ins>") && !a3.contains("<del>"), "an insertion is all <ins>")
        #expect(try article("A6").contains("<dd>replaces A4, A5</dd>"))
        #expect(try article("A6").contains("<dd>6 for, 1 against, 1 abstain</dd>"))
        #expect(try article("A4").contains("<dd>covered by A6</dd>"))
        #expect(try article("A7").contains("<dd>inadmissible: Out of scope.</dd>"))
    }

    @Test func theVotingListGivesTheOrderAndWhatFalls() throws {
        var export = try Samples.pactExport()
        // While the vote is open: amendments admissible, the live list.
        export.amendments = export.amendments.map { amendment in
            var open = amendment
            if open.state != .inadmissible { open.state = .admissible }
            return open
        }
        let html = HTMLExport.render(export, view: .votingList)
        let order = ["A3", "A1", "A6", "A4", "A5"]
        var last = html.startIndex
        for id in order {
            let found = try #require(html.range(of: "<th scope=\"row\">\(id)", range: last..<html.endIndex), "\(id) in order")
            last = found.upperBound
        }
        #expect(html.contains("<th scope=\"row\">A6 (compromise, replaces A4, A5)</th>"))
        #expect(html.contains("<td>A4, A5</td>"), "what falls if the compromise is adopted")
        #expect(!html.contains("<th scope=\"row\">A7"), "inadmissible amendments are not voted on")
        // Once the vote is closed, the list is rebuilt with results.
        let closed = HTMLExport.render(try Samples.pactExport(), view: .votingList)
        #expect(closed.contains("The vote has closed"))
        #expect(closed.contains("<td>adopted (6 for, 1 against, 1 abstain)</td>"))
    }

    @Test func theAdoptedViewComparesWithTheOriginalDraft() throws {
        let html = HTMLExport.render(try Samples.pactExport(adopted: true), view: .adopted)
        #expect(html.contains("<h2 id=\"text-title\">Adopted text</h2>"))
        #expect(html.contains("<h2 id=\"changes-title\">Changes from the original draft</h2>"))
        #expect(html.contains("id=\"changes-par-a3\""), "the inserted paragraph, in the comparison")
        #expect(html.contains("<ins><span class=\"vh\">[inserted: </span>Calls for support to unaccompanied minors;"))
        #expect(html.contains("<del><span class=\"vh\">[deleted: </span>services rather than short-term project calls;"))
        #expect(html.contains("<h3 id=\"changes-sec-governance-title\">"), "sections in the comparison")
        let notAdopted = HTMLExport.render(try Samples.pactExport(adopted: false), view: .adopted)
        #expect(notAdopted.contains("Not adopted yet (state: review)"))
        #expect(notAdopted.contains("<h2 id=\"text-title\">Current text</h2>"))
    }

    @Test func markupInTheTextComesOutAsText() throws {
        let text = try Samples.text(Samples.tricky)
        for view in HTMLView.allCases {
            let html = HTMLExport.render(ResolutionExport(text: text), view: view)
            #expect(!html.contains("<script"), "\(view)")
            #expect(!html.contains("<em>") && !html.contains("<b>"), "\(view)")
            #expect(!html.contains("<!-- not"), "\(view)")
        }
        let html = HTMLExport.render(ResolutionExport(text: text), view: .text)
        #expect(html.contains("Whereas &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; must stay text;"))
        #expect(html.contains("<title>On &lt;b&gt;escaping&lt;/b&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("مجلس البلديات") && html.contains("מועצת הערים"))
        #expect(html.contains("id=\"par-custom\""))
    }

    @Test func frenchTextKeepsItsCharactersAndLanguage() throws {
        let html = HTMLExport.render(ResolutionExport(text: try Samples.text(Samples.french)), view: .text)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\">"))
        #expect(html.contains("Résolution sur l’œuvre « commune » des villes"))
        #expect(html.contains("où qu’elles soient"))
    }

    @Test func theDiffPageMarksChangesBetweenTwoTexts() throws {
        let export = try Samples.pactExport()
        let html = HTMLExport.comparison(from: export.draft, to: export.text, fromLabel: "abc1234", toLabel: "main")
        #expect(html.contains("From abc1234 to main"))
        #expect(html.contains("<ins>") && html.contains("<del>"))
        #expect(html.contains("3 provisions changed, 1 added, 0 deleted") || html.contains("provisions changed"))
        let same = HTMLExport.comparison(from: export.draft, to: export.draft, fromLabel: "a", toLabel: "b")
        #expect(same.contains("No change in the text.") && !same.contains("<ins>"))
    }
}
