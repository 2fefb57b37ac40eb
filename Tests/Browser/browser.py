"""What the browser tests share: Accord's server as a process, people in their own browser
contexts, and the record kept of every page they saw (its HTML as the server sent it, for the
Nu validator; screenshots at 1280 and 360 pixels wide; every console error).

Playwright for Python drives Debian's Chromium (never `playwright install`: there is no
download here)."""
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import time
import urllib.request

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"


class Server:
    """`accord serve` on one port, restarted with another clock when the consultation moves on
    (`ACCORD_NOW`): sessions live in the server's data folder, so people stay signed in."""

    def __init__(self, accord: str, record: str, data: str):
        self.accord, self.record, self.data = accord, record, data
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, now: str) -> None:
        self.stop()
        self.process = subprocess.Popen(
            [self.accord, "-C", self.record, "serve", "--port", str(self.port), "--data", self.data,
             "--public-url", self.base],
            env={**os.environ, "ACCORD_NOW": now}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/api/v1/openapi.json", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
        self.process = None

    def invite(self, person: str) -> str:
        """The invitation link `accord invite` prints."""
        out = subprocess.run([self.accord, "-C", self.record, "invite", person, "--data", self.data],
                             check=True, capture_output=True, text=True).stdout
        return re.search(r"https?://\S+/invite/\S+", out).group(0)


class Pages:
    """Every page the people saw, kept for the validator, and screenshots of the main ones."""

    def __init__(self, artefacts: str):
        self.html = pathlib.Path(artefacts, "html")
        self.shots = pathlib.Path(artefacts, "screenshots")
        self.html.mkdir(parents=True, exist_ok=True)
        self.shots.mkdir(parents=True, exist_ok=True)
        self.console_errors: list[str] = []
        # A refusal is a page with a 4xx status, which Chromium logs as a failed load: expected
        # while a test step provokes one (`refusal`), an error anywhere else.
        self.expecting_refusal = False

    def watch(self, page: Page, who: str) -> None:
        def console(message) -> None:
            if message.type != "error":
                return
            if self.expecting_refusal and message.text.startswith("Failed to load resource: the server responded with a status of 4"):
                return
            self.console_errors.append(f"{who}: {message.text} ({message.location.get('url')})")
        page.on("console", console)
        page.on("pageerror", lambda error: self.console_errors.append(f"{who}: {error}"))

    def keep(self, page: Page, name: str) -> None:
        """The page's HTML as the server sends it (not the DOM after scripts)."""
        response = page.context.request.get(page.url)
        assert response.ok, f"{page.url}: {response.status}"
        (self.html / f"{name}.html").write_text(response.text())

    def screenshot(self, page: Page, name: str) -> None:
        size = page.viewport_size
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(self.shots / f"{name}-{width}.png"), full_page=True)
            # Usable at 360 px: nothing wider than the window makes the page scroll sideways.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{name} is {overflow} px wider than a {width} px window"
        page.set_viewport_size(size)


class Person:
    """One person in a browser context of their own."""

    def __init__(self, browser: Browser, server: Server, pages: Pages, person_id: str, email: str):
        self.id, self.email, self.server, self.pages = person_id, email, server, pages
        self.context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=server.base)
        self.page: Page = self.context.new_page()
        pages.watch(self.page, person_id)
        self.password = f"{person_id} chooses a long password"

    def accept_invitation(self) -> None:
        link = self.server.invite(self.id)
        self.page.goto(link.replace(re.match(r"https?://[^/]+", link).group(0), self.server.base))
        self.page.get_by_label("Password", exact=True).fill(self.password)
        self.page.get_by_label("The same again").fill(self.password)
        self.page.get_by_role("button", name="Set my password").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("password is set")

    def sign_in(self) -> None:
        self.page.goto("/sign-in")
        self.page.get_by_label("Email").fill(self.email)
        self.page.get_by_label("Password").fill(self.password)
        self.page.get_by_role("button", name="Sign in").click()
        expect(self.page.get_by_role("heading", level=1, name="Resolutions")).to_be_visible()

    def go(self, path: str, keep: str | None = None) -> Page:
        self.page.goto(path)
        if keep:
            self.pages.keep(self.page, keep)
        return self.page


def launch():
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    return playwright, browser


def write_summary(artefacts: str, summary: dict) -> None:
    pathlib.Path(artefacts, "summary.json").write_text(json.dumps(summary, indent=2))
