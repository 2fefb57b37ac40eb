import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
@testable import Server
import Testing

/// The reading pages of a resolution: its text with each provision's amendments and the
/// downloads, the list of amendments with filters and pages, the history and one commit —
/// each checked against what the library reads from the same record.
@Suite struct ResolutionPageTests {
    static let script = "<script>alert(1)</script>"
    static let amelie = "amelie.durand@example.org"
    static let claire = "claire.martin@example.org"
    static let password = "a long enough password"

    /// A consultation open for amendments: A1 (AFCCRE, replacing paragraph 6 with a script),
    /// A2 (VNG, deleting paragraph 6), A3 (FEMP, inserting after paragraph 2), at `When.tabling`.
    static func tabled() throws -> ServerFixture {
        let fixture = try ServerFixture()
        try fixture.perform(.transition(resolution: pact, name: "open-amendments", deadline: TestClock.date(When.deadline)), by: "claire", at: When.opened)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-6", kind: .replace, text: script, justification: "Clearer & <b>bolder</b>")),
                            by: "amelie", at: When.tabling)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-6", kind: .delete, justification: "Not needed")), by: "sanne", at: When.tabling)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-2", kind: .insertAfter, text: "Notes the role of regions;")),
                            by: "lucia", at: When.tabling)
        fixture.clock.set(When.tabling)
        return fixture
    }

    @Test func theResolutionPageShowsTheTextWithEachProvisionsAmendmentsAndTheDownloads() async throws {
        let fixture = try Self.tabled()
        let snapshot = try fixture.snapshot()
        let meta = try snapshot.meta(pact)
        let text = try snapshot.currentText(pact)
        let amendments = try snapshot.amendments(pact)
        let amelie = try #require(try snapshot.roster().person("amelie"))
        let waiting = try snapshot.agenda(pact, for: amelie, now: fixture.clock.now)
        let stateWords = try snapshot.workflow(meta.workflow).stateWords(meta.state)
        try await fixture.serve { client in
            try await setPassword("amelie", Self.password, fixture: fixture, client: client)
            let session = try await client.signInPage(Self.amelie, Self.password)
            let page = try await client.page("/resolutions/\(pact)", as: session)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<h1>\(escaped(meta.title))</h1>"))
            #expect(html.contains(escaped(stateWords)))
            #expect(html.contains("Amendment deadline: <strong>20 November 2026 at 18:00 UTC</strong>"))
            #expect(waiting.tablingUntil != nil)
            #expect(html.contains("Amendments may be tabled until 20 November 2026 at 18:00 UTC."), "the agenda, as on the home page")
            #expect(html.contains(#"<div class="text-body" lang="\#(meta.language)">"#))
            // Every provision with its number and id, in the order of the text.
            var last = html.startIndex
            let numbers = text.displayNumbers
            for provision in text.provisions {
                let anchor = try #require(html.range(of: #"<div class="provision" id="\#(provision.id)">"#, range: last..<html.endIndex), "\(provision.id)")
                let block = html[anchor.upperBound...].prefix(1_500)
                #expect(block.contains(#"<span class="number">\#(numbers[provision.id] ?? "?").</span>"#))
                #expect(block.contains(escaped(provision.text)))
                #expect(block.contains("/resolutions/\(pact)/provisions/\(provision.id)/amend"), "tabling is open to Amélie")
                last = anchor.upperBound
            }
            // Each amendment under its provision, linked, without its text.
            for amendment in amendments {
                let provision = try #require(html.range(of: #"id="\#(amendment.target)""#))
                let line = try #require(html.range(of: #"<a href="/resolutions/\#(pact)/amendments/\#(amendment.id)">\#(amendment.id)</a>"#))
                #expect(provision.upperBound < line.lowerBound)
                #expect(html[line.upperBound...].prefix(200).contains(amendment.state.rawValue))
            }
            #expect(html.contains(#"<a href="/resolutions/pact-2026/amendments/A1">A1</a> AFCCRE · replacement · <span class="badge">tabled</span>"#))
            #expect(!html.contains(Self.script) && !html.contains(escaped(Self.script)), "no amendment's text on the text's page")
            // The pages Amélie may use, and only those.
            #expect(html.contains(#"href="/resolutions/\#(pact)/amendments""#))
            #expect(html.contains(#"href="/resolutions/\#(pact)/history""#))
            #expect(!html.contains("/resolutions/\(pact)/vote"))
            #expect(!html.contains("/resolutions/\(pact)/screening"))
            #expect(!html.contains("/resolutions/\(pact)/procedure"))
            // Every export, in every view each format has.
            for (format, views) in [("md", ["text"]), ("html", ["text", "amendments", "voting-list", "adopted"]), ("akn", ["text", "amendments"]),
                                    ("docx", ["text", "amendments", "voting-list", "adopted"])] {
                for view in views { #expect(html.contains(#"href="/api/v1/resolutions/\#(pact)/export?format=\#(format)&amp;view=\#(view)""#), "\(format) \(view)") }
            }
        }
    }

    @Test func aLongTextIsShownAPageAtATimeWithEveryProvisionOnce() throws {
        let fixture = try Self.tabled()
        let snapshot = try fixture.snapshot()
        let amelie = try #require(try snapshot.roster().person("amelie"))
        let text = try snapshot.currentText(pact)
        let now = fixture.clock.now
        let whole = try ResolutionView(snapshot, pact, person: amelie, now: now)
        #expect(whole.pages == nil && whole.contents.isEmpty, "the sample fits one page")
        #expect(throws: AccordError.self) { try ResolutionView(snapshot, pact, person: amelie, now: now, page: 2) }

        // Pages of at most eight lines: a provision and each of its amendments weigh one.
        var seen: [String] = [], page = 1, count = 0
        repeat {
            let view = try ResolutionView(snapshot, pact, person: amelie, now: now, page: page, budget: 8)
            let pages = try #require(view.pages)
            count = pages.items.last?.number ?? 0
            #expect(pages.position == "Page \(page) of \(count)")
            #expect((view.opening != nil) == (page == 1))
            let here = view.sections.flatMap { $0.provisions.map(\.provisionID) }
            #expect(view.sections.flatMap(\.provisions).reduce(0) { $0 + 1 + $1.amendmentLines.count } <= 8 || here.count == 1)
            // Each section's entry in the contents leads to the page where it begins.
            for section in view.sections where section.anchor != nil {
                #expect(view.contents.contains { $0.href == (page == 1 ? "/resolutions/\(pact)" : "/resolutions/\(pact)?page=\(page)") + "#" + section.anchor! })
            }
            seen += here
            page += 1
        } while page <= count
        #expect(count > 3)
        #expect(seen == text.provisions.map(\.id))
        #expect(throws: AccordError.self) { try ResolutionView(snapshot, pact, person: amelie, now: now, page: count + 1, budget: 8) }
    }

    @Test(arguments: [
        ([1, 1, 1, 1], Set<Int>(), 2, [0..<2, 2..<4]),
        ([5, 1, 1], Set<Int>(), 2, [0..<1, 1..<3]),
        ([1, 1, 1, 1, 1], Set([3]), 4, [0..<3, 3..<5]),
        ([1, 1, 1, 1, 1], Set([2]), 4, [0..<4, 4..<5]),
        ([], Set<Int>(), 4, [0..<0]),
    ])
    func pagesOfTextEndBeforeTheBudgetAndPreferSectionStarts(weights: [Int], starts: Set<Int>, budget: Int, expected: [Range<Int>]) {
        #expect(Pages.textPages(weights: weights, sectionStarts: starts, budget: budget) == expected)
    }

    @Test func linksFollowWhatThePersonMayDoNow() async throws {
        let fixture = try Self.tabled()
        try fixture.perform(.transition(resolution: pact, name: "close-amendments", deadline: nil), by: "claire", at: When.screening)
        fixture.clock.set(When.screening)
        try await fixture.serve { client in
            try await setPassword("amelie", Self.password, fixture: fixture, client: client)
            try await setPassword("claire", Self.password, fixture: fixture, client: client)
            let amelie = try await client.page("/resolutions/\(pact)", as: try await client.signInPage(Self.amelie, Self.password)).text
            #expect(!amelie.contains("/provisions/par-6/amend"), "tabling has closed")
            #expect(!amelie.contains("Table an amendment"))
            #expect(!amelie.contains("/resolutions/\(pact)/screening"))
            let claire = try await client.page("/resolutions/\(pact)", as: try await client.signInPage(Self.claire, Self.password)).text
            #expect(claire.contains(#"href="/resolutions/\#(pact)/screening""#))
            #expect(claire.contains(#"href="/resolutions/\#(pact)/procedure""#))
            #expect(claire.contains("3 amendments await screening."))
        }
    }

    @Test func theAmendmentListFiltersPaginatesAndEscapes() async throws {
        let fixture = try Self.tabled()
        // Enough for two pages: 52 more, from two organisations on three provisions.
        let record = try Record.open(at: fixture.path)
        let when = TestClock.date(When.tabling)
        for index in 0..<52 {
            let (person, target) = index % 2 == 0 ? ("katrin", "par-\(1 + index % 3)") : ("giulia", "par-9")
            try record.perform(.table(resolution: pact, AmendmentDraft(target: target, kind: .replace, text: "Wording \(index) & more")), by: person, at: when)
        }
        try fixture.perform(.withdraw(resolution: pact, amendment: 3), by: "lucia", at: When.tabling)
        let amendments = try fixture.snapshot().amendments(pact)
        #expect(amendments.count == 55)
        try await fixture.serve { client in
            try await setPassword("amelie", Self.password, fixture: fixture, client: client)
            let session = try await client.signInPage(Self.amelie, Self.password)
            let first = try await client.page("/resolutions/\(pact)/amendments", as: session)
            #expect(first.status == .ok)
            #expect(first.text.contains("Amendments 1 to 50 of 55."))
            #expect(first.text.contains("Page 1 of 2"))
            #expect(first.text.contains(#"<label for="filter-state">State</label>"#))
            #expect(first.text.contains(#"<label for="filter-organisation">Organisation</label>"#))
            #expect(first.text.contains(#"<label for="filter-provision">Provision</label>"#))
            #expect(first.text.contains(#"<form class="filters" method="get" action="/resolutions/pact-2026/amendments""#))
            #expect(rows(first.text) == amendments.prefix(50).map(\.id))
            let afccre = try #require(try fixture.snapshot().roster().organisation("afccre")).name
            #expect(first.text.contains(#"<abbr title="\#(escaped(afccre))">AFCCRE</abbr>"#))
            // Typed text is shown as text.
            #expect(!first.text.contains(Self.script))
            #expect(first.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let second = try await client.page("/resolutions/\(pact)/amendments?page=2", as: session)
            #expect(second.text.contains("Amendments 51 to 55 of 55."))
            #expect(rows(second.text) == amendments.dropFirst(50).map(\.id))
            #expect(second.text.contains(#"<a href="/resolutions/pact-2026/amendments" rel="prev">Previous</a>"#))

            // Each filter against the library's amendments.
            for (query, keep) in [("organisation=anci", { (a: Amendment) in a.organisation == "anci" }),
                                  ("provision=par-1", { (a: Amendment) in a.target == "par-1" }),
                                  ("state=withdrawn", { (a: Amendment) in a.state == .withdrawn }),
                                  ("organisation=dst&provision=par-2", { (a: Amendment) in a.organisation == "dst" && a.target == "par-2" })] {
                let expected = amendments.filter(keep).map(\.id)
                #expect(!expected.isEmpty)
                let page = try await client.page("/resolutions/\(pact)/amendments?\(query)", as: session)
                #expect(page.status == .ok)
                #expect(rows(page.text) == expected, "\(query)")
                #expect(page.text.contains("of \(expected.count) matching these filters (55 in all)."), "\(query)")
            }
            let chosen = try await client.page("/resolutions/\(pact)/amendments?organisation=anci&provision=par-9", as: session).text
            #expect(chosen.contains(#"<option value="anci" selected>"#))
            #expect(chosen.contains(#"<option value="par-9" selected>paragraph 9</option>"#))
            #expect(!chosen.contains("Page 1 of"), "26 rows fit on one page")
            let none = try await client.page("/resolutions/\(pact)/amendments?organisation=uvcw", as: session)
            #expect(none.text.contains("No amendment matches these filters."))
            #expect(rows(none.text).isEmpty)

            // Out of range or unknown: a page that says so.
            let beyond = try await client.page("/resolutions/\(pact)/amendments?page=3", as: session)
            #expect(beyond.status == .notFound)
            #expect(beyond.text.contains("there are 2 pages"))
            let unknown = try await client.page("/resolutions/\(pact)/amendments?provision=par-99", as: session)
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("There is no provision ‘par-99’ in pact-2026"))
            #expect(try await client.page("/resolutions/\(pact)/amendments?page=two", as: session).status == .unprocessableContent)
        }
    }

    @Test func theHistoryNamesEachCommitAndACommitShowsWhatItChanged() async throws {
        let fixture = try Self.tabled()
        let log = try Record.open(at: fixture.path).log(of: pact)
        #expect(log.count == 5)
        try await fixture.serve { client in
            try await setPassword("amelie", Self.password, fixture: fixture, client: client)
            let session = try await client.signInPage(Self.amelie, Self.password)
            let history = try await client.page("/resolutions/\(pact)/history", as: session)
            #expect(history.status == .ok)
            #expect(history.text.contains("Actions 1 to 5, newest first."))
            #expect(!history.text.contains("Older actions"))
            var last = history.text.startIndex
            for commit in log {
                let link = #"<a class="commit" href="/commits/\#(commit.id.hex)">commit <code>\#(commit.id.hex.prefix(7))</code></a>"#
                let found = try #require(history.text.range(of: link, range: last..<history.text.endIndex), "\(commit.message.subject)")
                #expect(history.text[last..<found.lowerBound].contains(escaped(commit.message.subject)))
                #expect(history.text[last..<found.lowerBound].contains(commit.author.name))
                last = found.upperBound
            }

            // Two a page: newest first, each page linking to its neighbours, none beyond the last.
            let snapshot = try fixture.snapshot()
            var seen: [String] = []
            for page in 1...3 {
                let view = try HistoryView(snapshot, pact, page: page, perPage: 2)
                seen += view.entries.map(\.href)
                #expect(view.position == "Page \(page)")
                #expect((view.newer != nil) == (page > 1))
                #expect((view.older != nil) == (page < 3))
            }
            #expect(seen == log.map { "/commits/\($0.id.hex)" })
            #expect(throws: AccordError.self) { try HistoryView(snapshot, pact, page: 4, perPage: 2) }
            #expect(try await client.page("/resolutions/\(pact)/history?page=2", as: session).status == .notFound)

            let tabling = try #require(log.first { $0.message.trailer("Accord-Action") == "table-amendment" })
            let page = try await client.page("/commits/\(tabling.id.hex)", as: session)
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>\(escaped(tabling.message.subject))</h1>"))
            #expect(page.text.contains(tabling.author.name))
            for trailer in tabling.message.trailers { #expect(page.text.contains("<dt>\(trailer.key)</dt><dd>\(escaped(trailer.value))</dd>")) }
            // The files it changed, as git itself lists them.
            let files = try fixture.git("show", "--format=", "--name-only", tabling.id.hex).lines.filter { !$0.isEmpty }
            #expect(!files.isEmpty)
            for file in files { #expect(page.text.contains("<code>\(file)</code>"), "\(file)") }
            #expect(page.text.contains(#"<a href="/resolutions/\#(pact)">"#))

            // Unknown and malformed commits, and unknown resolutions, are pages that say so.
            for path in ["/commits/" + String(repeating: "0", count: 40), "/commits/nothex", "/resolutions/no-such-thing",
                         "/resolutions/no-such-thing/amendments", "/resolutions/no-such-thing/history"] {
                let missing = try await client.page(path, as: session)
                #expect(missing.status == .notFound, "\(path)")
                #expect(missing.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
            }
            #expect(try await client.page("/commits/" + String(repeating: "0", count: 40), as: session).text.contains("There is no commit"))
            #expect(try await client.page("/resolutions/no-such-thing", as: session).text.contains("There is no resolution ‘no-such-thing’"))
        }
    }

    @Test func aSignedOutPersonIsSentToSignInFirst() async throws {
        let fixture = try Self.tabled()
        let commit = try fixture.tip()
        try await fixture.serve { client in
            for path in ["/resolutions/\(pact)", "/resolutions/\(pact)/amendments?state=tabled", "/resolutions/\(pact)/history", "/commits/\(commit)"] {
                let response = try await client.page(path)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location]?.hasPrefix("/sign-in?next=") == true, "\(path)")
                #expect(!response.text.contains("Notes the role of regions"))
            }
        }
    }
}

/// The amendment numbers of a list page's rows, in order.
private func rows(_ html: String) -> [String] {
    html.components(separatedBy: #"<th scope="row"><a href="/resolutions/pact-2026/amendments/"#).dropFirst().map { String($0.prefix { $0 != "\"" }) }
}

/// Text as the templates escape it.
private func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
}
