"""The class report and the students' HTML feedback, read back with html.parser.

Results are built by hand (no grading), so every number the pages show is known here.
`sample_class` is shared with test_report_browser.py.
"""

from __future__ import annotations

import random
import re
import statistics
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

import pytest

from autograder.outputs import gradebook
from autograder.render.feedback_html import FEEDBACK_HTML, feedback_html
from autograder.intake.lateness import Lateness
from autograder.grading.misconception import Misconception
from autograder.render.report import HISTOGRAM_BINS, REPORT, render_report, write_report
from autograder.results import CheckResult, SubmissionResult
from autograder.intake.roster import RosterEntry

FORWARD, RELU = "01_forward_propagation", "03_relu"
# (exercise, function, check name, visible); one point each.
CHECKS = [
    (FORWARD, "node_value", "node_value: gives 40 for the lesson's customer [40, 0]", True),
    (FORWARD, "node_value", "node_value: matches the reference", False),
    (FORWARD, "predict", "predict: gives 0 when every input is 0", True),
    (RELU, "relu", "relu: is never negative", True),
    (RELU, "relu", "relu: matches the reference", False),
    (RELU, "predict_with_relu", "predict_with_relu: gives 0 for the lesson's customer", True),
    (RELU, "predict_with_relu", "predict_with_relu: matches the reference", False),
]
MAX = float(len(CHECKS))
HOSTILE = '<script>alert("x")</script>'
RELU_ON_OUTPUT = Misconception(
    function="predict_with_relu",
    id="relu-on-output",
    message="It looks like you applied ReLU to the output node too.",
    hint="Apply relu to the hidden node values only.",
    implementation=lambda input_data, weights: 0,
)
LEAKY = {
    "relu": Misconception("relu", "leaky-relu", "Negative numbers are scaled down, not set to 0.", "Return exactly 0.", abs),
    "predict_with_relu": Misconception(
        "predict_with_relu", "leaky-relu", "Negative hidden inputs are scaled down.", "A switched-off node outputs 0.", abs
    ),
}


def failure(call: str, expected: str = "0", got: str = "-1", *, reference: tuple = (), wrong: Misconception | None = None) -> dict:
    """A failed check's explanation as the engine records it: one field per part."""
    fields = {"message": f"does not match. We called {call}; expected {expected}, got {got}.", "call": call}
    if reference:
        fields["steps"] = reference
    if wrong is not None:
        fields.update(misconception_message=wrong.message, misconception_hint=wrong.hint)
    return fields


def result(student: str, problems: dict | None = None, *, name: str = "", output: str = "", late: float | None = None) -> SubmissionResult:
    """All checks pass except `problems`: check name -> (outcome, message or fields, misconception id)."""
    problems = problems or {}
    checks = []
    for exercise, function, title, visible in CHECKS:
        outcome, fields, wrong = problems.get(title, ("passed", "Passed on 100 examples.", None))
        fields = {"message": fields} if isinstance(fields, str) else fields
        checks.append(
            CheckResult(
                exercise=exercise,
                function=function,
                name=title,
                outcome=outcome,
                score=1.0 if outcome == "passed" else 0.0,
                max_score=1.0,
                visibility="visible" if visible else "after_due_date",
                public=visible,
                examples=100,
                misconception=wrong,
                **fields,
            )
        )
    extra = {"name": name, "status": "graded"}
    if late is not None:
        extra.update(late=True, late_penalty=late, lateness=f"1 day late: -{late:g} points.")
    return SubmissionResult(
        student=student,
        course="dl-intro",
        grader_version="0.1.0",
        isolation="rlimits + netns",
        checks=tuple(checks),
        output=output,
        extra=extra,
    )


def _all(outcome: str, message: str) -> dict:
    return {title: (outcome, message, None) for _, _, title, _ in CHECKS}


@dataclass
class SampleClass:
    results: list[SubmissionResult]
    rows: list[gradebook.GradeRow]
    summary: dict
    exercises: list[str] = field(default_factory=list)


def sample_class(course) -> SampleClass:
    """Eleven submissions and one absent roster student, covering every part of the report."""
    on_output = "predict_with_relu: gives 0 for the lesson's customer"
    on_output_hidden = "predict_with_relu: matches the reference"
    hidden_layers = (("hidden", "[3, 0]"), ("output", "-3.0"))

    def relu_on_output(call):
        return {
            on_output: ("failed", failure(call, "-3.0", "0", reference=hidden_layers, wrong=RELU_ON_OUTPUT), "relu-on-output"),
            on_output_hidden: ("failed", failure(call + " ", "-3.0", "0", wrong=RELU_ON_OUTPUT), "relu-on-output"),
        }

    leaky = {
        "relu: is never negative": ("failed", failure("relu(-1)", ">= 0", "-0.01", wrong=LEAKY["relu"]), "leaky-relu"),
        "relu: matches the reference": ("failed", failure("relu(-1.0)", "0", "-0.01", wrong=LEAKY["relu"]), "leaky-relu"),
        on_output: ("failed", failure("predict_with_relu(input_data=[1], weights=W)", wrong=LEAKY["predict_with_relu"]), "leaky-relu"),
    }
    never_negative = {"relu: is never negative": ("failed", failure("relu(-1)", ">= 0", "-1"), None)}
    results = [
        result("s1", name="Ada Lovelace"),
        result("s2", relu_on_output("predict_with_relu(input_data=[3, 0], weights=W)"), name="Grace Hopper"),
        result("s3", relu_on_output("predict_with_relu(input_data=[5, 0], weights=W)"), name="Alan Turing"),
        result("s4", relu_on_output("predict_with_relu(input_data=[3, 0], weights=W)"), name="Emmy Noether"),
        result("s5", leaky, name="Marie Curie"),
        result("s6", never_negative, name="Carl Gauss"),
        result(
            "s7",
            {**never_negative, "relu: matches the reference": ("failed", failure("relu(-2)", "0", "-2"), None)},
            name="Leonhard Euler",
        ),
        result(
            "s8",
            {"node_value: matches the reference": ("error", {"message": f"We called node_value([0], [0]) and it raised ValueError: {HOSTILE}", "call": "node_value([0], [0])"}, None)},
            name="Srinivasa Ramanujan",
        ),
        result("s9", _all("not_started", "relu is not started yet."), name=HOSTILE, output=f"</pre>{HOSTILE}\nsecond line"),
        result("s10", _all("no_submission", "relu.py was not submitted."), name="Claude Shannon"),
        result("s11", {"predict: gives 0 when every input is 0": ("timeout", {"message": "We called predict([0], W) and it did not return within 2 s.", "call": "predict([0], W)"}, None)}, name="Hypatia", late=1.5),
    ]
    # s9 also has the only "not started" submission; s10 submitted nothing that was graded.
    roster = [RosterEntry(id=r.student, name=str(r.extra["name"])) for r in results] + [RosterEntry(id="s12", name="Absent Student")]
    lateness = {
        r.student: Lateness(late=bool(r.extra.get("late")), days_late=1, penalty=float(r.extra.get("late_penalty", 0.0)), reason="")
        for r in results
    }
    exercises = [e.name for e in course.exercises]
    rows = gradebook.rows_from_results(results, roster, lateness, exercises, max_score=MAX)
    summary = gradebook.summary_json(results, rows, exercises=exercises)
    return SampleClass(results=results, rows=rows, summary=summary, exercises=exercises)


# ------------------------------------------------------------------ a small DOM from html.parser

VOID = {"meta", "br", "link", "img", "input", "hr", "wbr", "col", "area", "base", "source", "track", "embed", "param"}


@dataclass
class Node:
    tag: str
    attrs: dict
    children: list = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list[Node]:
        found = []
        for node in self.iter():
            if tag and node.tag != tag:
                continue
            if cls and cls not in node.attrs.get("class", "").split():
                continue
            if any(node.attrs.get(key.replace("_", "-")) != value for key, value in attrs.items()):
                continue
            found.append(node)
        return found

    def find(self, *args, **kwargs) -> Node:
        found = self.find_all(*args, **kwargs)
        assert found, f"no element matches {args} {kwargs}"
        return found[0]


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements: " + " ".join(n.tag for n in builder.stack[1:])
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ the class report


@pytest.fixture(scope="module")
def klass(course):
    return sample_class(course)


@pytest.fixture(scope="module")
def html(course, klass):
    return render_report(course, klass.results, klass.rows, klass.summary)


@pytest.fixture(scope="module")
def page(html):
    return parse(html)


def figures(page: Node) -> dict[str, str]:
    box = page.find("dl", cls="figures")
    return {squash(dt.text()): squash(dd.text()) for dt, dd in zip(box.find_all("dt"), box.find_all("dd"))}


def test_summary_figures(page, klass):
    graded = [row.total for row in klass.rows if row.status == gradebook.GRADED]
    shown = figures(page)
    assert shown["Students"] == "12"
    assert shown["Submitted"] == "11"
    assert shown["Mean"] == f"{gradebook.format_points(statistics.fmean(graded))} / 7"
    assert shown["Median"] == f"{gradebook.format_points(statistics.median(graded))} / 7"
    assert shown["Not started"] == "1"
    assert shown["Late"] == "1"
    assert shown["No submission"] == "1"


def test_histogram_has_one_bar_per_bin_holding_every_graded_total(page, klass):
    chart = page.find("svg", cls="histogram")
    bars = chart.find_all("rect", cls="bar")
    assert len(bars) == HISTOGRAM_BINS
    counts = [int(bar.attrs["data-count"]) for bar in bars]
    graded = [row.total for row in klass.rows if row.status == gradebook.GRADED]
    assert sum(counts) == len(graded) == 11
    assert counts[-1] == sum(total == MAX for total in graded)  # the maximum falls in the last bin
    assert counts[0] == sum(total < MAX / HISTOGRAM_BINS for total in graded)
    tallest = max(range(HISTOGRAM_BINS), key=counts.__getitem__)
    assert float(bars[tallest].attrs["height"]) == max(float(bar.attrs["height"]) for bar in bars) > 0
    assert all(float(bar.attrs["height"]) == 0 for bar, count in zip(bars, counts) if count == 0)


def test_checks_are_ordered_from_most_failed(page, klass):
    sections = page.find_all("section", cls="exercise-checks")
    assert [s.find("h3").attrs["id"] for s in sections] == [f"checks-{FORWARD}", f"checks-{RELU}"]
    shown_total = 0
    for section, exercise in zip(sections, (FORWARD, RELU)):
        items = section.find("ol", cls="checks").find_all("li")
        names = [squash(item.find("span", cls="name").text()) for item in items]
        rates = [float(item.find("span", cls="rate").attrs["data-rate"]) for item in items]
        titles = [title for ex, _, title, _ in CHECKS if ex == exercise]
        passed = {t: sum(c.passed for r in klass.results for c in r.checks if c.name == t) for t in titles}
        assert names == sorted(titles, key=lambda t: (passed[t] / 11, titles.index(t)))
        assert rates == sorted(rates)
        assert all(len(item.find_all("svg", cls="check-bar")) == 1 for item in items)
        shown_total += len(items)
    assert shown_total == len(CHECKS)
    relu_first = page.find("section", cls="exercise-checks", aria_labelledby=f"checks-{RELU}").find("li")
    # Wrong for s2 s3 s4 s5, not attempted by s9 (not started) and s10 (not submitted).
    assert squash(relu_first.find("span", cls="name").text()) == "predict_with_relu: gives 0 for the lesson's customer"
    assert "5 of 11 passed" in squash(relu_first.text())
    segments = {rect.attrs["class"]: float(rect.attrs["width"]) for rect in relu_first.find_all("rect")}
    assert segments == pytest.approx({"passed": 100 * 5 / 11, "wrong": 100 * 4 / 11, "idle": 100 * 2 / 11}, abs=0.01)


def test_misconceptions_are_grouped_per_function_with_an_example(page):
    groups = page.find_all("article", cls="misconception")
    summary = [(g.attrs["data-id"], int(g.attrs["data-count"]), squash(g.find("p", cls="meta").text())) for g in groups]
    assert [(ident, count) for ident, count, _ in summary] == [("relu-on-output", 3), ("leaky-relu", 1), ("leaky-relu", 1)]
    assert "relu" in summary[1][2].split(" · ")[2] and "predict_with_relu" in summary[2][2]
    top = groups[0]
    assert squash(top.find("h3").text()) == f"{RELU_ON_OUTPUT.message.rstrip('.')}: 3 students"
    example = top.find("pre").text()
    assert "input_data=[3, 0]" in example  # s2's case, the first student by id
    assert RELU_ON_OUTPUT.message not in example and "reference computes" not in example
    links = [a.attrs["href"] for a in top.find_all("a")]
    assert links[0] == "s2/feedback.html#check-6"
    assert [squash(a.text()) for a in top.find("p", cls="members").find_all("a")] == ["s2", "s3", "s4"]


def test_undiagnosed_failures_group_by_check_and_minimal_input(page):
    repeated = [g for g in page.find_all("article", cls="fallback") if g.attrs["data-count"] != "1"]
    assert len(repeated) == 1
    group = repeated[0]
    assert squash(group.find("h3").text()) == "relu: is never negative: 2 students"
    assert "input: relu(-1)" in squash(group.find("p", cls="meta").text())
    assert [squash(a.text()) for a in group.find("p", cls="members").find_all("a")] == ["s6", "s7"]
    singles = page.find("details", cls="singles")
    # s8's error and s11's timeout; not-started and not-submitted work is no misconception.
    assert squash(singles.find("summary").text()) == "2 failures seen in one submission only"
    assert [a.attrs["href"] for a in singles.find_all("a")] == ["s8/feedback.html#check-2", "s11/feedback.html#check-3"]


def test_student_table_rows_links_and_sort_buttons(page, klass, course):
    table = page.find("table", id="students")
    headers = table.find("thead").find_all("th")
    labels = [th.attrs.get("data-exercise") or squash(th.text()) for th in headers]
    assert labels == ["Student", "Name", "Total", *klass.exercises, "Status", "Late"]
    assert squash(headers[3].text()) == "01 forward propagation"
    assert all(len(th.find_all("button")) == 1 and th.attrs["scope"] == "col" for th in headers)
    assert not any("aria-sort" in th.attrs for th in headers)  # nothing sorted until asked
    rows = table.find("tbody").find_all("tr")
    assert [squash(r.find("td").text()) for r in rows] == [f"s{i}" for i in range(1, 13)]
    by_id = {squash(r.find("td").text()): r for r in rows}
    assert by_id["s1"].find("a").attrs["href"] == "s1/feedback.html"
    assert not by_id["s12"].find_all("a")  # absent: no feedback to link
    cells = by_id["s11"].find_all("td")
    assert cells[2].attrs["data-sort"] == "4.5" and squash(cells[2].text()) == "4.5 / 7"
    assert squash(cells[-2].text()) == "graded" and squash(cells[-1].text()) == "late (−1.5)"
    assert squash(by_id["s12"].find_all("td")[-2].text()) == "no submission"
    assert len(cells) == len(headers)


def test_settings_are_recorded(page, course):
    settings = page.find("dl", cls="settings")
    shown = {squash(dt.text()): squash(dd.text()) for dt, dd in zip(settings.find_all("dt"), settings.find_all("dd"))}
    assert shown["Isolation"] == "rlimits + netns (11 submissions)"
    assert shown["Grader version"] == "0.1.0"
    assert shown["Examples per check"].startswith(str(course.grading.examples_per_check))
    assert f"grading.limits.call_timeout_s = {course.grading.limits.call_timeout_s:g}" in shown["Limits (course.toml)"]
    import hypothesis
    import numpy

    assert shown["Hypothesis"] == hypothesis.__version__ and shown["numpy"] == numpy.__version__


def test_student_text_is_escaped(html, page):
    # One script element, ours; the hostile name and exception message appear only as text.
    assert html.count("<script") == 1 and "alert" not in page.find("script").text()
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    names = [squash(r.find_all("td")[1].text()) for r in page.find("table", id="students").find("tbody").find_all("tr")]
    assert HOSTILE in names  # shown as written, as text


def test_page_is_self_contained(html, page):
    policy = page.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in policy and re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", policy)
    for node in page.iter():
        for attribute in ("src", "href"):
            value = node.attrs.get(attribute, "")
            assert not re.match(r"[a-z]+:|//", value), f"<{node.tag} {attribute}={value!r}> leaves the folder"
    assert not page.find_all("link") and not page.find_all("img")


def test_same_results_give_the_same_bytes(course, klass, html):
    shuffled = list(klass.results)
    random.Random(4).shuffle(shuffled)
    again = render_report(course, shuffled, klass.rows, klass.summary)
    assert again == html
    assert "report written" not in html
    stamped = render_report(course, klass.results, klass.rows, klass.summary, generated_at="2026-12-15 09:00")
    assert "report written 2026-12-15 09:00" in stamped


def test_summary_is_computed_when_not_given(course, klass, html):
    assert render_report(course, klass.results, klass.rows) == html


def test_an_empty_class_renders(course):
    page = parse(render_report(course, [], []))
    assert figures(page)["Mean"] == "—"
    assert len(page.find("svg", cls="histogram").find_all("rect", cls="bar")) == HISTOGRAM_BINS
    assert not page.find("table", id="students").find("tbody").find_all("tr")


def test_written_report_links_every_student_feedback(tmp_path, course, klass):
    for r in klass.results:
        (tmp_path / r.student).mkdir()
        (tmp_path / r.student / FEEDBACK_HTML).write_text(feedback_html(r, course), encoding="utf-8")
    path = write_report(tmp_path, course, klass.results, klass.rows, klass.summary)
    assert path == tmp_path / REPORT
    page = parse(path.read_text(encoding="utf-8"))
    targets = {a.attrs["href"] for a in page.find_all("a") if not a.attrs["href"].startswith("#")}
    assert len(targets) > 11
    for href in targets:
        file, _, anchor = href.partition("#")
        assert (tmp_path / file).is_file(), href
        if anchor:
            assert f'id="{anchor}"' in (tmp_path / file).read_text(encoding="utf-8"), href


# ------------------------------------------------------------------ the students' feedback.html


def feedback_page(course, klass, student) -> tuple[str, Node]:
    text = feedback_html(next(r for r in klass.results if r.student == student), course)
    return text, parse(text)


def test_feedback_shows_input_reference_values_and_misconception(course, klass):
    _, page = feedback_page(course, klass, "s2")
    item = page.find("li", id="check-6")
    assert "input_data=[3, 0]" in item.find("pre").text() and "expected -3.0, got 0" in item.find("pre").text()
    assert RELU_ON_OUTPUT.message not in item.find("pre").text()
    assert squash(item.find("p", cls="reference").text()) == "For this input the reference computes: hidden = [3, 0], output = -3.0."
    box = item.find("div", cls="misconception")
    assert squash(box.text()) == f"What went wrong: {RELU_ON_OUTPUT.message} Hint: {RELU_ON_OUTPUT.hint}"
    relu = page.find("section", id=RELU)
    assert len(relu.find_all("div", cls="hint")) == 1  # the exercise's hint, once
    assert course.exercise(RELU).hint in relu.find("div", cls="hint").text()
    assert not page.find("section", id=FORWARD).find_all("div", cls="hint")  # nothing failed there
    assert squash(page.find("p", cls="score").text()) == "Score: 5 / 7"


def test_feedback_escapes_output_and_folds_not_started_functions(course, klass):
    text, page = feedback_page(course, klass, "s9")
    assert HOSTILE not in text and text.count("<script") == 0
    assert f"</pre>{HOSTILE}\nsecond line" in page.find("section", aria_labelledby="output").find("pre").text()
    assert HOSTILE in page.find("h1").text()
    folded = page.find("section", id=RELU).find_all("details")
    assert len(folded) == 2  # relu and predict_with_relu: "All 2 checks: not started"
    assert "All 2 checks:" in squash(page.find("section", id=RELU).text())
    assert len(page.find_all("li", cls="check")) == len(CHECKS)  # every check keeps its anchor
    assert {li.attrs["id"] for li in page.find_all("li", cls="check")} == {f"check-{i}" for i in range(1, len(CHECKS) + 1)}


def test_feedback_escapes_exception_messages_and_is_deterministic(course, klass):
    text, page = feedback_page(course, klass, "s8")
    assert HOSTILE not in text
    assert HOSTILE in page.find("li", id="check-2").find("pre").text()
    assert feedback_page(course, klass, "s8")[0] == text
    policy = page.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert policy.startswith("default-src 'none'") and "script-src" not in policy


def test_feedback_late_student(course, klass):
    _, page = feedback_page(course, klass, "s11")
    assert "Lateness: 1 day late: -1.5 points." in squash(page.text())
    assert "too slow" in squash(page.find("li", id="check-3").text())


def test_report_names_misconceptions_from_the_results_alone(course, klass):
    # No solutions/ folder is read: the result records carry the misconception's words.
    page = parse(render_report(course, klass.results, klass.rows, klass.summary))
    top = page.find("article", cls="misconception")
    assert top.attrs["data-id"] == "relu-on-output"
    assert squash(top.find("h3").text()) == f"{RELU_ON_OUTPUT.message.rstrip('.')}: 3 students"


def test_rewording_a_message_does_not_change_how_the_report_groups(course, klass):
    # Groups come from the call field, never from reading the message text back.
    reworded = [
        replace(r, checks=tuple(replace(c, message=c.message.replace("We called", "Calling")) for c in r.checks)) for r in klass.results
    ]
    html = render_report(course, klass.results, klass.rows, klass.summary)
    again = render_report(course, reworded, klass.rows, klass.summary)
    groups = lambda text: [(a.attrs.get("data-id"), a.attrs.get("data-count")) for a in parse(text).find_all("article")]
    assert groups(again) == groups(html)


def test_feedback_for_a_rejected_submission_shows_its_notes(course):
    rejected = SubmissionResult(
        student="s13",
        course="dl-intro",
        grader_version="0.1.0",
        isolation="",
        checks=(),
        notes=(f"relu.py could not be read: {HOSTILE}",),
    )
    text = feedback_html(rejected, course)
    page = parse(text)
    assert HOSTILE not in text and HOSTILE in page.find("pre").text()
    assert squash(page.find("p", cls="score").text()) == "Score: 0 / 0"
    assert not page.find_all("table") and not page.find_all("footer")
