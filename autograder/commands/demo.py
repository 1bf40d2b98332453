"""`make demo`: build a sample class as a Canvas download, grade it, and show the result.

The class is made of the golden cases in tests/cases (correct solutions in several styles
and the usual mistakes) plus two hostile submissions, each zipped the way Canvas names
files in "Download Submissions" (`sortablename[_late]_<userid>_<attachmentid>_<file>`).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from autograder.commands.grade import grade_command
from autograder.commands.local import student_files
from autograder.course import load

__all__ = ["build_class", "main"]

# (sortable name, Canvas user id, late, golden case or inline files)
STUDENTS = [
    ("lovelaceada", 5101, False, "correct_vectorized"),
    ("hopperg", 5102, False, "correct_loops"),
    ("turingalan", 5103, True, "relu_on_output"),
    ("noetheremmy", 5104, False, "leaky_relu"),
    ("curiemarie", 5105, False, "tanh_on_output"),
    ("gaussfriedrich", 5106, False, "only_first_hidden_node"),
    ("eulerleonhard", 5107, False, "swapped_layer_keys"),
    ("ramanujans", 5108, False, "hardcoded_tutorial_answers"),
    ("hypatia", 5109, True, "square_only_transpose"),
    ("shannonclaude", 5110, False, "generator_instead_of_list"),
    ("johnsonk", 5111, False, "unfinished_stubs"),
    ("mallorym", 5112, False, {"relu.py": b"import os\nos._exit(0)\n"}),
    ("trudyt", 5113, False, {"relu.py": b"def relu(input):\n    while True:\n        pass\n\n\ndef predict_with_relu(input_data, weights):\n    return 0\n"}),
]


def _files(root: Path, source) -> dict[str, bytes]:
    if isinstance(source, dict):
        return source
    folder = root / "tests" / "cases" / source / "submission"
    if not folder.is_dir():  # a case built from the released stubs (tests/cases/*/submission.toml)
        return student_files(load(root), ())
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def build_class(root: Path, target: Path) -> Path:
    """Write a Canvas-style submissions zip for the sample class; return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for attachment, (name, user, late, source) in enumerate(STUDENTS, start=90001):
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as student_zip:
                for filename, content in _files(root, source).items():
                    student_zip.writestr(filename, content)
            flag = "_late" if late else ""
            archive.writestr(f"{name}{flag}_{user}_{attachment}_submission.zip", inner.getvalue())
    return target


def main() -> int:
    course = load()
    out = course.root / "demo-output"
    class_zip = build_class(course.root, out / "canvas-submissions.zip")
    print(f"Sample class: {len(STUDENTS)} students in {class_zip.relative_to(course.root)}")
    code = grade_command(course, [class_zip], out_dir=out / "graded", workers=2, force=True, verbose=True)
    print(f"Per-student feedback: {(out / 'graded' / '5103' / 'feedback.md').relative_to(course.root)}")
    return code


if __name__ == "__main__":
    sys.exit(main())
