import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

/// The voting page and the section review: votes cast through the forms land in the record
/// (checked with the real git), can be changed, show what falls and participation against the
/// quorum; the page follows others' votes through the live stream; people who may not vote are
/// told why and offered no button.
@Suite struct VotingPageTests {
    static let script = "<script>alert(\"A1\")</script> & more stable funding;"
    /// The amendments one page of the voting list shows.
    static let pageSize = 50

    /// Three amendments screened and put to the vote: A3 (insertion after paragraph 2), then on
    /// paragraph 6 the deletion A2 before the replacement A1, which falls if A2 is adopted.
    static func prepareVoting(_ fixture: ServerFixture) throws {
        try fixture.perform(.transition(resolution: pact, name: "open-amendments", deadline: TestClock.date(When.deadline)), by: "claire", at: When.opened)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-6", kind: .replace, text: script, justification: "Clearer")),
                            by: "amelie", at: When.tabling)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-6", kind: .delete, justification: "Not needed")), by: "sanne", at: When.tabling)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-2", kind: .insertAfter, text: "Notes the role of regions;")),
                            by: "lucia", at: When.tabling)
        try fixture.perform(.transition(resolution: pact, name: "close-amendments", deadline: nil), by: "claire", at: When.screening)
        for number in 1...3 {
            try fixture.perform(.screen(resolution: pact, amendment: number, admissible: true, reason: nil), by: "claire", at: When.screening)
        }
        try fixture.perform(.propose(resolution: pact, amendment: 2, accept: true, note: "Shorter"), by: "claire", at: When.screening)
        try fixture.perform(.transition(resolution: pact, name: "open-voting", deadline: nil), by: "claire", at: When.screening)
        fixture.clock.set(When.voting)
    }

    @Test func aMemberVotesThroughThePageChangesTheVoteAndSeesWhatFalls() async throws {
        let fixture = try ServerFixture()
        try Self.prepareVoting(fixture)
        try await fixture.serve { client in
            try await setPassword("amelie", "amelie's long password", fixture: fixture, client: client)
            let amelie = try await client.signInPage("amelie.durand@example.org", "amelie's long password")
            let page = try await client.page("/resolutions/\(pact)/vote", as: amelie)
            #expect(page.status == .ok)
            let html = page.text
            // The voting list's order, with what falls.
            let positions = ["item-A3", "item-A2", "item-A1"].map { html.range(of: "id=\"\($0)\"")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "\(html)")
            if let a3 = positions[0], let a2 = positions[1], let a1 = positions[2] { #expect(a3 < a2 && a2 < a1) }
            #expect(html.contains("If A2 is adopted, A1 falls and is not put to the vote."))
            #expect(html.contains("<del>"), "a deletion is shown struck through")
            #expect(html.contains("The secretariat recommends adopting it: Shorter"))
            // What a person typed is shown as text.
            #expect(html.contains("&lt;script&gt;alert(&quot;A1&quot;)&lt;/script&gt; &amp; more"), "\(html)")
            #expect(!html.contains("<script>alert"))
            // Participation against the quorum, and the parts that change marked live.
            #expect(html.contains("0 of 8 organisations have voted; 4 are needed for the quorum."))
            #expect(html.contains("Each vote needs 4 of them to take part"))
            #expect(html.contains(#"data-live-source="/resolutions/pact-2026/events""#))
            #expect(html.contains(#"id="item-A2" data-live"#))
            #expect(html.contains("AFCCRE has not voted yet."))
            #expect(html.components(separatedBy: #"<form class="vote""#).count == 4, "one form per amendment")

            let before = try fixture.commitCount()
            let voted = try await client.submit("/resolutions/\(pact)/vote", [("item", "A2"), ("choice", "for")], as: amelie)
            #expect(voted.status == .seeOther, "\(voted.text)")
            let tip = try fixture.tip()
            #expect(voted.headers[.location] == "/resolutions/\(pact)/vote?recorded=\(tip)")
            #expect(try fixture.commitCount() == before + 1)
            let message = try fixture.git("log", "-1", "--format=%B", "refs/heads/main").text
            #expect(message.contains("Accord-Item: A2") && message.contains("Accord-Vote: for") && message.contains("Accord-Actor: amelie"), "\(message)")
            let file = try fixture.git("show", "\(tip):\(RecordLayout.vote(pact, item: "A2", organisation: "afccre"))").text
            #expect(file.contains("vote: for") && file.contains("person: amelie"))

            let after = try await client.page(try #require(voted.headers[.location]), as: amelie)
            #expect(after.text.contains("Recorded: Vote for amendment A2 (AFCCRE)"), "\(after.text)")
            #expect(after.text.contains("href=\"/commits/\(tip)\""))
            #expect(after.text.contains("AFCCRE voted for (cast by Amélie Durand)."))
            #expect(after.text.contains("1 of 8 organisations have voted; 4 are needed for the quorum."))
            #expect(after.text.contains(#"value="for" class="chosen" aria-current="true""#))

            // Changed until the vote closes: the file is replaced, one more commit.
            let changed = try await client.submit("/resolutions/\(pact)/vote", [("item", "A2"), ("choice", "against")], as: amelie)
            #expect(changed.status == .seeOther)
            #expect(try fixture.commitCount() == before + 2)
            let changedFile = try fixture.git("show", "refs/heads/main:\(RecordLayout.vote(pact, item: "A2", organisation: "afccre"))").text
            #expect(changedFile.contains("vote: against"))
            let again = try await client.page("/resolutions/\(pact)/vote", as: amelie)
            #expect(again.text.contains("AFCCRE voted against (cast by Amélie Durand)."))
            #expect(again.text.contains("1 of 8 organisations have voted"), "a changed vote still counts once")

            // A vote on something not on the list is refused in words, and nothing is written.
            let unknown = try await client.submit("/resolutions/\(pact)/vote", [("item", "A9"), ("choice", "for")], as: amelie)
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("A9"), "\(unknown.text)")
            #expect(try fixture.commitCount() == before + 2)

            // Once the vote closes, the page says so and offers no button.
            try fixture.perform(.transition(resolution: pact, name: "close-voting", deadline: nil), by: "claire", at: When.voting)
            let closed = try await client.page("/resolutions/\(pact)/vote", as: amelie)
            #expect(closed.status == .ok)
            #expect(closed.text.contains("You cannot vote on this page now"), "\(closed.text)")
            #expect(!closed.text.contains(#"<form class="vote""#))
            let late = try await client.submit("/resolutions/\(pact)/vote", [("item", "A3"), ("choice", "for")], as: amelie)
            #expect(late.status == .conflict)
            #expect(try fixture.commitCount() == before + 3)
        }
    }

    @Test func aPersonWhoMayNotVoteIsToldWhyAndAForgedVoteIsRefused() async throws {
        let fixture = try ServerFixture()
        try Self.prepareVoting(fixture)
        try await fixture.serve { client in
            try await setPassword("claire", "claire's long password", fixture: fixture, client: client)
            let claire = try await client.signInPage("claire.martin@example.org", "claire's long password")
            let page = try await client.page("/resolutions/\(pact)/vote", as: claire)
            #expect(page.status == .ok)
            #expect(page.text.contains("You cannot vote on this page now"))
            #expect(page.text.contains("Only the member may vote"), "\(page.text)")
            #expect(!page.text.contains(#"<form class="vote""#))
            let before = try fixture.commitCount()
            let forged = try await client.submit("/resolutions/\(pact)/vote", [("item", "A2"), ("choice", "for")], as: claire)
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("Only the member may vote"))
            #expect(try fixture.commitCount() == before)
        }
    }

    @Test func theVotingPageHearsOfAnotherPersonsVote() async throws {
        let fixture = try ServerFixture()
        try Self.prepareVoting(fixture)
        let sanneToken = try fixture.token("sanne")
        try await fixture.serve { client in
            try await setPassword("amelie", "amelie's long password", fixture: fixture, client: client)
            let amelie = try await client.signInPage("amelie.durand@example.org", "amelie's long password")
            guard case .session(let cookie, _) = amelie else { return }
            let port = try #require(client.port)
            let stream = try EventStream(url: "http://127.0.0.1:\(port)/resolutions/\(pact)/events", cookie: cookie)
            defer { stream.stop() }
            try await stream.wait(for: "retry:", seconds: 10)
            let vote = try await client.call(.post, "/api/v1/resolutions/\(pact)/votes", ["item": "A3", "choice": "for"], as: .token(sanneToken))
            #expect(vote.status == .created)
            let read = try await stream.wait(for: "event: change", seconds: 15)
            #expect(read.contains("event: change\ndata: \(try fixture.tip())"), "\(read)")
            let page = try await client.page("/resolutions/\(pact)/vote", as: amelie)
            #expect(page.text.contains("1 of 8 organisations have voted"))
        }
    }

    @Test func aLongVotingListComesInPagesAndAVoteReturnsToItsPage() async throws {
        let fixture = try ServerFixture()
        try fixture.perform(.transition(resolution: pact, name: "open-amendments", deadline: TestClock.date(When.deadline)), by: "claire", at: When.opened)
        let count = Self.pageSize + 5
        for number in 1...count {
            try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-2", kind: .insertAfter, text: "Insertion number \(number);")),
                                by: "amelie", at: When.tabling)
        }
        try fixture.perform(.transition(resolution: pact, name: "close-amendments", deadline: nil), by: "claire", at: When.screening)
        for number in 1...count {
            try fixture.perform(.screen(resolution: pact, amendment: number, admissible: true, reason: nil), by: "claire", at: When.screening)
        }
        try fixture.perform(.transition(resolution: pact, name: "open-voting", deadline: nil), by: "claire", at: When.screening)
        fixture.clock.set(When.voting)
        try await fixture.serve { client in
            try await setPassword("katrin", "katrin's long password", fixture: fixture, client: client)
            let katrin = try await client.signInPage("katrin.bohm@example.org", "katrin's long password")
            let first = try await client.page("/resolutions/\(pact)/vote", as: katrin)
            #expect(first.text.components(separatedBy: #"<form class="vote""#).count == Self.pageSize + 1)
            #expect(first.text.contains("Amendments: 1 to \(Self.pageSize) of \(count) (page 1 of 2)"), "\(first.text)")
            #expect(first.text.contains(#"<a href="/resolutions/pact-2026/vote?page=2" rel="next">Next page</a>"#))
            #expect(first.text.contains("DST has voted on 0 of \(count) amendments."))
            let second = try await client.page("/resolutions/\(pact)/vote?page=2", as: katrin)
            #expect(second.text.components(separatedBy: #"<form class="vote""#).count == 6)
            #expect(second.text.contains(#"id="item-A\#(count)""#))
            #expect(!second.text.contains(#"id="item-A1""#))
            let voted = try await client.submit("/resolutions/\(pact)/vote", [("item", "A\(count)"), ("choice", "abstain"), ("page", "2")], as: katrin)
            #expect(voted.status == .seeOther)
            #expect(voted.headers[.location] == "/resolutions/\(pact)/vote?page=2&recorded=\(try fixture.tip())")
            let back = try await client.page(try #require(voted.headers[.location]), as: katrin)
            #expect(back.text.contains("DST abstained (cast by Katrin Böhm)."))
            #expect(back.text.contains("DST has voted on 1 of \(count) amendments."))
        }
    }

    @Test func membersReviewTheSectionsOfTheConsolidatedText() async throws {
        let fixture = try ServerFixture()
        try Self.prepareVoting(fixture)
        for voter in voters {
            try fixture.perform(.vote(resolution: pact, item: "A2", choice: .for), by: voter, at: When.voting)
        }
        try fixture.perform(.transition(resolution: pact, name: "close-voting", deadline: nil), by: "claire", at: When.voting)
        fixture.clock.set(When.review)
        try await fixture.serve { client in
            try await setPassword("katrin", "katrin's long password", fixture: fixture, client: client)
            let katrin = try await client.signInPage("katrin.bohm@example.org", "katrin's long password")
            let page = try await client.page("/resolutions/\(pact)/review", as: katrin)
            #expect(page.status == .ok)
            #expect(page.text.contains("Multilevel governance"))
            #expect(page.text.contains(#"id="section-sec-governance" data-live"#), "\(page.text)")
            #expect(!page.text.contains("Asks for stable, multiannual funding"), "the consolidated text lacks paragraph 6, deleted by A2")
            #expect(page.text.contains("DST has voted on 0 of"))
            let before = try fixture.commitCount()
            let voted = try await client.submit("/resolutions/\(pact)/review", [("item", "sec-governance"), ("choice", "against")], as: katrin)
            #expect(voted.status == .seeOther, "\(voted.text)")
            #expect(try fixture.commitCount() == before + 1)
            let file = try fixture.git("show", "refs/heads/main:\(RecordLayout.vote(pact, item: "sec-governance", organisation: "dst"))").text
            #expect(file.contains("vote: against") && file.contains("person: katrin"))
            let after = try await client.page("/resolutions/\(pact)/review", as: katrin)
            #expect(after.text.contains("DST voted against (cast by Katrin Böhm)."))
            #expect(after.text.contains("For: 0, against: 1, abstentions: 0."))
            #expect(after.text.contains("Not approved so far"))
        }
    }
}

/// A streamed response read as it arrives, with curl (`-N`: no buffering), as a browser's
/// EventSource reads it.
final class EventStream: @unchecked Sendable {
    private let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var received = Data()

    init(url: String, cookie: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sN", "--max-time", "20", "-H", "Cookie: accord_session=\(cookie)", "-H", "Accept: text/event-stream", url]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.received.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    /// Everything read so far.
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: received, as: UTF8.self)
    }

    /// Waits until `marker` has arrived; fails the test after `seconds`.
    @discardableResult
    func wait(for marker: String, seconds: Double) async throws -> String {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(seconds) {
            let text = self.text
            if text.contains(marker) { return text }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("‘\(marker)’ did not arrive within \(seconds) s; read: \(text)")
        throw CancellationError()
    }

    /// Ends curl at once (a stream would last until its time is up).
    func stop() {
        output.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
