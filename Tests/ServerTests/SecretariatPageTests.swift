import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

/// The secretariat's pages: the screening queue ruled through its forms, the procedure's steps
/// with their blockers in words and taken through the form, the roster and invitations; a
/// member can neither see nor use them; everyone's own access tokens on the settings page.
@Suite struct SecretariatPageTests {
    /// Three amendments tabled and the tabling closed: screening is open.
    static func prepareScreening(_ fixture: ServerFixture) throws {
        try fixture.perform(.transition(resolution: pact, name: "open-amendments", deadline: TestClock.date(When.deadline)), by: "claire", at: When.opened)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-6", kind: .replace, text: "Asks for flexible funding;", justification: "Clearer")),
                            by: "amelie", at: When.tabling)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-6", kind: .delete, justification: "Not needed")), by: "sanne", at: When.tabling)
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: "par-2", kind: .insertAfter, text: "Notes the role of regions;")),
                            by: "lucia", at: When.tabling)
        try fixture.perform(.transition(resolution: pact, name: "close-amendments", deadline: nil), by: "claire", at: When.screening)
        fixture.clock.set(When.screening)
    }

    static func signIn(_ person: String, _ email: String, _ fixture: ServerFixture, _ client: any TestClientProtocol) async throws -> Caller {
        try await setPassword(person, "\(person)'s long password", fixture: fixture, client: client)
        return try await client.signInPage(email, "\(person)'s long password")
    }

    @Test func theSecretariatRulesOnTheQueueAndProposesThroughTheForms() async throws {
        let fixture = try ServerFixture()
        try Self.prepareScreening(fixture)
        try await fixture.serve { client in
            let claire = try await Self.signIn("claire", "claire.martin@example.org", fixture, client)
            let page = try await client.page("/resolutions/\(pact)/screening", as: claire)
            #expect(page.status == .ok)
            #expect(page.text.contains("3 amendments await screening."), "\(page.text)")
            #expect(page.text.contains(#"action="/resolutions/pact-2026/screening/A2/ruling""#))
            #expect(page.text.contains(#"<label for="reason-A2">Reason (needed when inadmissible)</label>"#))
            #expect(page.text.contains(#"data-live-source="/resolutions/pact-2026/events""#))
            #expect(page.text.contains(#"<section id="queue" data-live"#))

            // Inadmissible without a reason: refused in the CLI's words, the choice kept, nothing written.
            let before = try fixture.commitCount()
            let bare = try await client.submit("/resolutions/\(pact)/screening/A2/ruling", [("decision", "inadmissible"), ("reason", "")], as: claire)
            #expect(bare.status == .unprocessableContent, "\(bare.text)")
            #expect(bare.text.contains("An inadmissible ruling needs a reason"), "\(bare.text)")
            #expect(bare.text.contains(#"value="inadmissible" checked"#), "the choice is kept")
            #expect(try fixture.commitCount() == before)

            let ruled = try await client.submit("/resolutions/\(pact)/screening/A2/ruling",
                                                [("decision", "inadmissible"), ("reason", "Outside the <scope>")], as: claire)
            #expect(ruled.status == .seeOther, "\(ruled.text)")
            #expect(ruled.headers[.location] == "/resolutions/\(pact)/screening?recorded=\(try fixture.tip())")
            let a2 = try fixture.git("show", "refs/heads/main:\(RecordLayout.amendmentFolder(pact, 2))/amendment.yml").text
            #expect(a2.contains("ruling: inadmissible") && a2.contains("Outside the <scope>") && a2.contains("ruled-by: claire"), "\(a2)")
            for number in ["A1", "A3"] {
                let response = try await client.submit("/resolutions/\(pact)/screening/\(number)/ruling", [("decision", "admissible")], as: claire)
                #expect(response.status == .seeOther, "\(response.text)")
            }
            #expect(try fixture.commitCount() == before + 3)

            let after = try await client.page("/resolutions/\(pact)/screening", as: claire)
            #expect(after.text.contains("No amendment awaits screening."))
            #expect(after.text.contains("Ruled inadmissible: Outside the &lt;scope&gt;"), "\(after.text)")
            #expect(after.text.contains(#"action="/resolutions/pact-2026/screening/A1/proposal""#))

            let proposed = try await client.submit("/resolutions/\(pact)/screening/A1/proposal",
                                                   [("recommendation", "accept"), ("note", "Agreed with AFCCRE")], as: claire)
            #expect(proposed.status == .seeOther, "\(proposed.text)")
            let a1 = try fixture.git("show", "refs/heads/main:\(RecordLayout.amendmentFolder(pact, 1))/amendment.yml").text
            #expect(a1.contains("proposal: accept") && a1.contains("Agreed with AFCCRE"), "\(a1)")
            let message = try fixture.git("log", "-1", "--format=%B", "refs/heads/main").text
            #expect(message.contains("Accord-Action: propose-procedure") && message.contains("Accord-Actor: claire"), "\(message)")
        }
    }

    @Test func aMemberCannotSeeOrUseTheSecretariatsPages() async throws {
        let fixture = try ServerFixture()
        try Self.prepareScreening(fixture)
        try await fixture.serve { client in
            let amelie = try await Self.signIn("amelie", "amelie.durand@example.org", fixture, client)
            for path in ["/resolutions/\(pact)/screening", "/roster", "/invitations"] {
                let page = try await client.page(path, as: amelie)
                #expect(page.status == .forbidden, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                #expect(page.text.contains("Only the secretariat may"), "\(path): \(page.text)")
                #expect(!page.text.contains("Deutscher Städtetag"), "\(path) shows nothing of the roster")
            }
            let home = try await client.page("/", as: amelie)
            #expect(!home.text.contains(#"href="/roster""#), "the menu offers no secretariat page")

            // Forged posts, with the session's own form token, are refused and write nothing.
            let before = try fixture.commitCount()
            let tip = try fixture.tip()
            let ruling = try await client.submit("/resolutions/\(pact)/screening/A2/ruling", [("decision", "inadmissible"), ("reason", "Mine")], as: amelie)
            #expect(ruling.status == .forbidden)
            let proposal = try await client.submit("/resolutions/\(pact)/screening/A1/proposal", [("recommendation", "accept")], as: amelie)
            #expect(proposal.status == .forbidden)
            let transition = try await client.submit("/resolutions/\(pact)/procedure", [("name", "abandon")], as: amelie)
            #expect(transition.status == .forbidden)
            #expect(transition.text.contains("only the secretariat may drop the resolution") || transition.text.contains("Only the secretariat may drop the resolution"),
                    "\(transition.text)")
            let invitation = try await client.submit("/invitations", [("person", "julien")], as: amelie)
            #expect(invitation.status == .forbidden)
            #expect(try fixture.commitCount() == before)
            #expect(try fixture.tip() == tip)
            #expect(try fixture.store.pendingInvitations().isEmpty)
        }
    }

    @Test func theProcedureShowsBlockersInWordsAndTakesAStepThroughTheForm() async throws {
        let fixture = try ServerFixture()
        fixture.clock.set(When.opened)
        try await fixture.serve { client in
            let claire = try await Self.signIn("claire", "claire.martin@example.org", fixture, client)
            let drafting = try await client.page("/resolutions/\(pact)/procedure", as: claire)
            #expect(drafting.status == .ok)
            #expect(drafting.text.contains(#"<label for="deadline-open-amendments">Amendment deadline (UTC)</label>"#), "\(drafting.text)")
            #expect(drafting.text.contains(#"aria-current="step""#))
            let opened = try await client.submit("/resolutions/\(pact)/procedure", [("name", "open-amendments"), ("deadline", "2026-11-20T18:00")], as: claire)
            #expect(opened.status == .seeOther, "\(opened.text)")
            #expect(try fixture.snapshot().meta(pact).amendmentDeadline == TestClock.date(When.deadline))
            let message = try fixture.git("log", "-1", "--format=%B", "refs/heads/main").text
            #expect(message.contains("Accord-Transition: open-amendments") && message.contains("Accord-Deadline: 2026-11-20T18:00:00Z"), "\(message)")

            // Before the deadline, closing the tabling is blocked, and the page says why before any button.
            fixture.clock.set(When.tabling)
            let amendments = try await client.page("/resolutions/\(pact)/procedure", as: claire)
            let closeStep = try #require(amendments.text.range(of: #"id="step-close-amendments""#))
            let closeCard = String(amendments.text[closeStep.lowerBound...]).components(separatedBy: #"<li class="card step""#).first ?? ""
            #expect(closeCard.contains("not yet possible"))
            #expect(closeCard.contains("The amendment deadline has not passed yet: it is 20 November 2026 at 18:00 (UTC)."), "\(closeCard)")
            #expect(!closeCard.contains("<form"), "\(closeCard)")
            let early = try await client.submit("/resolutions/\(pact)/procedure", [("name", "close-amendments")], as: claire)
            #expect(early.status == .conflict)
            #expect(early.text.contains("The amendment deadline has not passed yet: it is 20 November 2026 at 18:00 (UTC)."), "\(early.text)")
            #expect(try fixture.snapshot().meta(pact).state == "amendments")

            // A deadline that is not a date is named as such.
            let wrong = try await client.submit("/resolutions/\(pact)/procedure", [("name", "extend-deadline"), ("deadline", "next Friday")], as: claire)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("‘next Friday’ is not a date and time"))
            #expect(wrong.text.contains(#"value="next Friday""#), "the input is kept")

            // After the deadline, the button is there and the step is taken.
            fixture.clock.set(When.screening)
            let ready = try await client.page("/resolutions/\(pact)/procedure", as: claire)
            let readyStep = try #require(ready.text.range(of: #"id="step-close-amendments""#))
            #expect((String(ready.text[readyStep.lowerBound...]).components(separatedBy: #"<li class="card step""#).first ?? "").contains(#"<button type="submit">Stop accepting amendments</button>"#), "\(ready.text)")
            let closed = try await client.submit("/resolutions/\(pact)/procedure", [("name", "close-amendments")], as: claire)
            #expect(closed.status == .seeOther, "\(closed.text)")
            #expect(try fixture.snapshot().meta(pact).state == "screening")
            #expect(try fixture.git("show", "refs/heads/main:\(RecordLayout.meta(pact))").text.contains("state: screening"))

            // A member sees the steps and what blocks them, with no button.
            let amelie = try await Self.signIn("amelie", "amelie.durand@example.org", fixture, client)
            let memberView = try await client.page("/resolutions/\(pact)/procedure", as: amelie)
            #expect(memberView.status == .ok)
            #expect(memberView.text.contains("Only the secretariat may take this step"), "\(memberView.text)")
            #expect(!memberView.text.contains("transition-form"))
        }
    }

    @Test func theSecretariatSeesTheRosterAndInvitesAPerson() async throws {
        let fixture = try ServerFixture()
        try await fixture.serve { client in
            let claire = try await Self.signIn("claire", "claire.martin@example.org", fixture, client)
            let roster = try await client.page("/roster", as: claire)
            #expect(roster.status == .ok)
            #expect(roster.text.contains("Deutscher Städtetag"))
            #expect(roster.text.contains("Amélie Durand") && roster.text.contains("amelie.durand@example.org"))
            #expect(roster.text.contains("Working group on migration and integration"))
            #expect(roster.text.contains("Can sign in"), "claire set her password")

            let made = try await client.submit("/invitations", [("person", "julien")], as: claire)
            #expect(made.status == .ok, "\(made.text)")
            let pending = try fixture.store.pendingInvitations()
            #expect(pending.map(\.person) == ["julien"])
            let marker = try #require(made.text.range(of: "/invite/"))
            let token = String(made.text[marker.upperBound...].prefix { $0 != "\"" })
            #expect(try fixture.store.invitedPerson(token) == "julien")
            let link = try await client.page("/invite/\(token)")
            #expect(link.status == .ok)
            #expect(link.text.contains("Welcome to Accord, Julien Lefèvre"))
            #expect(link.text.contains(#"<label for="password">Password</label>"#))

            let list = try await client.page("/invitations", as: claire)
            #expect(list.text.contains("Julien Lefèvre: the link works until"))
            #expect(!list.text.contains(token), "the link is shown once")
            let nobody = try await client.submit("/invitations", [("person", "nobody")], as: claire)
            #expect(nobody.status == .unprocessableContent)
            #expect(nobody.text.contains("There is no person ‘nobody’ in the roster"))
        }
    }

    @Test func aPersonCreatesAndRevokesTheirOwnTokensOnly() async throws {
        let fixture = try ServerFixture()
        let sanneToken = try fixture.token("sanne")
        let sanneID = CredentialStore.tokenID(sanneToken)
        try await fixture.serve { client in
            let amelie = try await Self.signIn("amelie", "amelie.durand@example.org", fixture, client)
            let empty = try await client.page("/settings", as: amelie)
            #expect(empty.text.contains("You have no access token."))
            #expect(!empty.text.contains(sanneID), "another person's token is not listed")

            let made = try await client.submit("/settings/tokens", [("name", "Laptop <script>")], as: amelie)
            #expect(made.status == .ok)
            let marker = try #require(made.text.range(of: #"id="new-token" class="link" type="text" readonly value=""#))
            let token = String(made.text[marker.upperBound...].prefix { $0 != "\"" })
            #expect(token.hasPrefix("accord_"))
            #expect(made.text.contains("Laptop &lt;script&gt;"))
            #expect(try await client.call(.get, "/api/v1/session", as: .token(token)).status == .ok)
            let listed = try await client.page("/settings", as: amelie)
            #expect(listed.text.contains(CredentialStore.tokenID(token)))
            #expect(!listed.text.contains(token), "the token is shown once")

            // Another person's token cannot be revoked from here.
            let foreign = try await client.submit("/settings/tokens/\(sanneID)/revocation", [], as: amelie)
            #expect(foreign.status == .notFound)
            #expect(try await client.call(.get, "/api/v1/session", as: .token(sanneToken)).status == .ok)

            let revoked = try await client.submit("/settings/tokens/\(CredentialStore.tokenID(token))/revocation", [], as: amelie)
            #expect(revoked.status == .seeOther)
            #expect(try await client.call(.get, "/api/v1/session", as: .token(token)).status == .unauthorized)
            #expect(try fixture.store.tokens(of: "amelie").isEmpty)
            #expect(try fixture.store.tokens(of: "sanne").count == 1)

            let unnamed = try await client.submit("/settings/tokens", [("name", "  ")], as: amelie)
            #expect(unnamed.status == .unprocessableContent)
            #expect(unnamed.text.contains("Give the token a name"))
        }
    }
}
