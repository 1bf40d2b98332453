"""Writing the grader's own files: one atomic write, one safe folder name per student."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

__all__ = ["student_folder", "write_atomic"]


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


def student_folder(student_id: str) -> str:
    """A safe folder name for a student id (ids come from file names in LMS downloads)."""
    cleaned = re.sub(r"[^A-Za-z0-9._@-]", "_", student_id).strip("._") or "student"
    return cleaned[:80]
