"""The copy of each student's submitted course files that `grade` keeps in the grading folder,
`DIR/<student>/submitted/<file>`, so similarity (and a person) can read the code later from DIR
alone, as `report` rebuilds everything else from DIR alone."""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from autograder.files import write_atomic

__all__ = ["KEPT", "keep", "kept"]

KEPT = "submitted"


def _plain(name: str) -> bool:
    # Intake hands over bare file names; anything else is never written, whatever it holds.
    return bool(name) and name == Path(name).name and name not in (".", "..") and not name.startswith(".")


def keep(folder: Path, files: Mapping[str, bytes]) -> None:
    """Make `folder/submitted/` hold exactly `files`: a file left from an earlier upload goes."""
    target = folder / KEPT
    wanted = {name: content for name, content in files.items() if _plain(name)}
    if target.is_dir():
        for old in target.iterdir():
            if old.name not in wanted and old.is_file():
                old.unlink()
    for name, content in sorted(wanted.items()):
        path = target / name
        try:
            if path.read_bytes() == content:
                continue  # a rerun that skips the student touches nothing
        except OSError:
            pass
        write_atomic(path, content)


def kept(folder: Path) -> dict[str, bytes]:
    """The files kept for one student (empty when none were: graded before files were kept)."""
    target = folder / KEPT
    if not target.is_dir():
        return {}
    return {path.name: path.read_bytes() for path in sorted(target.iterdir()) if path.is_file() and not path.is_symlink() and _plain(path.name)}
