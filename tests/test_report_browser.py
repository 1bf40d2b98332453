"""The class report and a student's feedback in a real headless Chromium.

Chromium is driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`: JSON
messages ending in NUL on file descriptors 3 and 4), so the test needs only the standard
library: no WebSocket client, no driver binary, no port. The pages are loaded from files
and every request they make is recorded, so a page that reaches for the network fails.
Screenshots are saved in the test's tmp folder and copied to /tmp/report-screenshot.png
and /tmp/feedback-screenshot.png for a person to look at.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from test_report import sample_class

from autograder.render.feedback_html import FEEDBACK_HTML, feedback_html
from autograder.render.report import HISTOGRAM_BINS, write_report

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--mute-audio",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
LAPTOP = (1366, 900)
PHONE = (390, 844)
TIMEOUT = 30.0


def find_chromium() -> str | None:
    """$CHROMIUM if set, else the first Chromium or Chrome on PATH (Debian's is /usr/bin/chromium)."""
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _high(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class BrowserError(Exception):
    """Chromium did not answer as the DevTools protocol says it should."""


class Browser:
    """One headless Chromium and one page in it, spoken to over the DevTools pipe."""

    def __init__(self, executable: str, profile: Path, log: Path):
        to_browser, self._ours_out = os.pipe()
        self._ours_in, from_browser = os.pipe()
        # Chromium's ends go above 9 first, so moving them to 3 and 4 never overwrites one.
        to_browser, from_browser = (_high(fd) for fd in (to_browser, from_browser))
        self._log = open(log, "wb")
        # bash moves the two pipe ends to descriptors 3 and 4, where Chromium looks for them
        # (dash, Debian's sh, only redirects descriptors 0-9).
        script = f'exec "$0" "$@" 3<&{to_browser} 4>&{from_browser} {to_browser}<&- {from_browser}>&-'
        self.process = subprocess.Popen(
            [shutil.which("bash") or "/bin/bash", "-c", script, executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            pass_fds=(to_browser, from_browser),
            start_new_session=True,
        )
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.session = None
        target = self.send("Target.createTarget", url="about:blank", session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True, session=False)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")

    # -------------------------------------------------------------- protocol

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._ours_in], [], [], left)[0]:
                raise BrowserError(f"no answer from Chromium within {TIMEOUT:g} s")
            chunk = os.read(self._ours_in, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium closed the pipe (exit code {self.process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, *, session: bool = True, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._ours_out, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for index, event in enumerate(self.events):
                if event["method"] == method:
                    return self.events.pop(index)
            self.events.append(self._read(deadline))

    def close(self) -> None:
        try:
            self.send("Browser.close", session=False)
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._ours_in, self._ours_out):
            os.close(fd)
        self._log.close()

    # -------------------------------------------------------------- page helpers

    def viewport(self, width: int, height: int) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)

    def open(self, path: Path) -> None:
        self.events.clear()
        self.send("Page.navigate", url=path.as_uri())
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str):
        reply = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in reply:
            raise BrowserError(f"{expression!r} raised {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element, as a person would make it."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            " const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()"
        )
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            extra = {"button": "left", "clickCount": 1} if kind != "mouseMoved" else {}
            self.send("Input.dispatchMouseEvent", type=kind, x=box["x"], y=box["y"], **extra)

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and browser log errors so far."""
        found = []
        for event in self.events:
            params = event.get("params", {})
            if event["method"] == "Runtime.exceptionThrown":
                found.append(f"uncaught: {params['exceptionDetails'].get('text')} {params['exceptionDetails'].get('exception', {}).get('description', '')}")
            elif event["method"] == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                found.append(f"console.{params['type']}: {[a.get('value', a.get('description')) for a in params.get('args', [])]}")
            elif event["method"] == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                found.append(f"log: {params['entry'].get('text')}")
        return found

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"]

    def screenshot(self, target: Path, width: int) -> Path:
        """The whole page at `width` CSS pixels, as PNG."""
        self.viewport(width, 900)
        height = self.js("Math.ceil(document.documentElement.scrollHeight)")
        self.viewport(width, min(height, 16000))
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        target.write_bytes(base64.b64decode(data))
        return target


@pytest.fixture(scope="module")
def chromium() -> str:
    executable = find_chromium()
    if executable is None:
        pytest.skip("Chromium not found (apt-get install chromium, or set CHROMIUM=/path/to/chrome); .ci/run installs it")
    return executable


@pytest.fixture(scope="module")
def graded(tmp_path_factory, course):
    """A grading folder as `autograder grade` leaves it: report.html and each student's feedback.html."""
    folder = tmp_path_factory.mktemp("graded")
    klass = sample_class(course)
    for result in klass.results:
        (folder / result.student).mkdir()
        (folder / result.student / FEEDBACK_HTML).write_text(feedback_html(result, course), encoding="utf-8")
    write_report(folder, course, klass.results, klass.rows, klass.summary)
    return folder, klass


@pytest.fixture(scope="module")
def browser(chromium, tmp_path_factory):
    folder = tmp_path_factory.mktemp("chromium")
    started = Browser(chromium, folder / "profile", folder / "chromium.log")
    try:
        yield started
    finally:
        started.close()


@pytest.fixture()
def report_page(browser, graded):
    folder, klass = graded
    browser.viewport(*LAPTOP)
    browser.open(folder / "report.html")
    return browser, klass


def test_report_loads_without_errors_or_network(report_page, graded):
    browser, _ = report_page
    assert browser.problems() == []
    folder, _ = graded
    assert browser.requests() == [(folder / "report.html").as_uri()]


def test_charts_render(report_page):
    browser, klass = report_page
    bars = browser.js(
        "[...document.querySelectorAll('svg.histogram rect.bar')].map(r => ({w: r.getBBox().width, h: r.getBBox().height,"
        " n: +r.dataset.count, shown: r.getBoundingClientRect().width}))"
    )
    assert len(bars) == HISTOGRAM_BINS
    assert all(bar["w"] > 0 and bar["shown"] > 0 for bar in bars)
    assert all((bar["h"] > 0) == (bar["n"] > 0) for bar in bars)
    chart = browser.js("(() => { const r = document.querySelector('svg.histogram').getBoundingClientRect(); return [r.width, r.height]; })()")
    assert chart[0] > 400 and chart[1] > 150
    checks = browser.js(
        "[...document.querySelectorAll('svg.check-bar')].map(s => [...s.querySelectorAll('rect')]"
        ".reduce((sum, r) => sum + r.getBoundingClientRect().width, 0) / s.getBoundingClientRect().width)"
    )
    assert len(checks) == len({c.name for r in klass.results for c in r.checks})
    assert all(abs(share - 1) < 0.02 for share in checks)  # each stacked bar fills its track


def table_column(browser, index: int) -> list[str]:
    return browser.js(f"[...document.querySelectorAll('#students tbody tr')].map(r => r.cells[{index}].textContent.trim())")


def test_table_sorts_on_click(report_page):
    browser, klass = report_page
    ids = table_column(browser, 0)
    assert ids == [f"s{i}" for i in range(1, 13)]
    totals = {row.student_id: row.total for row in klass.rows}

    browser.click("#students thead th:nth-child(3) button")  # Total: highest first
    after = table_column(browser, 0)
    assert [totals[s] for s in after] == sorted(totals.values(), reverse=True)
    assert after[:2] == ["s1", "s6"]  # ties keep the report's order
    assert browser.js("document.querySelector('#students thead th:nth-child(3)').getAttribute('aria-sort')") == "descending"

    browser.click("#students thead th:nth-child(3) button")
    assert [totals[s] for s in table_column(browser, 0)] == sorted(totals.values())
    assert browser.js("document.querySelector('#students thead th:nth-child(3)').getAttribute('aria-sort')") == "ascending"

    browser.click("#students thead th:nth-child(1) button")  # Student: s2 before s10, as people count
    assert table_column(browser, 0) == [f"s{i}" for i in range(1, 13)]
    sorted_headers = browser.js("[...document.querySelectorAll('#students th[aria-sort]')].map(th => th.textContent.trim())")
    assert sorted_headers == ["Student"]
    assert browser.js("document.getElementById('sort-status').textContent") == "Sorted by Student, ascending."
    assert browser.problems() == []


def test_layout_fits_a_laptop_and_a_phone_without_sideways_scrolling(report_page):
    browser, _ = report_page
    for width, height in (LAPTOP, PHONE):
        browser.viewport(width, height)
        overflow = browser.js("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    # On a phone only the student table scrolls, inside its own region.
    assert browser.js("getComputedStyle(document.querySelector('.table-scroll')).overflowX") == "auto"
    size = browser.js("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 16


def test_print_keeps_charts_and_drops_controls(report_page, tmp_path):
    browser, _ = report_page
    browser.send("Emulation.setEmulatedMedia", media="print")
    try:
        assert browser.js("getComputedStyle(document.querySelector('nav')).display") == "none"
        assert browser.js("getComputedStyle(document.querySelector('#students th button'), '::after').content") == "none"
        assert browser.js("getComputedStyle(document.querySelector('.table-scroll')).overflowX") == "visible"
        assert browser.js("document.querySelector('svg.histogram').getBoundingClientRect().height") > 0
    finally:
        browser.send("Emulation.setEmulatedMedia", media="")
    pdf = base64.b64decode(browser.send("Page.printToPDF", printBackground=True)["data"])
    assert pdf.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(pdf)


def test_report_screenshot(report_page, tmp_path):
    browser, _ = report_page
    shot = browser.screenshot(tmp_path / "report.png", LAPTOP[0])
    assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and shot.stat().st_size > 20_000
    shutil.copyfile(shot, "/tmp/report-screenshot.png")
    assert browser.problems() == []


def test_feedback_page_from_a_report_link(report_page, graded, tmp_path):
    browser, _ = report_page
    folder, _ = graded
    href = browser.js("document.querySelector('article.misconception a').getAttribute('href')")
    assert href == "s2/feedback.html#check-6"
    browser.viewport(*LAPTOP)
    browser.open(folder / "s2" / "feedback.html")
    assert browser.problems() == []
    assert browser.requests() == [(folder / "s2" / "feedback.html").as_uri()]
    box = browser.js("document.querySelector('#check-6 .misconception').innerText")
    assert "applied ReLU to the output node" in box
    for width, height in (LAPTOP, PHONE):
        browser.viewport(width, height)
        assert browser.js("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    shot = browser.screenshot(tmp_path / "feedback.png", 900)
    shutil.copyfile(shot, "/tmp/feedback-screenshot.png")


def test_hostile_text_stays_text_in_the_browser(browser, graded):
    folder, _ = graded
    browser.viewport(*LAPTOP)
    for page in ("report.html", f"s9/{FEEDBACK_HTML}", f"s8/{FEEDBACK_HTML}"):
        browser.open(folder / page)
        assert browser.js("document.scripts.length") == (1 if page == "report.html" else 0)
        assert browser.problems() == []
    assert '<script>alert("x")</script>' in browser.js("document.body.innerText")


def test_the_harness_sees_console_errors_and_blocked_scripts(browser, tmp_path):
    """The checks above mean something only if errors and CSP refusals do reach `problems()`."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'sha256-AAAA'\">"
        "</head><body><script>document.title = 'ran';</script></body></html>",
        encoding="utf-8",
    )
    browser.open(page)
    assert browser.js("document.title") != "ran"
    assert any("Content Security Policy" in problem for problem in browser.problems())
    page.write_text("<!DOCTYPE html><script>console.error('boom'); throw new Error('bang');</script>", encoding="utf-8")
    browser.open(page)
    found = " ".join(browser.problems())
    assert "boom" in found and "bang" in found
