"""A whole consultation through Accord's web pages, in Chromium: invitations and sign-in,
the deadline set, amendments tabled (one refused, with the refusal shown beside the form and
the input kept; one with a script in its justification, shown as text), a co-signature, a
withdrawal, screening, the vote — one organisation's vote appearing live on another's voting
page — the tally, section review and adoption.

Run by Tests/ServerTests/BrowserTests.swift:
    python3 consultation.py --accord PATH --record GIT_DIR --data DIR --artefacts DIR
"""
import argparse
import sys

from playwright.sync_api import expect

from browser import Pages, Person, Server, launch, write_summary

RESOLUTION = "pact-2026"
BASE = f"/resolutions/{RESOLUTION}"
PEOPLE = {
    "claire": "claire.martin@example.org",   # the secretariat
    "amelie": "amelie.durand@example.org",   # AFCCRE
    "sanne": "sanne.devries@example.org",    # VNG
    "katrin": "katrin.bohm@example.org", # DST
    "lucia": "lucia.fernandez@example.org",     # FEMP
}
VOTERS = ["amelie", "sanne", "katrin", "lucia"]
RESOLUTION_PAGE = True


def restart(server: Server, people: dict, now: str) -> None:
    """Moves the clock on: the people leave their pages (whose live updates would lose the
    server for a moment), and the server starts again with its sessions."""
    for person in people.values():
        person.page.goto("about:blank")
    server.start(now)


def main() -> int:
    options = argparse.ArgumentParser()
    for name in ("accord", "record", "data", "artefacts"):
        options.add_argument(f"--{name}", required=True)
    arguments = options.parse_args()
    server = Server(arguments.accord, arguments.record, arguments.data)
    pages = Pages(arguments.artefacts)
    playwright, browser = launch()
    people: dict = {}
    try:
        server.start("2026-11-03T09:00:00Z")
        people = {person: Person(browser, server, pages, person, email) for person, email in PEOPLE.items()}
        for person in people.values():
            person.accept_invitation()
            person.sign_in()
        claire = people["claire"]
        pages.keep(claire.page, "home")
        pages.screenshot(claire.page, "home")
        for path, name in (("/roster", "roster"), ("/invitations", "invitations"), ("/settings", "settings")):
            claire.go(path, keep=name)
        pages.screenshot(claire.page, "settings")
        open_amendments(claire, pages)

        restart(server, people, "2026-11-10T10:00:00Z")
        table_amendments(people, pages)

        restart(server, people, "2026-11-21T09:00:00Z")
        screen(claire, pages)

        restart(server, people, "2026-11-25T09:00:00Z")
        vote(people, pages)
        claire.go(f"{BASE}/procedure")
        take(claire, "close-voting")

        restart(server, people, "2026-12-01T09:00:00Z")
        review(people, pages)
        claire.go(f"{BASE}/procedure", keep="procedure-review")
        take(claire, "adopt")
        if RESOLUTION_PAGE:
            resolution = claire.go(BASE, keep="resolution-adopted")
            expect(resolution.locator("main")).to_contain_text("adopted")
            pages.screenshot(resolution, "resolution")
            claire.go(f"{BASE}/history", keep="history")
            pages.screenshot(claire.page, "history")
            claire.page.locator("main a[href^='/commits/']").first.click()
            pages.keep(claire.page, "commit")
            claire.go(f"{BASE}/amendments/A1", keep="amendment-adopted")
    finally:
        for person in people.values():
            person.page.goto("about:blank")
        server.stop()
        browser.close()
        playwright.stop()
    write_summary(arguments.artefacts, {"console_errors": pages.console_errors})
    if pages.console_errors:
        print("console errors:\n" + "\n".join(pages.console_errors), file=sys.stderr)
        return 1
    return 0


def take(person: Person, transition: str, deadline: str | None = None) -> None:
    """Takes a transition from the procedure page, once the page shows nothing in its way."""
    page = person.page
    step = page.locator(f"#step-{transition}")
    if deadline:
        step.get_by_label("Amendment deadline").fill(deadline)
    step.get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded")


def open_amendments(claire: Person, pages: Pages) -> None:
    page = claire.go(f"{BASE}/procedure", keep="procedure-drafting")
    pages.screenshot(page, "procedure")
    take(claire, "open-amendments", deadline="2026-11-20T18:00")


KINDS = {"replace": "Replace the provision with new wording", "delete": "Delete the provision",
         "insert-after": "Insert a new provision after it"}


def table(person: Person, provision: str, kind: str, text: str | None, justification: str) -> None:
    page = person.go(f"{BASE}/provisions/{provision}/amend")
    page.get_by_label(KINDS[kind]).check()
    if text is not None:
        page.get_by_label("New wording (not used for a deletion)").fill(text)
    page.get_by_label("Justification").fill(justification)
    page.get_by_role("button", name="Table the amendment").click()


def table_amendments(people: dict, pages: Pages) -> None:
    amelie, sanne, katrin = people["amelie"], people["sanne"], people["katrin"]
    if RESOLUTION_PAGE:
        page = amelie.go(BASE, keep="resolution-amendments")
        pages.screenshot(page, "resolution-open")

    # A preview records nothing and shows the change word by word.
    page = amelie.go(f"{BASE}/provisions/par-1/amend", keep="amend-form")
    pages.screenshot(page, "amend")
    page.get_by_label(KINDS["replace"]).check()
    page.get_by_label("New wording (not used for a deletion)").fill("Calls for the New Pact to be implemented in close partnership with cities and regions;")
    page.get_by_label("Justification").fill("Cities receive and include newcomers.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("ins").first).to_be_visible()
    page.get_by_role("button", name="Table the amendment").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded")
    pages.keep(page, "amendment")
    pages.screenshot(page, "amendment")

    page = amelie.go(f"{BASE}/upload", keep="upload")
    pages.screenshot(page, "upload")

    # A refusal is shown beside the form, in the CLI's words, and the input is kept.
    pages.expecting_refusal = True
    page = amelie.go(f"{BASE}/provisions/par-2/amend")
    page.get_by_label(KINDS["replace"]).check()
    page.get_by_label("New wording (not used for a deletion)").fill("")
    page.get_by_label("Justification").fill("Kept after the refusal")
    page.get_by_role("button", name="Table the amendment").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Justification")).to_have_value("Kept after the refusal")
    pages.keep(page, "amend-refused")
    pages.expecting_refusal = False

    # What a person typed is shown as text, never run.
    table(sanne, "par-1", "replace", "Calls for the Pact to be implemented with the full participation of municipalities;",
          "<script>alert('not run')</script> VNG prefers municipalities.")
    expect(sanne.page.get_by_role("status")).to_contain_text("Recorded")
    expect(sanne.page.locator("main")).to_contain_text("<script>alert('not run')</script>")
    table(sanne, "par-2", "delete", None, "Redundant.")
    expect(sanne.page.get_by_role("status")).to_contain_text("Recorded")
    sanne.page.get_by_role("button", name="Withdraw A3 for good").click()
    expect(sanne.page.get_by_role("status")).to_contain_text("Recorded")

    # Another organisation co-signs AFCCRE's amendment.
    page = katrin.go(f"{BASE}/amendments/A1")
    page.get_by_role("button", name="Co-sign A1").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded")
    if RESOLUTION_PAGE:
        list_page = katrin.go(f"{BASE}/amendments", keep="amendment-list")
        pages.screenshot(list_page, "amendment-list")


def screen(claire: Person, pages: Pages) -> None:
    claire.go(f"{BASE}/procedure")
    take(claire, "close-amendments")
    page = claire.go(f"{BASE}/screening", keep="screening")
    pages.screenshot(page, "screening")
    for amendment in ("A1", "A2"):
        card = page.locator(f"#screening-{amendment}")
        card.get_by_label("Admissible", exact=True).check()
        card.get_by_role("button", name=f"Record the ruling on {amendment}").click()
        expect(page.get_by_role("status")).to_contain_text("Recorded")
    claire.go(f"{BASE}/compromise", keep="compromise")
    claire.go(f"{BASE}/procedure")
    take(claire, "open-voting")


def vote(people: dict, pages: Pages) -> None:
    amelie, sanne = people["amelie"], people["sanne"]
    watching = amelie.go(f"{BASE}/vote", keep="vote")
    pages.screenshot(watching, "vote")
    participation = watching.locator("#item-A1 .participation")
    before = participation.inner_text()
    # Sanne's vote appears on Amélie's page without a reload.
    voting = sanne.go(f"{BASE}/vote")
    voting.locator("#item-A1").get_by_role("button", name="For").click()
    expect(voting.get_by_role("status")).to_contain_text("Recorded")
    expect(participation).not_to_have_text(before, timeout=10_000)
    for voter in VOTERS:
        page = people[voter].go(f"{BASE}/vote")
        for item in ("A1", "A2"):
            block = page.locator(f"#item-{item}")
            if block.count() and block.get_by_role("button", name="For").count():
                block.get_by_role("button", name="For").click()
                expect(page.get_by_role("status")).to_contain_text("Recorded")


def review(people: dict, pages: Pages) -> None:
    for index, voter in enumerate(VOTERS):
        page = people[voter].go(f"{BASE}/review", keep="review" if index == 0 else None)
        if index == 0:
            pages.screenshot(page, "review")
        for section in page.locator("section.review-section").all():
            anchor = section.get_attribute("id")
            page.locator(f"#{anchor}").get_by_role("button", name="For").click()
            expect(page.get_by_role("status")).to_contain_text("Recorded")


if __name__ == "__main__":
    sys.exit(main())
