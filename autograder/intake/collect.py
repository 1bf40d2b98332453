"""`collect`: paths in, one `Submission` per student out.

Each given path is a folder, a zip or a notebook. A folder or zip is read as the first of:
0. a wrapper: it holds one folder and nothing else, so that folder is read instead (up to 3 deep);
1. an nbgrader course: it has a `submitted/` folder, or is one;
2. one submission: it holds course work itself (a wanted file, an exercise folder, an
   `exercises/` folder holding them), or its only folder does;
3. a Canvas or Moodle download: most of its top-level entries carry that LMS's names;
4. a class: each folder, zip and notebook in it is one student (`alice/`, `bob.zip`, `carol.ipynb`);
   a folder of several notebooks is a class, a zip of notebooks is one student's upload;
5. otherwise one (perhaps empty) submission named after the path.
Entries below a student are never taken for students again.
"""

from __future__ import annotations

import os
import re
import stat
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Sequence

from .gather import Gathered, gather, is_zip
from .lms import NBGRADER_METADATA, CanvasEntry, MoodleEntry, canvas_entry, moodle_entry, parse_timestamp
from .names import is_clutter, readable, show
from .reading import Budget, Rejected
from .records import Intake, IntakeError, IntakeLimits, Submission, Wanted
from .trees import Node, Renamed, Skip, VirtualFolder, disk_file, disk_folder, open_nested_zip, open_zip_file

__all__ = ["collect"]

_TIMESTAMP_BYTES = 4096
_MAX_WRAPPERS = 3  # folders that only hold one folder, looked through before deciding the layout


def collect(paths: Sequence[Path | str], *, wanted: Wanted, limits: IntakeLimits = IntakeLimits()) -> Intake:
    """Find every student's submission in `paths` (folders, zips, notebooks; any mix), reading but never running."""
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise IntakeError(f"collect: paths={paths!r} must be a list of paths; wrap a single one: collect([path], ...)")
    if not isinstance(wanted, Wanted):
        raise IntakeError(f"collect: wanted={wanted!r} must be a Wanted(files={{'relu.py': '03_relu', ...}})")
    if not isinstance(limits, IntakeLimits):
        raise IntakeError(f"collect: limits={limits!r} must be an IntakeLimits(...)")
    collector = _Collector(wanted, limits)
    seen: set[str] = set()
    read: list[_Read] = []
    with ExitStack() as stack:
        for given in paths:
            shown = os.fspath(given)
            real = os.path.realpath(shown)
            if real in seen:
                collector.problems.append(f"{shown}: given twice; read once")
                continue
            seen.add(real)
            before = collector.marks()
            layout = collector.path(shown, real, stack)
            read.append(_Read(shown, real, layout, before, collector.marks()))
        # From the last, so the marks of the paths before stay valid: undo the first reading
        # entirely (its students, problems and warnings), then read the path as one upload.
        for item in reversed(_named_uploads(read)):
            for kept, (first, last) in zip((collector.found, collector.problems, collector.warnings), zip(item.before, item.after)):
                del kept[first:last]
            collector.path(item.shown, item.real, stack, as_student=True)  # gather warns of the tree
    return collector.intake()


@dataclass
class _Read:
    """One given path and what reading it found: its layout and its slices of the collector's lists."""

    shown: str
    real: str
    layout: str | None
    before: tuple[int, int, int]  # lengths of found, problems and warnings before it was read
    after: tuple[int, int, int]  # ... and after


def _named_uploads(read: list[_Read]) -> list[_Read]:
    """Zips given beside other paths that hold an nbgrader submitted/ tree: uploads, not courses.

    nbgrader keeps a course in folders (its exchange and `nbgrader collect` write folders), so a
    zip holding submitted/<student>/ among other given paths is some student's upload, with a
    tree that would otherwise speak for other students (and bring their timestamps).
    """
    if sum(1 for r in read if r.layout is not None) < 2:  # a missing path leaves the others as they are
        return []
    return [r for r in read if r.layout == "nbgrader" and r.shown.lower().endswith(".zip")]


@dataclass(frozen=True)
class _Found:
    submission: Submission
    attachment: int  # the largest LMS attachment id: the last tie-breaker before the origin's name
    given: str = ""  # the path given to collect() it was found under

    def order(self) -> tuple:
        """Later sorts higher: attempt, then submission time, then attachment id, then origin name."""
        s = self.submission
        when = (1, s.submitted_at.timestamp()) if s.submitted_at else (0, 0.0)
        return (s.attempt, when, self.attachment, s.origin)


class _Collector:
    def __init__(self, wanted: Wanted, limits: IntakeLimits):
        self.wanted, self.limits = wanted, limits
        self.found: list[_Found] = []
        self.problems: list[str] = []
        self.warnings: list[str] = []  # for the instructor: something in the uploads looks like foul play
        self.given = ""

    def marks(self) -> tuple[int, int, int]:
        return len(self.found), len(self.problems), len(self.warnings)

    # --- paths -----------------------------------------------------------------------------------

    def path(self, shown: str, real: str, stack: ExitStack, *, as_student: bool = False) -> str | None:
        """Read one given path; return its layout ("single", "nbgrader", "canvas", "moodle", "class"), or None."""
        self.given = shown
        try:
            mode = os.stat(real).st_mode
        except FileNotFoundError:
            self.problems.append(f"{shown}: no such file or folder")
            return None
        except OSError as error:
            self.problems.append(f"{shown}: unreadable ({error.strerror or error})")
            return None
        # Name students after the path as given (a link's name), open what it resolves to.
        name = readable(os.path.basename(os.path.abspath(shown)) or os.path.basename(real))
        if stat.S_ISDIR(mode):
            root = disk_folder(real, shown)
            if as_student:
                return self.single(root, name, "folder", 0)
            return self.tree(root, stem=name, source="folder", zip_depth=0)
        elif not stat.S_ISREG(mode):
            self.problems.append(f"{shown}: not a file or folder; skipped")
        elif name.lower().endswith(".zip"):
            try:
                root = open_zip_file(real, shown, self.limits, stack)
            except Rejected as error:
                # Named like a student's upload: that student gets a row saying so, not silence.
                unread = Gathered(problems=[f"{show(name)} could not be opened: {error}"], rejected=True, unreadable=True)
                self.add(_stem(name), None, "zip", shown, unread)
                return "single"
            if as_student:
                return self.single(root, _stem(name), "zip", 1)
            return self.tree(root, stem=_stem(name), source="zip", zip_depth=1)
        elif self.wanted.is_notebook(name):
            return self.single(VirtualFolder(name, shown, [disk_file(real, shown)]), _stem(name), "file", zip_depth=0)
        elif name in self.wanted.files:
            self.problems.append(f"{shown}: a single course file; give the folder or zip that holds it")
        else:
            self.problems.append(f"{shown}: not a folder, a .zip or a notebook; skipped")
        return None

    def tree(self, root: Node, *, stem: str, source: str, zip_depth: int, wrappers: int = 0) -> str:
        kids, skips = root.listing()
        visible = [k for k in kids if not is_clutter(k.name)]
        folders = [k for k in visible if k.is_dir]
        submitted = next((k for k in folders if k.name == "submitted"), None)
        lone = folders[0] if len(visible) == 1 and folders else None
        if lone and lone.name != "submitted" and wrappers < _MAX_WRAPPERS and not self._holds_work(lone):
            # A folder that only wraps another (an extracted or re-zipped download): look inside it.
            self._note_skips(root, skips)
            return self.tree(lone, stem=stem, source=source, zip_depth=zip_depth, wrappers=wrappers + 1)
        elif submitted is not None or stem == "submitted":
            self.nbgrader(submitted or root, zip_depth)  # the course folder's own entries are not students'
            return "nbgrader"
        elif self._holds_work(root) or lone:
            return self.single(root, stem, source, zip_depth)  # the work itself, or one extra top folder above it
        elif _most(visible, lambda k: not k.is_dir and canvas_entry(k.name, self.wanted) is not None):
            self._note_skips(root, skips)
            self.canvas(root, visible, zip_depth)
            return "canvas"
        elif _most(visible, lambda k: moodle_entry(k.name, is_dir=k.is_dir) is not None):
            self._note_skips(root, skips)
            self.moodle(root, visible, zip_depth)
            return "moodle"
        elif folders or any(is_zip(k) for k in visible) or self._several_notebooks(visible, source):
            self._note_skips(root, skips)
            self.whole_class(root, visible, zip_depth)
            return "class"
        return self.single(root, stem, source, zip_depth)  # nothing a student could be: one (perhaps empty) upload

    def _several_notebooks(self, visible: list[Node], source: str) -> bool:
        """A folder of several notebooks is a class of them; a zip of notebooks is one student's upload."""
        notebooks = [k for k in visible if not k.is_dir and self.wanted.is_notebook(k.name)]
        return source != "zip" and len(notebooks) > 1

    def _holds_work(self, folder: Node) -> bool:
        exercises = self.wanted.exercises
        for kid in folder.listing()[0]:
            if not kid.is_dir:
                if kid.name in self.wanted.files or kid.name in self.wanted.notebooks:
                    return True
            elif kid.name in exercises:
                return True
            elif kid.name == "exercises" and any(
                (g.is_dir and g.name in exercises) or (not g.is_dir and g.name in self.wanted.files)
                for g in kid.listing()[0]
            ):
                return True
        return False

    def _note_skips(self, root: Node, skips: tuple[Skip, ...]) -> None:
        for skip in skips:
            self.problems.append(f"{show(root.located(skip.name) if skip.name else root.origin)}: {skip.message}")

    # --- layouts ---------------------------------------------------------------------------------

    def single(self, root: Node, student_id: str, source: str, zip_depth: int) -> str:
        found = gather(root, wanted=self.wanted, limits=self.limits, zip_depth=zip_depth)
        self.add(student_id, None, source, root.origin, found)
        return "single"

    def whole_class(self, root: Node, visible: list[Node], zip_depth: int) -> None:
        students = 0
        for kid in visible:
            if kid.is_dir:
                self.single(kid, kid.name, "folder", zip_depth)
            elif is_zip(kid):
                self.student_zip(kid, zip_depth)
            elif self.wanted.is_notebook(kid.name):
                self.single(VirtualFolder(kid.name, kid.origin, [kid]), _stem(kid.name), "file", zip_depth)
            else:
                self.problems.append(f"{show(kid.origin)}: not a student folder, .zip or notebook; ignored")
                continue
            students += 1
        if not students:
            self.problems.append(f"{show(root.origin)}: no submissions found")

    def student_zip(self, node: Node, zip_depth: int) -> None:
        budget = Budget(self.limits.max_total_bytes)
        found = Gathered()
        if zip_depth + 1 > self.limits.max_zip_depth:
            found.problems.append(
                f"{show(node.shown)} rejected: zips nested {zip_depth + 1} deep, more than max_zip_depth={self.limits.max_zip_depth}"
            )
            found.rejected = True
        else:
            try:
                inner = open_nested_zip(node, self.limits, budget)
            except Rejected as error:
                found.problems.append(f"{show(node.shown)} rejected: {error}")
                found.rejected = found.unreadable = True
            else:
                found = gather(inner, wanted=self.wanted, limits=self.limits, zip_depth=zip_depth + 1, budget=budget)
        self.add(_stem(node.name), None, "zip", node.origin, found)

    def canvas(self, root: Node, visible: list[Node], zip_depth: int) -> None:
        students: dict[str, list[tuple[CanvasEntry, Node]]] = {}
        for kid in visible:
            entry = None if kid.is_dir else canvas_entry(kid.name, self.wanted)
            if entry is None:
                self.problems.append(f"{show(kid.origin)}: not a Canvas submission entry; ignored")
            else:
                students.setdefault(entry.user_id, []).append((entry, kid))
        for user_id, items in students.items():
            notes = [f"online {e.kind} entry ignored: {show(k.shown)}" for e, k in items if e.kind != "file"]
            pieces = [Renamed(k, e.file, (e.attempt, e.attachment_id)) for e, k in items if e.kind == "file"]
            entries = [e for e, _ in items]
            origin = root.located(entries[0].prefix + "*")
            found = gather(VirtualFolder(user_id, origin, pieces), wanted=self.wanted, limits=self.limits,
                           zip_depth=zip_depth, problems=notes)  # fmt: skip
            self.add(
                user_id,
                next((e.name for e in entries if e.name), None),
                "canvas",
                origin,
                found,
                late=any(e.late for e in entries),
                attempt=max(e.attempt for e in entries),
                attachment=max(e.attachment_id for e in entries),
            )

    def moodle(self, root: Node, visible: list[Node], zip_depth: int) -> None:
        students: dict[str, list[tuple[MoodleEntry, Node]]] = {}
        for kid in visible:
            entry = moodle_entry(kid.name, is_dir=kid.is_dir)
            if entry is None:
                self.problems.append(f"{show(kid.origin)}: not a Moodle submission entry; ignored")
            else:
                students.setdefault(entry.participant_id, []).append((entry, kid))
        for participant, items in students.items():
            notes, pieces = [], []
            for entry, kid in items:
                if entry.plugin != "file":
                    what = "online text" if entry.plugin == "onlinetext" else f"{entry.plugin} submission"
                    notes.append(f"{what} ignored: {show(kid.shown)}")
                else:
                    pieces.append(kid if kid.is_dir else Renamed(kid, entry.file or kid.name))
            origin = root.located(items[0][0].prefix + "*")
            found = gather(VirtualFolder(participant, origin, pieces), wanted=self.wanted, limits=self.limits,
                           zip_depth=zip_depth, problems=notes)  # fmt: skip
            name = next((e.name for e, _ in items if e.name), None)
            self.add(participant, name, "moodle", origin, found)

    def nbgrader(self, submitted: Node, zip_depth: int) -> None:
        kids, skips = submitted.listing()
        self._note_skips(submitted, skips)
        for student in kids:
            if is_clutter(student.name):
                continue
            if not student.is_dir:
                self.problems.append(f"{show(student.origin)}: not a student folder; ignored")
                continue
            folders = [k for k in student.listing()[0] if k.is_dir and not is_clutter(k.name)]
            notes = [f"{s.message}: {show(s.name)}" for s in student.listing()[1]] if folders else []
            if self.wanted.assignment is not None:
                folders = [k for k in folders if k.name == self.wanted.assignment]
                if not folders:
                    continue  # no submission for this assignment
            if len(folders) > 1:
                names = ", ".join(sorted(k.name for k in folders))
                notes.append(f"several nbgrader assignments ({names}); choose one with Wanted(assignment=...)")
                self.add(student.name, None, "nbgrader", student.origin, Gathered(problems=notes, rejected=True))
                continue
            folder = folders[0] if folders else student
            budget = Budget(self.limits.max_total_bytes)
            submitted_at = self._timestamp(folder, budget, notes)
            found = gather(folder, wanted=self.wanted, limits=self.limits, zip_depth=zip_depth, budget=budget,
                           metadata=NBGRADER_METADATA, problems=notes)  # fmt: skip
            self.add(student.name, None, "nbgrader", folder.origin, found, submitted_at=submitted_at)

    def _timestamp(self, folder: Node, budget: Budget, notes: list[str]) -> datetime | None:
        node = folder.child("timestamp.txt")
        if node is None or node.is_dir:
            notes.append("no timestamp.txt; no submission time recorded")
            return None
        try:
            text = node.read(limit=_TIMESTAMP_BYTES, knob="timestamp.txt size", budget=budget)
        except Rejected as error:
            notes.append(f"timestamp.txt rejected: {error}")
            return None
        when, problem = parse_timestamp(text.decode("utf-8", "replace"))
        if problem:
            notes.append(problem)
        return when

    # --- results ---------------------------------------------------------------------------------

    def add(
        self,
        student_id: str,
        name: str | None,
        source: str,
        origin: str,
        found: Gathered,
        *,
        late: bool = False,
        submitted_at: datetime | None = None,
        attempt: int = 0,
        attachment: int = 0,
    ) -> None:
        submission = Submission(
            student_id=student_id.strip() or student_id,
            name=name,
            source=source,
            origin=origin,
            late=late,
            submitted_at=submitted_at,
            files=found.files,
            problems=tuple(found.problems),
            status=found.status,
            attempt=attempt,
        )
        self.found.append(_Found(submission, attachment, self.given))
        self.warnings.extend(f"{submission.student_id}: {warning}" for warning in found.warnings)

    def intake(self) -> Intake:
        by_student: dict[str, list[_Found]] = {}
        for found in self.found:
            by_student.setdefault(found.submission.student_id, []).append(found)
        kept, superseded = [], []
        for student_id in sorted(by_student):
            ranked = sorted(by_student[student_id], key=_Found.order)
            latest, older = ranked[-1].submission, [f.submission for f in ranked[:-1]]
            if older:
                # Only the last part of each origin: this note reaches the student, the full paths stay in superseded.
                names = ", ".join(show(_last_parts(s.origin)) for s in older)
                note = f"this submission replaces {len(older)} older or duplicate one(s): {names}"
                latest = replace(latest, problems=latest.problems + (note,))
                # One student twice is the instructor's call: say which was graded, where all of them are.
                givens = list(dict.fromkeys(f.given for f in ranked))
                where = f"in {len(givens)} of the given paths ({', '.join(givens)})" if len(givens) > 1 else f"{len(ranked)} times"
                self.warnings.append(f"{student_id}: submissions found {where}; graded the latest, {show(latest.origin)}")
            kept.append(latest)
            superseded.extend(older)
        return Intake(
            submissions=tuple(kept), superseded=tuple(superseded), problems=tuple(self.problems), warnings=tuple(self.warnings)
        )


def _stem(name: str) -> str:
    stem, _ = os.path.splitext(name)
    return stem or name


def _last_parts(origin: str) -> str:
    """The last two steps of an origin, enough to tell duplicates apart: "bad/gina", "first.zip!doe_50104_*"."""
    return "".join(re.split(r"([/!\\])", origin.rstrip("/\\"))[-3:])


def _most(nodes: list[Node], matches) -> bool:
    """More than half of the entries match (and at least one does)."""
    count = sum(1 for n in nodes if matches(n))
    return count > 0 and count * 2 > len(nodes)
