"""How Canvas, Moodle and nbgrader name what they hand out: parsing only, no reading.

Canvas "Download Submissions" (ContentZipper): `<sortable name>[_late]_<user id>_<attachment id>_<file>`,
the name part lowercased and stripped to word characters, left out under anonymous grading;
online text and URL entries are `<base>_text.html` and `<base>_link.html`. A re-uploaded file may
carry a `-N` suffix (`relu-1.py`).

Moodle "Download all submissions": `<Full Name>_<participant id>_assignsubmission_<plugin>_/…`
(folders with a trailing underscore), `…_assignsubmission_<plugin>/…` (newer, none), or flat
`…_assignsubmission_<plugin>_<file>`. Under blind marking the name is "Participant".

nbgrader: `submitted/<student>/<assignment>/` with `timestamp.txt`, e.g.
`2015-02-01 09:28:58.749302 America/Los_Angeles` or `… UTC`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .records import Wanted

__all__ = ["CanvasEntry", "canvas_entry", "MoodleEntry", "moodle_entry", "parse_timestamp", "NBGRADER_METADATA"]

_CANVAS_FILE = re.compile(r"(?:(?P<name>\w+?)_)??(?P<late>late_)?(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>.+)", re.S)
_CANVAS_TEXT = re.compile(r"(?:(?P<name>\w+?)_)??(?P<late>late_)?(?P<user>\d+)_(?P<kind>text|link)\.html")
_RESUBMITTED = re.compile(r"(?P<stem>.+?)-(?P<n>\d{1,4})(?P<ext>\.[^.]+)?")
_MOODLE = re.compile(r"(?P<name>.+?)_(?P<id>\d+)_assignsubmission_(?P<plugin>[a-z]+)(?:_(?P<rest>.*))?", re.S)
_BLIND_NAME = "Participant"

NBGRADER_METADATA = frozenset({"timestamp.txt", "submission_secret.txt"})


@dataclass(frozen=True)
class CanvasEntry:
    user_id: str
    name: str | None  # the sortable name as Canvas wrote it ("doejane"), None when anonymous
    late: bool
    prefix: str  # "doejane_late_50123_": every entry of this student starts with it
    attachment_id: int  # 0 for online text and URL entries
    file: str  # the student's file name with any "-N" taken off where that makes it a wanted name
    attempt: int  # the N of a "-N" suffix, else 0
    kind: str  # "file", "text" or "link"


def canvas_entry(entry: str, wanted: Wanted) -> CanvasEntry | None:
    """Parse one top-level entry name of a Canvas submissions zip, or None when it is not one."""
    match = _CANVAS_FILE.fullmatch(entry)
    kind = "file"
    if match is None:
        match = _CANVAS_TEXT.fullmatch(entry)
        if match is None:
            return None
        kind = match["kind"]
    prefix = entry[: match.end("user") + 1]
    file, attempt = (entry, 0)
    if kind == "file":
        file, attempt = _original_name(match["file"], wanted)
    return CanvasEntry(
        user_id=match["user"],
        name=match["name"] or None,
        late=match["late"] is not None,
        prefix=prefix,
        attachment_id=int(match["attachment"]) if kind == "file" else 0,
        file=file,
        attempt=attempt,
        kind=kind,
    )


def _original_name(file: str, wanted: Wanted) -> tuple[str, int]:
    """`relu-2.py` -> ("relu.py", 2) when `relu.py` is wanted; a released name that itself ends in -N is kept."""
    match = _RESUBMITTED.fullmatch(file)
    if match is None or file in wanted.files or file in wanted.notebooks:
        return file, 0
    base = match["stem"] + (match["ext"] or "")
    if base in wanted.files or wanted.is_notebook(base) or base.lower().endswith(".zip"):
        return base, int(match["n"])
    return file, 0


@dataclass(frozen=True)
class MoodleEntry:
    participant_id: str
    name: str | None  # "Jane Doe"; None under blind marking
    plugin: str  # "file", "onlinetext", ...
    prefix: str  # "Jane Doe_1234567_": every entry of this participant starts with it
    file: str | None  # the file name in the flat layout; None for a folder


def moodle_entry(entry: str, *, is_dir: bool) -> MoodleEntry | None:
    """Parse one top-level entry name of a Moodle download, or None when it is not one."""
    match = _MOODLE.fullmatch(entry)
    if match is None:
        return None
    rest = match["rest"]
    if not is_dir and not rest:
        return None  # a file needs a name after the plugin
    name = match["name"].strip()
    return MoodleEntry(
        participant_id=match["id"],
        name=None if name == _BLIND_NAME or not name else name,
        plugin=match["plugin"],
        prefix=entry[: match.end("id") + 1],
        file=None if is_dir else rest,
    )


# --- nbgrader timestamps --------------------------------------------------------------------------

_TIMESTAMP = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{2}:\d{2}:\d{2})(?:[.,](?P<fraction>\d{1,9}))?\s*(?P<zone>.*)", re.S
)
_OFFSET = re.compile(r"(?:UTC|GMT)?(?P<sign>[+-])(?P<hours>\d{2}):?(?P<minutes>\d{2})")
# What strftime("%Z") writes for zones nbgrader users commonly run in; a label means a fixed offset.
# Ambiguous labels are read the North American / British way (CST: US Central, BST: British Summer
# Time); IST is left unknown.
_ABBREVIATIONS = {
    "UTC": 0, "UCT": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "HST": -10, "AKST": -9, "AKDT": -8, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6,
    "CST": -6, "CDT": -5, "EST": -5, "EDT": -4,
}  # fmt: skip


def parse_timestamp(text: str) -> tuple[datetime | None, str | None]:
    """Read a timestamp.txt leniently: (aware datetime or None, a problem to report or None)."""
    text = text.strip()
    match = _TIMESTAMP.fullmatch(text)
    if match is None:
        return None, f"timestamp.txt not understood ({text[:60]!r}); no submission time recorded"
    try:
        moment = datetime.strptime(f"{match['date']} {match['time']}", "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None, f"timestamp.txt holds an impossible date ({text[:60]!r}); no submission time recorded"
    fraction = (match["fraction"] or "0")[:6].ljust(6, "0")
    zone, problem = _zone(match["zone"].strip())
    return moment.replace(microsecond=int(fraction), tzinfo=zone), problem


def _zone(label: str) -> tuple[tzinfo, str | None]:
    if not label:
        return timezone.utc, "timestamp.txt has no time zone; assumed UTC"
    if label.upper() in _ABBREVIATIONS:
        return timezone(timedelta(hours=_ABBREVIATIONS[label.upper()])), None
    offset = _OFFSET.fullmatch(label)
    if offset is not None:
        minutes = int(offset["hours"]) * 60 + int(offset["minutes"])
        if minutes < 24 * 60:
            return timezone(timedelta(minutes=-minutes if offset["sign"] == "-" else minutes)), None
    try:
        return ZoneInfo(label), None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return timezone.utc, f"unknown time zone {label[:40]!r} in timestamp.txt; assumed UTC"
