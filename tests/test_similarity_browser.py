"""The report's similarity section and a pair's side-by-side page in a real headless Chromium,
with test_report_browser.py's harness and fixtures: the sample class's report, its students'
code taken from the planted class (copies, reformatted copies, honest work, stubs)."""

from __future__ import annotations

import shutil

import pytest
from similarity_class import planted_class
from test_report import sample_class
from test_report_browser import LAPTOP, PHONE, browser, chromium  # noqa: F401 (fixtures)

from autograder.commands.similarity import write_similarity
from autograder.files import student_folder
from autograder.integrity import keep
from autograder.render.feedback_html import FEEDBACK_HTML, feedback_html
from autograder.render.report import write_report

__all__ = ["browser", "chromium"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory, course):
    """A grading folder as `grade` leaves it, with each student's code kept and the pair pages written."""
    folder = tmp_path_factory.mktemp("graded-similarity")
    klass = sample_class(course)
    for result, files in zip(klass.results, planted_class(course).values()):
        keep(folder / student_folder(result.student), files)
    for result in klass.results:
        (folder / student_folder(result.student)).mkdir(exist_ok=True)
        (folder / student_folder(result.student) / FEEDBACK_HTML).write_text(feedback_html(result, course), encoding="utf-8")
    similarity = write_similarity(course, folder, [r.student for r in klass.results])
    write_report(folder, course, klass.results, klass.rows, klass.summary, similarity=similarity)
    return folder, similarity


@pytest.fixture()
def report_page(browser, graded):  # noqa: F811
    folder, similarity = graded
    browser.viewport(*LAPTOP)
    browser.open(folder / "report.html")
    return browser, similarity


def test_the_section_lists_every_flagged_pair_and_says_it_is_a_hint(report_page, graded):
    browser, similarity = report_page
    folder, _ = graded
    assert browser.problems() == [] and browser.requests() == [(folder / "report.html").as_uri()]
    rows = browser.js("document.querySelectorAll('section[aria-labelledby=similarity] tr.pair').length")
    assert rows == len(similarity.flagged) > 0
    note = browser.js("document.querySelector('section[aria-labelledby=similarity] [role=note]').innerText")
    assert "never a penalty" in note
    assert browser.js("document.querySelector('section[aria-labelledby=similarity]').getBoundingClientRect().height") > 100
    assert browser.js("[...document.querySelectorAll('nav a')].some(a => a.getAttribute('href') === '#similarity')")


def test_the_section_fits_a_laptop_and_a_phone(report_page):
    browser, _ = report_page
    for width, height in (LAPTOP, PHONE):
        browser.viewport(width, height)
        overflow = browser.js("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"


def test_a_pair_opens_side_by_side_with_the_shared_lines_highlighted(report_page, graded, tmp_path):
    browser, similarity = report_page
    folder, _ = graded
    href = browser.js("document.querySelector('a.side-by-side').getAttribute('href')")
    pair = next(p for p in similarity.flagged if href.endswith(f"/{student_folder(p.first.student)}/{student_folder(p.second.student)}.html"))
    browser.events.clear()
    browser.click("a.side-by-side")
    browser.wait_for("Page.loadEventFired")
    assert browser.js("location.href") == (folder / href).as_uri()
    assert browser.problems() == [] and browser.requests() == [(folder / href).as_uri()]
    assert "never a penalty" in browser.js("document.querySelector('[role=note]').innerText")
    assert browser.js("document.scripts.length") == 0

    shared = browser.js("[...document.querySelectorAll('.side')].map(s => s.querySelectorAll('tr.shared').length)")
    assert shared == [len(pair.first.lines), len(pair.second.lines)]
    colours = browser.js(
        "[getComputedStyle(document.querySelector('tr.shared td:last-child')).backgroundColor,"
        " getComputedStyle(document.querySelector('tr:not(.shared) td:last-child')).backgroundColor]"
    )
    assert colours[0] != colours[1]

    boxes = "[...document.querySelectorAll('.side')].map(s => { const r = s.getBoundingClientRect(); return [r.left, r.top, r.bottom]; })"
    first, second = browser.js(boxes)
    assert second[0] > first[0] and abs(second[1] - first[1]) < 1  # side by side on a laptop
    browser.viewport(*PHONE)
    first, second = browser.js(boxes)
    assert second[1] >= first[2]  # one above the other on a phone
    for width, height in (LAPTOP, PHONE):
        browser.viewport(width, height)
        assert browser.js("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    shot = browser.screenshot(tmp_path / "pair.png", LAPTOP[0])
    shutil.copyfile(shot, "/tmp/similarity-pair-screenshot.png")


def test_the_section_screenshot(report_page, tmp_path):
    browser, _ = report_page
    browser.js("document.querySelector('section[aria-labelledby=similarity]').scrollIntoView()")
    top = browser.js("document.querySelector('section[aria-labelledby=similarity]').getBoundingClientRect().top + scrollY")
    height = browser.js("document.querySelector('section[aria-labelledby=similarity]').getBoundingClientRect().height")
    import base64

    clip = {"x": 0, "y": top, "width": LAPTOP[0], "height": height, "scale": 1}
    data = browser.send("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)["data"]
    (tmp_path / "section.png").write_bytes(base64.b64decode(data))
    shutil.copyfile(tmp_path / "section.png", "/tmp/similarity-section-screenshot.png")
    assert (tmp_path / "section.png").stat().st_size > 10_000
