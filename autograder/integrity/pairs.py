"""Pairs of submissions ranked by how much of their own code they share, per exercise.

Pure: texts in, records out. What every student was given (stub, lesson, README code) is
ignored, and so is code that more than half of a class wrote alike (the idiomatic line for a
dot product is no sign of copying). A pair is flagged for a person to look at when each side
has at least `flag_share` of its own code in the other, and the shared code is not tiny.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from itertools import combinations
from typing import Mapping, Sequence

from autograder.integrity.fingerprints import NOISE, Fingerprint, fingerprint, overlap

__all__ = ["ExerciseSimilarity", "Settings", "Side", "SimilarPair", "Similarity", "compare"]


@dataclass(frozen=True)
class Settings:
    noise: int = NOISE  # filtered characters: shorter matches are not seen
    flag_share: float = 0.6  # each side's share of its own code found in the other
    min_matched: int = 60  # filtered characters shared, at least (a one-line function is common by nature)
    common_share: float = 0.5  # fingerprints in more than this share of a class's submissions are ignored...
    common_min_class: int = 10  # ...once an exercise has this many (in a smaller class one copied pair would be a third of it)


@dataclass(frozen=True)
class Side:
    student: str
    source: str  # the file the code came from: "relu.py", or a notebook's name
    share: float  # of this student's own code (not given, not class-wide), the part found in the other
    lines: tuple[int, ...]  # 1-based lines of the code that hold shared code (given lines and blanks left out)


@dataclass(frozen=True)
class SimilarPair:
    exercise: str
    first: Side  # the smaller student id, in natural order ("s2" before "s10")
    second: Side
    score: float  # the smaller of the two shares: both must share it
    matched: int  # filtered characters of shared code
    flagged: bool


@dataclass(frozen=True)
class ExerciseSimilarity:
    exercise: str
    compared: int  # submissions with code of their own for this exercise
    ignored_common: int  # fingerprints ignored because most of the class wrote them
    pairs: tuple[SimilarPair, ...]  # every pair sharing anything, highest score first


@dataclass(frozen=True)
class Similarity:
    exercises: tuple[ExerciseSimilarity, ...]
    settings: Settings = field(default_factory=Settings)
    texts: Mapping[tuple[str, str], str] = field(default_factory=dict, compare=False)  # (exercise, student) -> code compared

    @property
    def flagged(self) -> tuple[SimilarPair, ...]:
        """Flagged pairs of every exercise, highest score first (course order on ties)."""
        pairs = [p for e in self.exercises for p in e.pairs if p.flagged]
        return tuple(sorted(pairs, key=_rank_key))


def _natural(text: str) -> list:
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part]


def _rank_key(pair: SimilarPair) -> tuple:
    return (-pair.score, -pair.matched, _natural(pair.first.student), _natural(pair.second.student))


def _lines(text: str, spans: Sequence[tuple[int, int]], given: frozenset[str]) -> tuple[int, ...]:
    starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    rows = text.split("\n")
    found = set()
    for start, end in spans:
        for line in range(bisect.bisect_right(starts, start), bisect.bisect_right(starts, max(start, end - 1)) + 1):
            stripped = rows[line - 1].strip()
            if stripped and stripped not in given:
                found.add(line)
    return tuple(sorted(found))


def _exercise(exercise: str, code: Mapping[str, tuple[str, str]], given: Sequence[str], settings: Settings) -> ExerciseSimilarity:
    ignored: set[int] = set()
    for text in given:
        ignored |= fingerprint(text).hashes
    given_lines = frozenset(line.strip() for text in given for line in text.split("\n"))
    students = sorted(code, key=_natural)
    prints: dict[str, Fingerprint] = {}
    for student in students:
        own = fingerprint(code[student][1], ignored)
        if own.size:  # the stub handed back unchanged has nothing to compare
            prints[student] = own
    common: set[int] = set()
    if len(prints) >= settings.common_min_class:
        counts: dict[int, int] = {}
        for own in prints.values():
            for h in own.hashes:
                counts[h] = counts.get(h, 0) + 1
        common = {h for h, n in counts.items() if n > settings.common_share * len(prints)}
        if common:
            prints = {s: fingerprint(code[s][1], ignored | common) for s in prints}
            prints = {s: own for s, own in prints.items() if own.size}
    pairs = []
    for a, b in combinations([s for s in students if s in prints], 2):
        if prints[a].hashes.isdisjoint(prints[b].hashes):
            continue
        found = overlap(prints[a], prints[b])
        if not found.matched:
            continue
        sides = tuple(
            Side(student=s, source=code[s][0], share=share, lines=_lines(code[s][1], spans, given_lines))
            for s, share, spans in zip((a, b), found.shares, found.spans)
        )
        score = min(found.shares)
        pairs.append(
            SimilarPair(
                exercise=exercise,
                first=sides[0],
                second=sides[1],
                score=score,
                matched=found.matched,
                flagged=score >= settings.flag_share and found.matched >= settings.min_matched,
            )
        )
    return ExerciseSimilarity(exercise=exercise, compared=len(prints), ignored_common=len(common), pairs=tuple(sorted(pairs, key=_rank_key)))


def compare(
    code: Mapping[str, Mapping[str, tuple[str, str]]], given: Mapping[str, Sequence[str]], settings: Settings = Settings()
) -> Similarity:
    """Rank the pairs of every exercise in `code` (exercise -> student -> (source, text)), in its order.

    `given`: exercise -> the texts every student was given (ignored wherever they appear).
    """
    exercises = tuple(_exercise(name, students, given.get(name, ()), settings) for name, students in code.items())
    texts = {(name, student): text for name, students in code.items() for student, (_, text) in students.items()}
    return Similarity(exercises=exercises, settings=settings, texts=texts)
