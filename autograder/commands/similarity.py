"""`autograder similarity DIR`: which submissions of a graded folder look alike, per exercise.

The code compared is what `grade` keeps of each student, `DIR/<student>/submitted/`, so the
folder alone is enough (as for `report`). `write_similarity` is also the step of the class
files that `grade` and `report` run: it writes a page per flagged pair under
`DIR/similarity/` and hands the report its section; the command prints the ranking too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from rich.markup import escape

from autograder.course import Course
from autograder.errors import AutogradeError
from autograder.files import student_folder, write_atomic
from autograder.integrity import LIBRARY_MISSING, NOTHING_KEPT, LibraryMissing, Similarity, Unavailable, compare, exercise_code, given_code, kept
from autograder.render.console import console
from autograder.render.similarity import PAGES, REPORT_LIMIT, listed, pair_page, pair_path, ranking_table

__all__ = ["SimilarityError", "similarity_command", "write_similarity"]

RESULTS = "results.json"


class SimilarityError(AutogradeError):
    """The folder given to `autograder similarity` holds nothing to compare."""


def compute(course: Course, out_dir: Path, students: Iterable[str]) -> Similarity | Unavailable:
    """Compare the kept code of `students` (their ids), per exercise in course order."""
    code: dict[str, dict[str, tuple[str, str]]] = {e.name: {} for e in course.exercises}
    found = False
    for student in students:
        files = kept(out_dir / student_folder(student))
        found = found or bool(files)
        for exercise, source in exercise_code(course, files).items():
            code[exercise][student] = source
    if not found:
        return Unavailable(NOTHING_KEPT)
    given = {e.name: given_code(course, e) for e in course.exercises}
    try:
        return compare({name: students for name, students in code.items() if students}, given)
    except LibraryMissing:
        return Unavailable(LIBRARY_MISSING)


def write_pages(course: Course, out_dir: Path, similarity: Similarity) -> None:
    """A page per listed flagged pair under DIR/similarity/; pages of pairs no longer listed go."""
    written = set()
    for pair in listed(similarity):
        path = out_dir / pair_path(pair)
        text = pair_page(course, similarity, pair)
        written.add(path)
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        write_atomic(path, text)
    root = out_dir / PAGES
    if root.is_dir():
        for old in sorted(root.rglob("*.html")):
            if old not in written:
                old.unlink()
        for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
            if not any(folder.iterdir()):
                folder.rmdir()


def write_similarity(course: Course, out_dir: Path, students: Iterable[str]) -> Similarity | Unavailable:
    """The class files' similarity step: compare, write the pair pages, return the report's input."""
    similarity = compute(course, out_dir, students)
    if isinstance(similarity, Similarity):
        write_pages(course, out_dir, similarity)
    return similarity


def similarity_command(course: Course, out_dir: Path, *, top: int = 5) -> int:
    """Rank the pairs of the graded folder `out_dir`, write their pages, print the ranking."""
    students = sorted(path.parent.name for path in out_dir.glob(f"*/{RESULTS}"))
    if not students:
        raise SimilarityError(f"{out_dir} holds no graded students (no */{RESULTS}); give the --out folder of `autograder grade`.")
    ids = _student_ids(out_dir, students)
    similarity = write_similarity(course, out_dir, ids)
    if isinstance(similarity, Unavailable):
        if similarity.reason == LIBRARY_MISSING:
            raise LibraryMissing("similarity hints need the optional extra: pip install -e '.[similarity]' (copydetect)")
        raise SimilarityError(
            f"{out_dir} keeps no submitted files (graded before they were kept in <student>/submitted/); run the same `autograder grade` command again to keep them."
        )
    out = console()
    out.print(ranking_table(similarity, top=top))
    flagged = len(similarity.flagged)
    out.print(
        f"{flagged} pair(s) flagged. The code of each side by side, for the first {REPORT_LIMIT} of each exercise: "
        f"{escape(str(out_dir / PAGES))}/<exercise>/<first>/<second>.html, listed in the class report (`autograder report` rebuilds it).",
        highlight=False,
    )
    return 0


def _student_ids(out_dir: Path, folders: list[str]) -> list[str]:
    """Each graded folder's student id as results.json records it (a folder name may be a cleaned id)."""
    import json

    ids = []
    for folder in folders:
        try:
            data = json.loads((out_dir / folder / RESULTS).read_text(encoding="utf-8"))
            ids.append(str(data["extra_data"]["student"]))
        except (OSError, ValueError, KeyError, TypeError):
            ids.append(folder)
    return ids
