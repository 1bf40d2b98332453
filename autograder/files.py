"""Writing the grader's own files: one atomic write, one safe folder name per student."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path

__all__ = ["KIT_FOLDERS", "SIMILARITY_PAGES", "student_folder", "write_atomic"]


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Replace `path` with `data` all at once: readers see the old file or the new, never half."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_SAFE = re.compile(r"[A-Za-z0-9._@-]+")
_MAX_NAME = 80
# Names Windows refuses for a file or folder, whatever the extension (the folder may be unzipped there).
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
# Folders of the grading folder that are the kit's own, so never a student's (case-blind, as on macOS).
SIMILARITY_PAGES = "similarity"
KIT_FOLDERS = frozenset({SIMILARITY_PAGES})


def student_folder(student_id: str) -> str:
    """A safe folder name for a student id, distinct for distinct ids (ids come from file names
    in LMS downloads, so anything can be in them).

    A safe id is its own folder ("alice", "50112", "alice_"). Any other id is cleaned and given
    "+" and a short hash of the whole id ("Ivy Ivanov" -> "Ivy_Ivanov+1ac5706ce9"): no safe id
    holds a "+", so a cleaned id can never take the folder of another student, however spelled.
    """
    stem = student_id.split(".", 1)[0].upper()
    if _SAFE.fullmatch(student_id) and not student_id.startswith((".", "-")) and not student_id.endswith(".") and len(student_id) <= _MAX_NAME and stem not in _RESERVED | {f.upper() for f in KIT_FOLDERS}:
        return student_id
    cleaned = re.sub(r"[^A-Za-z0-9._@-]", "_", student_id).strip("._").lstrip("-")[: _MAX_NAME - 11] or "student"
    digest = hashlib.sha256(student_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{cleaned}+{digest}"
