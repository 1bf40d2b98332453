"""One submission from one tree: walk it, choose the wanted files, read them under the limits."""

from __future__ import annotations

import difflib
from collections import deque
from dataclasses import dataclass, field

from .names import is_clutter, show
from .reading import Budget, Rejected, check_content
from .records import IntakeLimits, Wanted
from .trees import Node, open_nested_zip

__all__ = ["Gathered", "gather", "is_zip"]

# Released trees are three folders deep at most (project/exercises/03_relu); deeper is not student work.
MAX_FOLDER_DEPTH = 8
_IGNORED_SHOWN = 12


def is_zip(node: Node) -> bool:
    return not node.is_dir and node.name.lower().endswith(".zip")


@dataclass
class Gathered:
    files: dict[str, bytes] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    rejected: bool = False  # something could not be read: corrupt, too large, too deep, a bomb
    unreadable: bool = False  # the upload itself (a student's zip) could not be opened at all
    warnings: list[str] = field(default_factory=list)  # for the run: the upload seems to speak for others

    @property
    def status(self) -> str:
        if self.files:
            return "ok"
        return "unreadable" if self.unreadable else "rejected" if self.rejected else "empty"


@dataclass(frozen=True)
class _Candidate:
    key: tuple
    node: Node
    path: str


def _rank(name: str, folders: tuple[str, ...], wanted: Wanted) -> int:
    """0: the released place (03_relu/relu.py); 1: anywhere else; 2: inside a solutions/ folder."""
    if "solutions" in folders:
        return 2
    return 0 if folders and wanted.files.get(name) == folders[-1] else 1


def gather(
    root: Node,
    *,
    wanted: Wanted,
    limits: IntakeLimits,
    zip_depth: int,
    budget: Budget | None = None,
    metadata: frozenset[str] = frozenset(),
    problems: list[str] | None = None,
) -> Gathered:
    """Collect the wanted files under `root`, which sits inside `zip_depth` zips.

    Files may be flat, in the released tree, or below extra folders and zips; when one name is
    found twice the latest LMS version wins, then the released place, then the shallowest.
    `metadata` names files at the root that are read elsewhere (nbgrader's timestamp.txt).
    """
    budget = budget if budget is not None else Budget(limits.max_total_bytes)
    found = Gathered(problems=list(problems or ()))
    candidates: dict[str, list[_Candidate]] = {}
    ignored: list[str] = []
    too_deep: list[str] = []
    seen = 0
    queue = deque([(root, "", 0, zip_depth, root.version, ())])
    while queue:
        folder, prefix, depth, zips, version, folders = queue.popleft()
        kids, skips = folder.listing()
        for skip in skips:
            where = (prefix + skip.name).rstrip("/!") or folder.shown
            found.problems.append(f"{skip.message}: {show(where)}")
            # A refused course file (a link named relu.py) is a rejection, not an empty submission.
            found.rejected |= skip.fatal or wanted.wants(skip.name.replace("\\", "/").rsplit("/", 1)[-1])
        for kid in kids:
            if is_clutter(kid.name) or (folder is root and kid.name in metadata):
                continue
            seen += 1
            if seen > limits.max_entries:
                found.problems.append(f"stopped looking after max_entries={limits.max_entries} files and folders")
                found.rejected = True
                queue.clear()
                break
            path = prefix + kid.shown
            kid_version = kid.version if kid.version != (0, 0) else version
            if kid.is_dir:
                if kid.name == "submitted":
                    # nbgrader's layout names students; inside one upload it names no one: these are its own files.
                    others = sorted(k.name for k in kid.listing()[0] if k.is_dir and not is_clutter(k.name))
                    note = (
                        f"{show(path)} is an nbgrader submitted/ tree naming {', '.join(others[:5]) or 'no one'}"
                        f"{' and others' if len(others) > 5 else ''}; graded as this student's own files"
                    )
                    found.warnings.append(note)
                    found.problems.append(note)
                if depth + 1 > MAX_FOLDER_DEPTH:
                    too_deep.append(path)
                else:
                    queue.append((kid, path + "/", depth + 1, zips, kid_version, folders + (kid.name,)))
            elif is_zip(kid):
                if zips + 1 > limits.max_zip_depth:
                    found.problems.append(
                        f"{show(path)} rejected: zips nested {zips + 1} deep, more than max_zip_depth={limits.max_zip_depth}"
                    )
                    found.rejected = True
                    continue
                try:
                    inner = open_nested_zip(kid, limits, budget)
                except Rejected as error:
                    found.problems.append(f"{show(path)} rejected: {error}")
                    found.rejected = found.unreadable = True
                    continue
                queue.append((inner, path + "!", depth + 1, zips + 1, kid_version, folders))
            elif wanted.wants(kid.name):
                key = (-kid_version[0], -kid_version[1], _rank(kid.name, folders, wanted), depth, path)
                candidates.setdefault(kid.name, []).append(_Candidate(key, kid, path))
            else:
                ignored.append(path + _did_you_mean(kid.name, wanted))
    if too_deep:
        found.problems.append(f"folders deeper than {MAX_FOLDER_DEPTH} levels not searched: {_listed(too_deep)}")
    if ignored:
        found.problems.append(f"ignored (not a course file): {_listed(ignored)}")
    _one_notebook(candidates, found, wanted)
    for name in sorted(candidates):
        _take(name, sorted(candidates[name], key=lambda c: c.key), found, wanted, limits, budget)
    if not found.files and not found.rejected:
        found.problems.append(f"no course file found (looking for {_wanted_summary(wanted)})")
    return found


def _one_notebook(candidates: dict[str, list[_Candidate]], found: Gathered, wanted: Wanted) -> None:
    """Keep one notebook, the one that will be graded, and never read the others: a student
    uploading many large notebooks costs the memory of one. The released notebook's name wins,
    else the first by name (as the engine picks among several). If the kept one is then refused
    (too large, binary), the student has no notebook: the problems say so and why."""
    notebooks = sorted(name for name in candidates if name not in wanted.files and wanted.is_notebook(name))
    if len(notebooks) < 2:
        return
    kept = next((name for name in notebooks if name in wanted.notebooks), notebooks[0])
    ignored = [name for name in notebooks if name != kept]
    found.problems.append(f"{len(notebooks)} notebooks: took {show(kept)}; ignored {_listed(ignored)}")
    for name in ignored:
        del candidates[name]


def _take(
    name: str, ranked: list[_Candidate], found: Gathered, wanted: Wanted, limits: IntakeLimits, budget: Budget
) -> None:
    best = ranked[0]
    if len(ranked) > 1:
        others = ", ".join(show(c.path) for c in ranked[1:])
        found.problems.append(f"{name} found {len(ranked)} times: took {show(best.path)}; ignored {others}")
    try:
        data = best.node.read(limit=limits.max_file_bytes, knob="max_file_bytes", budget=budget)
        note = check_content(name, data, wanted)
    except Rejected as error:
        found.problems.append(f"{show(best.path)} rejected: {error}")
        found.rejected = True
        return
    found.files[name] = data
    if note:
        found.problems.append(f"{show(best.path)}: {note}")


def _did_you_mean(name: str, wanted: Wanted) -> str:
    if not name.lower().endswith(".py"):
        return ""
    close = difflib.get_close_matches(name, list(wanted.files), n=1, cutoff=0.75)
    return f" (did you mean {close[0]}?)" if close else ""


def _listed(paths: list[str]) -> str:
    shown = ", ".join(show(p) for p in paths[:_IGNORED_SHOWN])
    more = len(paths) - _IGNORED_SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _wanted_summary(wanted: Wanted) -> str:
    names = sorted(wanted.files)
    listed = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    if wanted.notebook_suffix:
        return f"{listed} or a {wanted.notebook_suffix} notebook" if names else f"a {wanted.notebook_suffix} notebook"
    return listed
