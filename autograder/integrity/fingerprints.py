"""Code fingerprints and the overlap of two of them, with copydetect (winnowing over pygments
tokens: names become V/F/O, strings S, whitespace and comments drop out, so renamed variables
and reformatting leave the fingerprints as they were).

Every k-gram is kept (window 1). copydetect hashes k-grams with Python's `hash()`, which is
seeded afresh in every process, so a wider window would pick other fingerprints on every run;
keeping them all makes the overlap independent of the seed, and a student's file is a few
hundred tokens, so it costs nothing.

Ignored fingerprints are taken out here, not by copydetect's `boilerplate` argument: 0.5.0
passes the document's own hashes to `np.intersect1d(..., assume_unique=True)`, and since a
document repeats k-grams (the same line for node0 and node1), that also drops every earlier
occurrence of a repeated k-gram that is not boilerplate at all.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import AbstractSet, Iterable

from autograder.errors import AutogradeError

__all__ = ["NOISE", "Fingerprint", "LibraryMissing", "Overlap", "fingerprint", "overlap"]

# Matches shorter than this many filtered characters are noise (copydetect's own default).
NOISE = 25
_WINDOW = 1
_LANGUAGE = "python"


class LibraryMissing(AutogradeError):
    """copydetect, the optional `similarity` extra, is not installed."""


def _copydetect():
    try:
        import copydetect  # imports matplotlib: only when similarity is computed
    except ImportError:
        raise LibraryMissing("similarity hints need the optional extra: pip install -e '.[similarity]' (copydetect)") from None
    return copydetect


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """One text's fingerprints after the ignored ones (stub, lesson, class-wide code) are taken out."""

    text: str
    hashes: AbstractSet[int]
    size: int  # filtered characters covered by the kept fingerprints: the denominator of a share
    native: object  # copydetect's CodeFingerprint, for its overlap


@dataclass(frozen=True)
class Overlap:
    """What two fingerprinted texts share."""

    matched: int  # filtered characters of the first text inside shared fingerprints
    shares: tuple[float, float]  # of each text's own (not ignored) code, the part found in the other
    spans: tuple[tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]  # character spans in each raw text


def fingerprint(text: str, ignored: Iterable[int] = ()) -> Fingerprint:
    """The fingerprints of Python `text`, less those in `ignored`."""
    library = _copydetect()
    native = library.CodeFingerprint("code.py", NOISE, _WINDOW, language=_LANGUAGE, fp=io.StringIO(text))
    ignored = frozenset(ignored)
    if ignored:
        native.hash_idx = {h: where for h, where in native.hash_idx.items() if int(h) not in ignored}
        native.hashes = set(native.hash_idx)
        native.token_coverage = library.utils.get_token_coverage(native.hash_idx, NOISE, len(native.filtered_code))
    return Fingerprint(text=text, hashes=frozenset(int(h) for h in native.hashes), size=int(native.token_coverage), native=native)


def overlap(first: Fingerprint, second: Fingerprint) -> Overlap:
    """The shared code of two fingerprints (copydetect's `compare_files`)."""
    matched, shares, slices = _copydetect().compare_files(first.native, second.native)
    if not matched:
        return Overlap(matched=0, shares=(0.0, 0.0), spans=((), ()))
    spans = tuple(tuple((int(start), int(end)) for start, end in zip(side[0], side[1])) for side in slices)
    return Overlap(matched=int(matched), shares=(round(float(shares[0]), 4), round(float(shares[1]), 4)), spans=spans)
