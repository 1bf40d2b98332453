"""Similarity hints in words: the class report's section, a page per flagged pair (the two
submissions side by side, shared lines highlighted), and the console ranking.

Every page says what the numbers are: a hint for a person to look at, never a penalty.
Pure until the caller writes the text; student code only ever reaches a page through
Jinja's autoescape, and the pages, like the report, run no script and load nothing.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Sequence
from urllib.parse import quote

from autograder.course import Course
from autograder.files import SIMILARITY_PAGES, student_folder
from autograder.integrity import LIBRARY_MISSING, NOTHING_KEPT, SimilarPair, Similarity, Unavailable
from autograder.render.feedback_html import FEEDBACK_HTML, template_environment

__all__ = ["PAGES", "REPORT_LIMIT", "listed", "pair_page", "pair_path", "ranking_table", "report_section"]

PAGES = SIMILARITY_PAGES  # DIR/similarity/, a name student_folder never gives a student
# Flagged pairs listed (and given a page) per exercise: a class that shares one leaked file
# would otherwise flag thousands of pairs; the command prints as many as asked.
REPORT_LIMIT = 25

HINT = (
    "It points a person at code worth reading and is never a penalty: nothing here changes a grade. Similar "
    "code has innocent causes (students allowed to work together, the same tutorial, a short exercise with one "
    "natural solution), so read the code and talk with the students before drawing any conclusion."
)
IGNORED = (
    "Names, spacing and comments are set aside (renaming variables or reformatting changes nothing); "
    "the stub, the lesson module and the code in the exercise's README are ignored wherever they appear"
)
UNAVAILABLE = {
    LIBRARY_MISSING: "Similarity hints were not computed: they need the optional extra (pip install -e '.[similarity]'), then `autograder report DIR` or `autograder similarity DIR`.",
    NOTHING_KEPT: "Similarity hints were not computed: no student's submitted files are kept in this folder (it was graded before they were kept). Run the same `autograder grade` command again to keep them.",
}
NOT_COMPUTED = "Similarity hints were not computed for this report."


def pair_path(pair: SimilarPair) -> PurePosixPath:
    """Where a flagged pair's page goes, relative to the grading folder: one folder per first student."""
    return PurePosixPath(PAGES, pair.exercise, student_folder(pair.first.student), f"{student_folder(pair.second.student)}.html")


def listed(similarity: Similarity) -> tuple[SimilarPair, ...]:
    """The flagged pairs the report lists and that get a page: the first REPORT_LIMIT of each exercise."""
    return tuple(p for entry in similarity.exercises for p in [q for q in entry.pairs if q.flagged][:REPORT_LIMIT])


def _href(path: PurePosixPath) -> str:
    return "/".join(quote(part) for part in path.parts)


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _ignored(similarity: Similarity) -> str:
    s = similarity.settings
    return (
        f"{IGNORED}, and so is code that more than {_percent(s.common_share)} of the submissions wrote alike "
        f"(in exercises with {s.common_min_class} or more). A pair is flagged when each side has at least "
        f"{_percent(s.flag_share)} of its own code in the other and they share at least {s.min_matched} characters "
        f"of code (counted after names and spacing are set aside)."
    )


def _row(pair: SimilarPair, up: str = "") -> dict:
    return {
        "pair": pair,
        "score": _percent(pair.score),
        "first_share": _percent(pair.first.share),
        "second_share": _percent(pair.second.share),
        "first_link": f"{up}{quote(student_folder(pair.first.student))}/{FEEDBACK_HTML}",
        "second_link": f"{up}{quote(student_folder(pair.second.student))}/{FEEDBACK_HTML}",
        "page": _href(pair_path(pair)),
    }


def report_section(course: Course, similarity: Similarity | Unavailable | None) -> dict:
    """The report's similarity section as template context (its words included)."""
    if not isinstance(similarity, Similarity):
        reason = UNAVAILABLE.get(similarity.reason, NOT_COMPUTED) if isinstance(similarity, Unavailable) else NOT_COMPUTED
        return {"computed": False, "hint": HINT, "reason": reason}
    titles = {e.name: e.title for e in course.exercises}
    exercises = []
    for entry in similarity.exercises:
        flagged = [p for p in entry.pairs if p.flagged]
        exercises.append(
            {
                "name": entry.exercise,
                "title": titles.get(entry.exercise, entry.exercise),
                "compared": entry.compared,
                "rows": [_row(p) for p in flagged[:REPORT_LIMIT]],
                "more": max(0, len(flagged) - REPORT_LIMIT),
            }
        )
    flagged = len(similarity.flagged)
    summary = (
        f"{flagged} pair{'' if flagged == 1 else 's'} of submissions flagged"
        if flagged
        else "No pair of submissions shares most of its own code"
    )
    return {"computed": True, "hint": HINT, "ignored": _ignored(similarity), "summary": summary, "exercises": exercises}


def _listing(text: str, lines: Sequence[int]) -> list[dict]:
    shared = set(lines)
    return [{"number": n, "code": code, "shared": n in shared} for n, code in enumerate(text.split("\n"), start=1)]


def pair_page(course: Course, similarity: Similarity, pair: SimilarPair) -> str:
    """One flagged pair's page: the two submissions side by side, the shared lines highlighted."""
    up = "../" * (len(pair_path(pair).parts) - 1)
    exercise = next((e for e in course.exercises if e.name == pair.exercise), None)
    sides = []
    for side in (pair.first, pair.second):
        text = similarity.texts.get((pair.exercise, side.student), "")
        other = pair.second.student if side is pair.first else pair.first.student
        sides.append(
            {
                "side": side,
                "share": f"{_percent(side.share)} of {side.student}'s own code is also in {other}'s",
                "link": f"{up}{quote(student_folder(side.student))}/{FEEDBACK_HTML}",
                "listing": _listing(text, side.lines),
                "shared_count": len(side.lines),
            }
        )
    context = {
        "title": f"{pair.exercise}: {pair.first.student} and {pair.second.student}, similar code",
        "course": course,
        "exercise_title": exercise.title if exercise else pair.exercise,
        "hint": HINT,
        "ignored": _ignored(similarity),
        "score": _percent(pair.score),
        "sides": sides,
        "report": f"{up}report.html#similarity",
    }
    return template_environment().get_template("similarity_pair.html.j2").render(context)


def ranking_table(similarity: Similarity, *, top: int):
    """The console's view: per exercise, its `top` pairs by score, flagged or not."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title="Similar submissions: hints for a person to look at, never a penalty")
    for column, justify in (("exercise", "left"), ("pair", "left"), ("similarity", "right"), ("shares", "right"), ("flagged", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for entry in similarity.exercises:
        for pair in entry.pairs[:top]:
            table.add_row(
                pair.exercise,
                escape(f"{pair.first.student} · {pair.second.student}"),
                _percent(pair.score),
                f"{_percent(pair.first.share)} / {_percent(pair.second.share)}",
                "yes" if pair.flagged else "",
            )
    return table
