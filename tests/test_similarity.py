"""Similarity hints: planted copies rank top, honest work and the stub do not, and every
output (records, pages, report section, the command) is the same bytes on every run.

The class is generated from the golden cases (tests/similarity_class.py): copies with renamed
variables, reformatted copies, honest independent solutions, stubs handed back unchanged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path

import pytest
from similarity_class import HONEST, PLANTED, STUBS, planted_class, write_class

from autograder import cli
from autograder.files import student_folder
from autograder.integrity import LIBRARY_MISSING, NOTHING_KEPT, Settings, Unavailable, compare, exercise_code, given_code, keep, kept
from autograder.render.report import render_report
from autograder.render.similarity import REPORT_LIMIT, pair_page, pair_path
from autograder.commands.similarity import write_similarity

ROOT = Path(__file__).resolve().parents[1]


def class_code(course, klass):
    code = {e.name: {} for e in course.exercises}
    for student, files in klass.items():
        for exercise, source in exercise_code(course, files).items():
            code[exercise][student] = source
    return code


def given(course):
    return {e.name: given_code(course, e) for e in course.exercises}


@pytest.fixture(scope="module")
def klass(course):
    return planted_class(course)


@pytest.fixture(scope="module")
def similarity(course, klass):
    return compare(class_code(course, klass), given(course))


def test_planted_pairs_rank_top_in_every_exercise_and_honest_pairs_are_not_flagged(course, similarity):
    for entry in similarity.exercises:
        students = {s for p in entry.pairs for s in (p.first.student, p.second.student)}
        planted_here = {pair for pair in PLANTED if set(pair) <= students}
        ranked = [(p.first.student, p.second.student) for p in entry.pairs]
        assert set(ranked[: len(planted_here)]) == planted_here, (entry.exercise, ranked)
        for pair in entry.pairs:
            key = (pair.first.student, pair.second.student)
            assert pair.flagged == (key in PLANTED), (entry.exercise, key, pair.score)
    # Every planted copy is found in every exercise where both sides handed in their own code.
    assert {(p.exercise, p.first.student, p.second.student) for p in similarity.flagged} == {
        (e.name, a, b) for e in course.exercises for a, b in PLANTED if e.file in planted_class(course)[b]
    }


def test_honest_independent_solutions_share_little(similarity):
    honest = set(combinations(HONEST, 2))
    scores = [p.score for e in similarity.exercises for p in e.pairs if (p.first.student, p.second.student) in honest]
    assert max(scores, default=0.0) < Settings().flag_share / 2


def test_a_stub_handed_back_unchanged_is_not_compared(course, klass, similarity):
    for exercise, entry in zip(course.exercises, similarity.exercises):
        assert not any({p.first.student, p.second.student} & set(STUBS) for p in entry.pairs)
        assert entry.compared == sum(exercise.file in files for student, files in klass.items() if student not in STUBS)


def test_highlighted_lines_are_the_students_own_never_the_stubs(course, similarity):
    stub_lines = {
        e.name: {line.strip() for line in (course.exercises_dir / e.name / e.file).read_text(encoding="utf-8").splitlines()} for e in course.exercises
    }
    for pair in similarity.flagged:
        for side in (pair.first, pair.second):
            text = similarity.texts[(pair.exercise, side.student)].split("\n")
            assert side.lines, (pair.exercise, side.student)
            assert all(text[n - 1].strip() and text[n - 1].strip() not in stub_lines[pair.exercise] for n in side.lines)


def test_a_line_repeated_in_a_file_is_highlighted_every_time(course):
    # copydetect's own boilerplate filter would drop the earlier copies of a repeated k-gram
    # (share 0.75, line 3 unmarked), so the stub's fingerprints are taken out by integrity.
    body = "    a = (input_data * weights['node0']).sum() + (input_data * weights['node1']).sum()\n"
    thrice = "def predict(input_data, weights):\n" + body * 3 + "    return a\n"
    once = "def predict(input_data, weights):\n" + body + "    return a\n"
    found = compare({"01_forward_propagation": {"x": ("f.py", thrice), "y": ("f.py", once)}}, given(course))
    (pair,) = found.exercises[0].pairs
    assert (pair.first.lines, pair.first.share) == ((2, 3, 4, 5), 1.0)


def test_code_most_of_a_large_class_wrote_alike_is_not_a_sign_of_copying(course):
    idiom = "def relu(input):\n    return max(0, input)\n\n\ndef predict_with_relu(input_data, weights):\n    hidden = [relu((input_data * weights[k]).sum()) for k in ('node0', 'node1')]\n    return (hidden * weights['output']).sum()\n"
    code = {"03_relu": {f"s{i}": ("relu.py", idiom + f"\n\nNUMBER_{i} = {i} * {i} + {i}\n") for i in range(12)}}
    found = compare(code, given(course))
    assert found.exercises[0].ignored_common > 0 and not found.flagged
    small = compare({"03_relu": dict(list(code["03_relu"].items())[:3])}, given(course))
    assert small.exercises[0].ignored_common == 0 and len(small.flagged) == 3  # too few to tell an idiom from a copy


def _compare_in_a_process(seed: str, course_root: Path) -> str:
    script = (
        "import sys, json; sys.path.insert(0, 'tests')\n"
        "from dataclasses import asdict\n"
        "from autograder.course import load\n"
        "from test_similarity import class_code, given\n"
        "from similarity_class import planted_class\n"
        "from autograder.integrity import compare\n"
        "course = load('.')\n"
        "found = compare(class_code(course, planted_class(course)), given(course))\n"
        "print(json.dumps([asdict(e) for e in found.exercises]))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-c", script], cwd=course_root, env=env, capture_output=True, text=True, check=True).stdout


def test_the_ranking_is_the_same_whatever_python_seeds_its_string_hashes_with(course):
    # copydetect hashes k-grams with hash(), seeded afresh in every process.
    assert _compare_in_a_process("1", ROOT) == _compare_in_a_process("2", ROOT)


def test_notebook_cells_are_compared_per_exercise(course):
    import nbformat

    cell = nbformat.v4.new_code_cell("def relu(input):\n    return max(0, input)\n")
    tagged = nbformat.v4.new_code_cell("x = 1\n", metadata={"autograder": {"exercise": "01_forward_propagation"}})
    notebook = nbformat.v4.new_notebook(cells=[cell, tagged])
    found = exercise_code(course, {"hw.ipynb": nbformat.writes(notebook).encode()})
    assert found == {"01_forward_propagation": ("hw.ipynb", "x = 1\n"), "03_relu": ("hw.ipynb", "def relu(input):\n    return max(0, input)\n")}
    assert exercise_code(course, {"hw.ipynb": b"not a notebook"}) == {}


def test_the_kept_copy_is_exactly_the_latest_upload(tmp_path):
    keep(tmp_path, {"relu.py": b"one", "multilayer.py": b"two"})
    keep(tmp_path, {"relu.py": b"three", "../escape.py": b"no", ".hidden": b"no"})
    assert kept(tmp_path) == {"relu.py": b"three"}
    assert not (tmp_path.parent / "escape.py").exists()
    assert kept(tmp_path / "nobody") == {}


# ----------------------------------------------------------------------------- pages


class Page(HTMLParser):
    """Text, links, highlighted rows and scripts of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.text, self.links, self.shared, self.scripts, self._row = [], [], 0, 0, None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag == "tr" and "shared" in (attrs.get("class") or "").split():
            self.shared += 1
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def test_a_pair_page_shows_both_submissions_and_says_it_is_a_hint_never_a_penalty(course, similarity):
    pair = next(p for p in similarity.flagged if p.exercise == "03_relu" and p.first.student == "ana")
    page = Page(pair_page(course, similarity, pair))
    assert "A hint, not a verdict" in page.words and "never a penalty" in page.words
    assert "def predict_with_relu(v2_atad_tupni, v9_sthgiew):" in page.words  # ben's own code, as submitted
    assert page.shared == len(pair.first.lines) + len(pair.second.lines)
    assert page.scripts == 0
    up = "../../../"
    assert {f"{up}ana/feedback.html", f"{up}ben/feedback.html", f"{up}report.html#similarity"} <= set(page.links)
    assert str(pair_path(pair)) == "similarity/03_relu/ana/ben.html"


def test_student_code_on_a_page_stays_text(course):
    hostile = "def relu(input):\n    s = '<script>alert(1)</script>'\n    return max(0, input) if s else 0\n\n\nX = [i * i + 2 * i for i in range(10)]\n"
    found = compare({"03_relu": {"a": ("relu.py", hostile), "b": ("relu.py", hostile)}}, given(course))
    text = pair_page(course, found, found.flagged[0])
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_report_lists_flagged_pairs_per_exercise_with_their_pages(course, similarity):
    page = Page(render_report(course, [], [], similarity=similarity))
    assert "Similar submissions (hints, not verdicts)" in page.words and "never a penalty" in page.words
    pages = [link for link in page.links if link.startswith("similarity/")]
    assert pages == [str(pair_path(p)) for e in similarity.exercises for p in e.pairs if p.flagged]
    assert f"{len(similarity.flagged)} pairs of submissions flagged" in page.words


@pytest.mark.parametrize(
    ("given_similarity", "words"),
    [
        (Unavailable(LIBRARY_MISSING), "pip install -e '.[similarity]'"),
        (Unavailable(NOTHING_KEPT), "Run the same `autograder grade` command again"),
        (None, "were not computed for this report"),
    ],
)
def test_the_report_says_why_similarity_was_not_computed(course, given_similarity, words):
    page = Page(render_report(course, [], [], similarity=given_similarity))
    assert words in page.words and "never a penalty" in page.words


def test_the_class_files_step_writes_the_same_pages_every_run_and_drops_stale_ones(course, klass, tmp_path):
    for student, files in klass.items():
        keep(tmp_path / student_folder(student), files)
    first = write_similarity(course, tmp_path, list(klass))
    pages = sorted((tmp_path / "similarity").rglob("*.html"))
    assert len(pages) == len(first.flagged)
    before = {p: p.read_bytes() for p in pages}
    stale = tmp_path / "similarity" / "03_relu" / "old" / "gone.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("stale", encoding="utf-8")
    write_similarity(course, tmp_path, list(klass))
    assert {p: p.read_bytes() for p in sorted((tmp_path / "similarity").rglob("*.html"))} == before
    assert not stale.parent.exists()


def test_a_class_sharing_one_file_gets_pages_for_the_first_pairs_of_each_exercise_only(course, klass, tmp_path):
    copies = [f"s{i}" for i in range(9)]  # 36 pairs, under the class size that ignores class-wide code
    for student in copies:
        keep(tmp_path / student, klass["ana"])
    found = write_similarity(course, tmp_path, copies)
    shared = [e for e in course.exercises if e.file in klass["ana"]]
    per_exercise = {e.name: len(list((tmp_path / "similarity" / e.name).rglob("*.html"))) for e in shared}
    assert shared and per_exercise == {e.name: REPORT_LIMIT for e in shared}
    page = Page(render_report(course, [], [], similarity=found))
    assert "11 more flagged pairs" in page.words


# ----------------------------------------------------------------------------- the command


@pytest.mark.slow
def test_cli_grade_keeps_the_code_and_similarity_ranks_the_planted_pairs(course, klass, tmp_path, capsys):
    subs = write_class({s: f for s, f in klass.items() if s in ("ana", "ben", "cleo", "hal")}, tmp_path / "subs")
    out = tmp_path / "out"
    assert cli.main(["grade", str(subs), "--out", str(out), "--course", str(course.root), "--workers", "2", "--examples", "2"]) == 0
    assert kept(out / "ben") == klass["ben"]
    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'href="similarity/03_relu/ana/ben.html"' in report
    pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "similarity").rglob("*.html"))}
    assert set(pages) == {f"similarity/{e.name}/ana/ben.html" for e in course.exercises if e.file in klass["ana"]}
    capsys.readouterr()

    assert cli.main(["similarity", str(out), "--course", str(course.root), "--top", "1"]) == 0
    printed = capsys.readouterr().out
    assert "never a penalty" in printed and "ana · ben" in printed and "cleo" not in printed
    assert "6 pair(s) flagged" in printed
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted((out / "similarity").rglob("*.html"))} == pages
    assert cli.main(["report", str(out), "--course", str(course.root)]) == 0
    assert (out / "report.html").read_text(encoding="utf-8") == report


def test_cli_similarity_on_a_folder_that_was_not_graded_says_what_to_give(course, tmp_path, capsys):
    assert cli.main(["similarity", str(tmp_path), "--course", str(course.root)]) == 2
    err = capsys.readouterr().err
    assert "holds no graded students" in err and "--out folder of `autograder grade`" in err and "Traceback" not in err


def test_cli_similarity_on_a_folder_without_kept_code_says_how_to_keep_it(course, tmp_path, capsys):
    (tmp_path / "ana").mkdir()
    (tmp_path / "ana" / "results.json").write_text(json.dumps({"extra_data": {"student": "ana"}}), encoding="utf-8")
    assert cli.main(["similarity", str(tmp_path), "--course", str(course.root)]) == 2
    assert "run the same `autograder grade` command again" in capsys.readouterr().err
