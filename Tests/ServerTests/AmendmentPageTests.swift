import Foundation
import HTTPTypes
import HummingbirdTesting
import Resolutions
import Server
import Testing

/// The pages of one amendment, of tabling and of compromises, used as a browser uses them:
/// people sign in through the form, post the pages' forms with their token, and the record is
/// checked with the real git.
@Suite struct AmendmentPageTests {
    static let amend = "/resolutions/\(pact)/provisions/par-6/amend"
    static func page(_ amendment: String) -> String { "/resolutions/\(pact)/amendments/\(amendment)" }

    @Test func aMemberPreviewsWithoutRecordingThenTablesThroughTheForm() async throws {
        let fixture = try Self.openForAmendments()
        let wording = try Self.wording("par-6", fixture)
        let newWording = "Asks for stable, multiannual funding of local integration services for small municipalities;"
        try await fixture.serve { client in
            let amelie = try await Self.signIn("amelie", fixture, client)
            let form = try await client.page(Self.amend, as: amelie)
            #expect(form.status == .ok)
            #expect(form.text.contains(#"<textarea id="amend-text" name="text" rows="5" lang="en">\#(Self.escaped(wording))</textarea>"#),
                    "the current wording is prefilled")
            for kind in ["replace", "delete", "insert-before", "insert-after"] {
                #expect(form.text.contains(#"<input type="radio" id="kind-\#(kind)" name="kind" value="\#(kind)""#))
                #expect(form.text.contains(#"<label for="kind-\#(kind)">"#), "every radio button has its label")
            }
            #expect(form.text.contains(#"<label for="cosign-katrin">Katrin Böhm (DST)</label>"#))
            #expect(!form.text.contains(#"for="cosign-julien""#), "no co-signatory of the tabler's own organisation is offered")
            #expect(form.text.formToken != nil)

            let fields = [("kind", "replace"), ("text", newWording), ("justification", "Small towns miss out."), ("cosign[]", "katrin")]
            let before = try fixture.commitCount()
            let preview = try await client.submit(Self.amend, fields + [("intent", "preview")], as: amelie)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("<ins><span class=\"vh\">[inserted: </span>for small municipalities;"), "\(preview.text)")
            #expect(preview.text.contains("<del><span class=\"vh\">[deleted: </span>"))
            #expect(preview.text.contains(#">Small towns miss out.</textarea>"#), "the input is kept")
            #expect(preview.text.contains(#"value="katrin" checked"#))
            #expect(!preview.text.contains("would be refused"), "nothing in it would be refused")
            #expect(try fixture.commitCount() == before, "a preview records nothing")
            let emptyPreview = try await client.submit(Self.amend, [("kind", "insert-after"), ("text", ""), ("intent", "preview")], as: amelie)
            #expect(emptyPreview.text.contains("Tabled as it is, it would be refused:"))
            #expect(emptyPreview.text.contains("A insert-after amendment needs the new text."), "\(emptyPreview.text)")

            let tabled = try await client.submit(Self.amend, fields + [("intent", "table")], as: amelie)
            #expect(tabled.status == .seeOther)
            let location = try #require(tabled.headers[.location])
            let tip = try fixture.tip()
            #expect(location == Self.page("A1") + "?recorded=" + tip)
            #expect(try fixture.commitCount() == before + 1)
            let message = try fixture.git("log", "-1", "--format=%B", "main").text
            #expect(message.hasPrefix("Table amendment A1 to paragraph 6 (AFCCRE)"), "\(message)")
            #expect(message.contains("Accord-Via: web"))
            let amendment = try #require(try fixture.snapshot().amendment(pact, 1))
            #expect(amendment.draft.text == newWording)
            #expect(amendment.draft.cosignatories == ["katrin"])

            let shown = try await client.page(location, as: amelie)
            #expect(shown.status == .ok)
            #expect(shown.text.contains("Recorded: Table amendment A1 to paragraph 6 (AFCCRE)"))
            #expect(shown.text.contains("href=\"/commits/\(tip)\""), "the notice links its commit")
            #expect(shown.text.contains("<h1>Amendment A1: Replace paragraph 6</h1>"))
            #expect(shown.text.contains("[inserted: </span>for small municipalities;"))
            #expect(shown.text.contains("Katrin Böhm (DST)"))
            #expect(shown.text.contains("Small towns miss out."))
            #expect(shown.text.contains("Not screened yet"))
        }
    }

    @Test func refusalsAreShownBesideTheFormInTheCLIsWordsWithTheInputKept() async throws {
        let fixture = try Self.openForAmendments()
        let amelie = try #require(try fixture.snapshot().roster().person("amelie"))
        try await fixture.serve { client in
            let session = try await Self.signIn("amelie", fixture, client)
            let before = try fixture.commitCount()

            let empty = try await client.submit(Self.amend, [("kind", "replace"), ("text", "  "), ("justification", "Kept justification"), ("intent", "table")], as: session)
            #expect(empty.status == .unprocessableContent)
            #expect(empty.text.contains("A replace amendment needs the new text."), "\(empty.text)")
            #expect(empty.text.contains(">Kept justification</textarea>"))

            let noKind = try await client.submit(Self.amend, [("text", "Some text;"), ("intent", "table")], as: session)
            #expect(noKind.status == .unprocessableContent)
            #expect(noKind.text.contains("Choose what the amendment does"))
            #expect(noKind.text.contains(">Some text;</textarea>"))

            fixture.clock.set(When.screening)
            let draft = AmendmentDraft(target: "par-6", kind: .replace, text: "Late wording;", justification: "Late")
            let expected = try fixture.snapshot().refusals(of: .table(resolution: pact, draft), by: amelie, now: TestClock.date(When.screening))
            #expect(!expected.isEmpty)
            let late = try await client.submit(Self.amend, [("kind", "replace"), ("text", "Late wording;"), ("justification", "Late"), ("intent", "table")], as: session)
            #expect(late.status == .conflict)
            for reason in expected {
                #expect(late.text.contains(Self.escaped(Self.sentence(reason))), "the CLI's words: \(reason)")
            }
            #expect(late.text.contains(">Late wording;</textarea>"), "the input is kept")
            #expect(try fixture.commitCount() == before, "nothing refused is written")

            let closed = try await client.page(Self.amend, as: session)
            #expect(closed.status == .ok)
            #expect(closed.text.contains("You cannot table an amendment now"))
            #expect(!closed.text.contains("Table the amendment</button>"), "no form is offered for what would be refused")
        }
    }

    @Test func coSigningAndWithdrawingAreOfferedOnlyToThoseWhoMay() async throws {
        let fixture = try Self.openForAmendments()
        try Self.table(fixture, "amelie", "par-6", .replace, "Asks for stable funding;")
        try await fixture.serve { client in
            let amelie = try await Self.signIn("amelie", fixture, client)
            let katrin = try await Self.signIn("katrin", fixture, client)

            let own = try await client.page(Self.page("A1"), as: amelie)
            #expect(own.status == .ok)
            #expect(own.text.contains("Withdraw A1 for good</button>"))
            #expect(!own.text.contains("Co-sign A1</button>"), "nobody co-signs their own organisation's amendment")
            #expect(!own.text.contains("/ruling\"") && !own.text.contains("/proposal\""))

            let other = try await client.page(Self.page("A1"), as: katrin)
            #expect(other.text.contains("Co-sign A1</button>"))
            #expect(!other.text.contains("Withdraw A1"), "only the tabling organisation may withdraw")

            let before = try fixture.commitCount()
            let forged = try await client.submit(Self.page("A1") + "/withdraw", [], as: katrin)
            #expect(forged.status == .forbidden)
            #expect(forged.text.contains("Only members of AFCCRE, which tabled A1, may withdraw it"), "\(forged.text)")
            #expect(try fixture.commitCount() == before)

            let cosigned = try await client.submit(Self.page("A1") + "/cosign", [], as: katrin)
            #expect(cosigned.status == .seeOther)
            #expect(try fixture.snapshot().amendment(pact, 1)?.draft.cosignatories == ["katrin"])
            let after = try await client.page(Self.page("A1"), as: katrin)
            #expect(after.text.contains("Katrin Böhm (DST)"))
            #expect(!after.text.contains("Co-sign A1</button>"), "an organisation co-signs once")
            let again = try await client.submit(Self.page("A1") + "/cosign", [], as: katrin)
            #expect(again.status == .conflict)
            #expect(again.text.contains("DST already co-signs A1 (Katrin Böhm)."), "\(again.text)")

            let withdrawn = try await client.submit(Self.page("A1") + "/withdraw", [], as: amelie)
            #expect(withdrawn.status == .seeOther)
            #expect(try fixture.git("log", "-1", "--format=%s", "main").text == "Withdraw amendment A1 (AFCCRE)")
            let gone = try await client.page(Self.page("A1"), as: amelie)
            #expect(gone.text.contains(#"<span class="badge">withdrawn</span>"#))
            #expect(!gone.text.contains("Withdraw A1 for good"))
        }
    }

    @Test func theSecretariatRulesAndProposesWhileAMemberNeitherSeesNorForgesThoseForms() async throws {
        let fixture = try Self.openForAmendments()
        try Self.table(fixture, "amelie", "par-6", .replace, "Asks for stable funding;")
        try fixture.perform(.transition(resolution: pact, name: "close-amendments", deadline: nil), by: "claire", at: When.screening)
        fixture.clock.set(When.screening)
        try await fixture.serve { client in
            let amelie = try await Self.signIn("amelie", fixture, client)
            let claire = try await Self.signIn("claire", fixture, client)

            let member = try await client.page(Self.page("A1"), as: amelie)
            #expect(member.status == .ok)
            #expect(!member.text.contains("Record the ruling") && !member.text.contains("Record the proposal"))
            #expect(!member.text.contains("action=\"\(Self.page("A1"))/ruling\""))

            let before = try fixture.commitCount()
            let forged = try await client.submit(Self.page("A1") + "/ruling", [("ruling", "admissible")], as: amelie)
            #expect(forged.status == .forbidden)
            #expect(forged.headers[.contentType] == "text/html; charset=utf-8")
            #expect(forged.text.contains("Only the secretariat may"), "\(forged.text)")
            #expect(!forged.text.contains("Record the ruling"), "the refused form is not offered either")
            #expect(try fixture.commitCount() == before, "a forged ruling writes nothing")

            let secretariat = try await client.page(Self.page("A1"), as: claire)
            #expect(secretariat.text.contains("Record the ruling</button>"))
            #expect(secretariat.text.contains("Record the proposal</button>"))
            let token = try #require(secretariat.text.formToken)
            let posts = secretariat.text.components(separatedBy: #"method="post""#).count - 1
            let tokens = secretariat.text.components(separatedBy: #"name="csrf" value="\#(token)""#).count - 1
            #expect(posts >= 3 && posts == tokens, "every form that posts carries the token")

            let noReason = try await client.submit(Self.page("A1") + "/ruling", [("ruling", "inadmissible"), ("reason", " ")], as: claire)
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text.contains("An inadmissible ruling needs a reason"))
            #expect(noReason.text.contains(#"value="inadmissible" required checked"#), "the choice is kept")
            #expect(try fixture.commitCount() == before)

            let ruledOut = try await client.submit(Self.page("A1") + "/ruling", [("ruling", "inadmissible"), ("reason", "Outside the scope")], as: claire)
            #expect(ruledOut.status == .seeOther)
            #expect(try fixture.git("log", "-1", "--format=%s", "main").text == "Rule amendment A1 inadmissible")
            let inadmissible = try await client.page(try #require(ruledOut.headers[.location]), as: claire)
            #expect(inadmissible.text.contains("Ruled inadmissible by Claire Martin (SECRETARIAT): <span class=\"reason\">Outside the scope</span>"))
            #expect(!inadmissible.text.contains("Record the proposal"), "there is nothing to recommend on an inadmissible amendment")
            #expect(inadmissible.text.contains(#"id="ruling-admissible""#) && !inadmissible.text.contains(#"id="ruling-inadmissible""#),
                    "only the ruling still possible is offered")

            // Another page (the screening queue) may post the form and have the person come back to it.
            let queue = "/resolutions/\(pact)/screening"
            let ruled = try await client.submit(Self.page("A1") + "/ruling", [("ruling", "admissible"), ("reason", ""), ("next", queue)], as: claire)
            #expect(ruled.status == .seeOther)
            #expect(ruled.headers[.location] == queue + "?recorded=" + (try fixture.tip()))
            let proposed = try await client.submit(Self.page("A1") + "/proposal",
                                                   [("recommendation", "reject"), ("note", "Better in another text"), ("next", "//elsewhere.example")], as: claire)
            #expect(proposed.status == .seeOther)
            #expect(proposed.headers[.location]?.hasPrefix(Self.page("A1") + "?recorded=") == true, "never to another site")
            #expect(try fixture.git("log", "-1", "--format=%s", "main").text == "Propose to reject amendment A1")
            let amendment = try #require(try fixture.snapshot().amendment(pact, 1))
            #expect(amendment.ruling == Ruling(admissible: true, by: "claire"))
            #expect(amendment.proposal == Proposal(accept: false, note: "Better in another text", by: "claire"))

            let shown = try await client.page(try #require(proposed.headers[.location]), as: amelie)
            #expect(shown.text.contains("Recorded: Propose to reject amendment A1"))
            #expect(shown.text.contains("Ruled admissible by Claire Martin (SECRETARIAT)</dd>"))
            #expect(shown.text.contains("Reject (Claire Martin (SECRETARIAT)): <span class=\"note\">Better in another text</span>"))
        }
    }

    @Test func theSecretariatTablesACompromiseThatReplacesTwoAmendments() async throws {
        let fixture = try Self.openForAmendments()
        try Self.table(fixture, "amelie", "par-6", .replace, "Asks for stable funding;")
        try Self.table(fixture, "sanne", "par-6", .delete, nil)
        try Self.table(fixture, "lucia", "par-2", .insertAfter, "Notes the role of regions;")
        try fixture.perform(.transition(resolution: pact, name: "close-amendments", deadline: nil), by: "claire", at: When.screening)
        fixture.clock.set(When.screening)
        let path = "/resolutions/\(pact)/compromise"
        try await fixture.serve { client in
            let amelie = try await Self.signIn("amelie", fixture, client)
            let claire = try await Self.signIn("claire", fixture, client)

            let member = try await client.page(path, as: amelie)
            #expect(member.text.contains("You cannot table a compromise now"))
            #expect(!member.text.contains("<select") && !member.text.contains("Table the compromise"))

            let chooser = try await client.page(path, as: claire)
            #expect(chooser.text.contains(#"<option value="par-6">paragraph 6 (2 open amendments)</option>"#), "\(chooser.text)")
            #expect(chooser.text.contains(#"<option value="par-2">paragraph 2 (1 open amendment)</option>"#))
            let form = try await client.page(path + "?provision=par-6", as: claire)
            #expect(form.text.contains(#"<input type="checkbox" id="replaces-A1" name="replaces[]" value="A1">"#))
            #expect(form.text.contains(#"id="replaces-A2""#))
            #expect(!form.text.contains(#"id="replaces-A3""#), "only the amendments of the chosen provision")
            #expect(!form.text.contains(#"id="kind-insert-after""#), "a compromise is no insertion")
            #expect(!form.text.contains("You cannot table"), "\(form.text)")

            let text = "Asks for stable funding of local integration services;"
            let before = try fixture.commitCount()
            let none = try await client.submit(path, [("provision", "par-6"), ("kind", "replace"), ("text", text), ("intent", "table")], as: claire)
            #expect(none.status == .unprocessableContent)
            #expect(none.text.contains("Choose the amendments the compromise replaces."))
            #expect(none.text.contains(">\(text)</textarea>"))

            let fields = [("provision", "par-6"), ("replaces[]", "A1"), ("replaces[]", "A2"), ("kind", "replace"), ("text", text),
                          ("justification", "Agreed by AFCCRE and VNG")]
            let preview = try await client.submit(path, fields + [("intent", "preview")], as: claire)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Preview: Replace paragraph 6"))
            #expect(preview.text.contains(#"value="A1" checked"#) && preview.text.contains(#"value="A2" checked"#))
            #expect(!preview.text.contains("would be refused") && !preview.text.contains("You cannot table"), "\(preview.text)")
            #expect(try fixture.commitCount() == before, "a preview records nothing")

            let tabled = try await client.submit(path, fields + [("intent", "table")], as: claire)
            #expect(tabled.status == .seeOther)
            #expect(tabled.headers[.location]?.hasPrefix(Self.page("A4") + "?recorded=") == true)
            #expect(try fixture.git("log", "-1", "--format=%s", "main").text
                    == "Table compromise amendment A4 to paragraph 6 (SECRETARIAT), replacing A1, A2")
            #expect(try fixture.snapshot().amendment(pact, 4)?.draft.replaces == [1, 2])

            let compromise = try await client.page(Self.page("A4"), as: amelie)
            #expect(compromise.text.contains("<h1>Compromise amendment A4: Replace paragraph 6</h1>"))
            #expect(compromise.text.contains(#"Replaces <a href="\#(Self.page("A1"))">A1</a> <a href="\#(Self.page("A2"))">A2</a>"#))
            let covered = try await client.page(Self.page("A2"), as: amelie)
            #expect(covered.text.contains(#"Covered by <a href="\#(Self.page("A4"))">A4</a>"#))
        }
    }

    @Test func anAmendmentShowsTheVoteOfEachOrganisationAndItsOutcome() async throws {
        let fixture = try Self.openForAmendments()
        try Self.table(fixture, "amelie", "par-6", .replace, "Asks for stable funding;")
        try fixture.perform(.transition(resolution: pact, name: "close-amendments", deadline: nil), by: "claire", at: When.screening)
        try fixture.perform(.screen(resolution: pact, amendment: 1, admissible: true, reason: nil), by: "claire", at: When.screening)
        try fixture.perform(.transition(resolution: pact, name: "open-voting", deadline: nil), by: "claire", at: When.screening)
        for voter in voters {
            try fixture.perform(.vote(resolution: pact, item: "A1", choice: voter == "elodie" ? .against : voter == "ingrid" ? .abstain : .for),
                                by: voter, at: When.voting)
        }
        try fixture.perform(.transition(resolution: pact, name: "close-voting", deadline: nil), by: "claire", at: When.voting)
        fixture.clock.set(When.review)
        let amendment = try #require(try fixture.snapshot().amendment(pact, 1))
        let outcome = try #require(amendment.outcome)
        try await fixture.serve { client in
            let katrin = try await Self.signIn("katrin", fixture, client)
            let page = try await client.page(Self.page("A1"), as: katrin)
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<span class="badge">\#(amendment.state.rawValue)</span>"#))
            #expect(page.text.contains("6 for, 1 against, 1 abstaining"), "\(page.text)")
            #expect(page.text.contains("(UVCW)</th><td>against</td><td>Élodie Lambert</td></tr>"))
            #expect(page.text.contains("(KS)</th><td>abstain</td><td>Ingrid Løvås</td></tr>"))
            #expect(page.text.contains("(DST)</th><td>for</td><td>Katrin Böhm</td></tr>"))
            #expect(page.text.contains("<dt>Outcome</dt>\n<dd>\(Self.escaped(outcome))</dd>"), "\(outcome)")
            #expect(!page.text.contains("What you can do"), "nothing is left to do on a decided amendment")
        }
    }

    @Test func whatAPersonTypedIsShownAsText() async throws {
        let fixture = try Self.openForAmendments()
        let script = "<script>alert(1)</script>"
        try await fixture.serve { client in
            let amelie = try await Self.signIn("amelie", fixture, client)
            let fields = [("kind", "insert-after"), ("text", script), ("justification", script)]
            let preview = try await client.submit(Self.amend, fields + [("intent", "preview")], as: amelie)
            let tabled = try await client.submit(Self.amend, fields + [("intent", "table")], as: amelie)
            #expect(tabled.status == .seeOther)
            let page = try await client.page(Self.page("A1"), as: amelie)
            for html in [preview.text, page.text] {
                #expect(!html.contains(script), "a script typed is never markup")
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            }
            #expect(page.text.contains(#"<p class="justification">&lt;script&gt;alert(1)&lt;/script&gt;</p>"#))
        }
    }

    @Test func unknownAmendmentsAndProvisionsArePagesThatSaySo() async throws {
        let fixture = try Self.openForAmendments()
        try await fixture.serve { client in
            let amelie = try await Self.signIn("amelie", fixture, client)
            let amendment = try await client.page(Self.page("A9"), as: amelie)
            #expect(amendment.status == .notFound)
            #expect(amendment.text.contains("There is no amendment A9 to \(pact)"), "\(amendment.text)")
            let provision = try await client.page("/resolutions/\(pact)/provisions/par-99/amend", as: amelie)
            #expect(provision.status == .notFound)
            #expect(provision.text.contains("There is no provision ‘par-99’ in \(pact)"))
        }
    }

    // MARK: Helpers

    /// A record whose resolution is open for amendments, the clock at tabling time.
    static func openForAmendments() throws -> ServerFixture {
        let fixture = try ServerFixture()
        try fixture.perform(.transition(resolution: pact, name: "open-amendments", deadline: TestClock.date(When.deadline)),
                            by: "claire", at: When.opened)
        fixture.clock.set(When.tabling)
        return fixture
    }

    static func table(_ fixture: ServerFixture, _ person: String, _ target: String, _ kind: AmendmentKind, _ text: String?) throws {
        try fixture.perform(.table(resolution: pact, AmendmentDraft(target: target, kind: kind, text: text, justification: "Because")),
                            by: person, at: When.tabling)
    }

    static func wording(_ provision: String, _ fixture: ServerFixture) throws -> String {
        try #require(try fixture.snapshot().text(pact).locate(provision)?.provision.text)
    }

    /// Sets the person's password through an invitation and signs in through the page.
    static func signIn(_ person: String, _ fixture: ServerFixture, _ client: any TestClientProtocol) async throws -> Caller {
        let email = try #require(try fixture.snapshot().roster().person(person)?.email)
        try await setPassword(person, "\(person) has a long password", fixture: fixture, client: client)
        return try await client.signInPage(email, "\(person) has a long password")
    }

    /// Text as the templates escape it.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    /// A reason as a sentence, as the pages show it.
    static func sentence(_ reason: String) -> String {
        reason.prefix(1).uppercased() + reason.dropFirst() + (reason.hasSuffix(".") ? "" : ".")
    }
}
