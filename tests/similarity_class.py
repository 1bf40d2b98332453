"""A class with planted pairs, for the similarity tests: every file is generated from the
golden cases at test time, so a change to a case or a stub needs no edit here.

    ana   the loops solution                      (honest)
    ben   ana's files, every name renamed         (planted: ana · ben)
    cleo  the vectorized solution                 (honest)
    dev   cleo's files, reformatted by hand       (planted: cleo · dev)
    eve   numpy scalars / pure python solutions   (honest, four exercises)
    gus   eve's files, renamed and reformatted    (planted: eve · gus)
    hal, ivy  the stubs handed back unchanged     (nothing of their own to compare)
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

CASES = Path(__file__).resolve().parent / "cases"
PLANTED = {("ana", "ben"), ("cleo", "dev"), ("eve", "gus")}
HONEST = ("ana", "cleo", "eve")
STUBS = ("hal", "ivy")


def case(name: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((CASES / name / "submission").iterdir()) if p.suffix == ".py"}


def renamed(text: str) -> str:
    """Every argument and assigned name replaced (tokens only: strings and layout stay as they were)."""
    tree = ast.parse(text)
    names = {a.arg for node in ast.walk(tree) if isinstance(node, ast.arguments) for a in node.args}
    names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    new = {name: f"v{index}_{name[::-1]}" for index, name in enumerate(sorted(names))}
    lines = text.splitlines(keepends=True)
    for token in sorted(tokenize.generate_tokens(io.StringIO(text).readline), key=lambda t: t.start, reverse=True):
        if token.type == tokenize.NAME and token.string in new:
            row, col = token.start
            line = lines[row - 1]
            lines[row - 1] = line[:col] + new[token.string] + line[col + len(token.string) :]
    return "".join(lines)


def reformatted(text: str) -> str:
    """The same code laid out another way: unparsed (quotes, parentheses, blank lines), spaced, commented."""
    out = ast.unparse(ast.parse(text))
    out = re.sub(r"\(([^()\n]*)\)", r"( \1 )", out)
    out = out.replace(", ", " ,  ").replace("\n", "\n\n")
    return "# All my own work.\n" + out.replace(":\n\n", ":  # next step\n") + "\n"


def planted_class(course) -> dict[str, dict[str, bytes]]:
    """Student id -> submitted files (name -> bytes)."""
    loops, vectorized = case("correct_loops"), case("correct_vectorized")
    scalars = {**case("correct_numpy_scalars"), **case("correct_pure_python")}
    stubs = {e.file: (course.exercises_dir / e.name / e.file).read_text(encoding="utf-8") for e in course.exercises}
    texts = {
        "ana": loops,
        "ben": {name: renamed(text) for name, text in loops.items()},
        "cleo": vectorized,
        "dev": {name: reformatted(text) for name, text in vectorized.items()},
        "eve": scalars,
        "gus": {name: reformatted(renamed(text)) for name, text in scalars.items()},
        "hal": stubs,
        "ivy": stubs,
    }
    return {student: {name: text.encode("utf-8") for name, text in files.items()} for student, files in texts.items()}


def write_class(klass: dict[str, dict[str, bytes]], folder: Path) -> Path:
    for student, files in klass.items():
        (folder / student).mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (folder / student / name).write_bytes(content)
    return folder
