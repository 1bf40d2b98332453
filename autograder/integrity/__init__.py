"""Academic-integrity hints: which submissions look alike, for a person to judge (never a grade).

`compare` ranks pairs per exercise (pairs.py) from fingerprints (fingerprints.py, copydetect)
of the code each student wrote (sources.py), read from the copies `grade` keeps (kept.py).
"""

from autograder.integrity.fingerprints import LibraryMissing
from autograder.integrity.kept import KEPT, keep, kept
from autograder.integrity.pairs import ExerciseSimilarity, Settings, Side, SimilarPair, Similarity, compare
from autograder.integrity.sources import exercise_code, given_code
from autograder.integrity.unavailable import LIBRARY_MISSING, NOTHING_KEPT, Unavailable

__all__ = [
    "KEPT", "LIBRARY_MISSING", "NOTHING_KEPT", "ExerciseSimilarity", "LibraryMissing", "Settings", "Side", "SimilarPair", "Similarity", "Unavailable",
    "compare", "exercise_code", "given_code", "keep", "kept",
]
