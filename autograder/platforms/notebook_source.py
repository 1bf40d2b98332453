"""Build an assignment's nbgrader source notebook from course.toml, exercises/ and solutions/.

One section per exercise, every cell tagged `metadata.autograder.exercise`:

    instructions  the exercise's README as markdown cells (headings one level down, its
                  "Check your work" part replaced by the check cell)
    helpers       read-only code: what the stub gives ready-made (exercises 04-06's relu)
    your code     the student's cell: signatures, docstrings and TODOs visible, the reference
                  body between ### BEGIN SOLUTION / ### END SOLUTION, which nbgrader replaces
    grading       nbgrader autograder test cell worth the exercise's points, grade_id = the
                  exercise's name; its hidden part asks the kit for the points earned
    check         read-only: the exercise's public checks on what the student ran
    plot          read-only, never graded: a function's curve (course.toml `curve`) with matplotlib

Pure: returns the notebook; release.py writes it.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from autograder.errors import AutogradeError
import autograder
from autograder.course import Assignment, Course, Exercise
from autograder.platforms.notebook import cell_marker

__all__ = ["ReleaseError", "source_notebook", "filled_notebook", "notebook_name", "reference_bodies", "KIT_ROOT"]

KIT_ROOT = Path(autograder.__file__).resolve().parent.parent  # the folder holding the kit's package
NBFORMAT_MINOR = 5
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


class ReleaseError(AutogradeError):
    """The release cannot be built; the message names the file and the fix."""


def notebook_name(assignment: Assignment) -> str:
    """nbgrader's convention: one notebook per assignment, named after it."""
    return f"{assignment.id}.ipynb"


# ------------------------------------------------------------------ reading the stub and the reference


@dataclass(frozen=True)
class _Function:
    header: str  # decorators, `def` line and docstring, as the stub has them
    todo: list[str]  # the stub's comment lines in the body (the `# TODO:`)
    body: str  # the reference's body after its docstring


def _lines(text: str, first: int, last: int) -> str:
    """Lines first..last (1-based, inclusive) of `text`."""
    return "\n".join(text.splitlines()[first - 1 : last])


def _doc_end(node: ast.FunctionDef) -> int | None:
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return first.end_lineno
    return None


def _start(node) -> int:
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


def _is_docstring(node) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)


def _parse(path: Path) -> tuple[str, ast.Module]:
    if not path.is_file():
        raise ReleaseError(f"{path}: missing; the release needs every exercise's stub and reference")
    text = path.read_text(encoding="utf-8")
    try:
        return text, ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        raise ReleaseError(f"{path}, line {exc.lineno}: {exc.msg}; fix the file before releasing") from None


def _body_start(text: str, node: ast.FunctionDef) -> int:
    """The first line after the docstring, or after the `def` line when there is none."""
    end = _doc_end(node)
    if end is not None:
        return end + 1
    first = node.body[0].lineno
    lines = text.splitlines()
    while first - 1 > node.lineno and lines[first - 2].strip().startswith("#"):
        first -= 1  # keep comments above the first statement
    return first


def _split(course: Course, exercise: Exercise) -> tuple[list[str], list[str], dict[str, _Function], dict[str, str]]:
    """(import lines, ready-made code, graded functions, the reference's explain_<function>s) of one exercise.

    `explain_<function>` shows the reference's intermediate values in feedback (catalog.py);
    it stays with the instructor.
    """
    stub_path = course.exercises_dir / exercise.name / exercise.file
    ref_path = course.solutions_dir / exercise.name / exercise.file
    stub_text, stub = _parse(stub_path)
    ref_text, ref = _parse(ref_path)
    graded = {f.name for f in exercise.functions}
    imports: list[str] = []
    given: list[str] = []
    headers: dict[str, tuple[str, list[str], ast.FunctionDef]] = {}
    for index, node in enumerate(stub.body):
        if index == 0 and _is_docstring(node):
            continue
        segment = _lines(stub_text, _start(node), node.end_lineno)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(segment)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in graded:
            start = _body_start(stub_text, node)
            header = _lines(stub_text, _start(node), start - 1)
            body = stub_text.splitlines()[start - 1 : node.end_lineno]
            todo = [line for line in body if line.strip().startswith("#")]
            headers[node.name] = (header, todo, node)
        else:
            given.append(segment)
    missing = graded - set(headers)
    if missing:
        raise ReleaseError(f"{stub_path}: defines no {sorted(missing)[0]}; the stub must define every graded function of course.toml")
    given_dumps = {ast.dump(node) for node in stub.body}
    functions: dict[str, _Function] = {}
    explainers: dict[str, str] = {}
    for index, node in enumerate(ref.body):
        if (index == 0 and _is_docstring(node)) or isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in graded:
            header, todo, stub_node = headers[node.name]
            if ast.dump(node.args) != ast.dump(stub_node.args):
                raise ReleaseError(f"{ref_path}: {node.name} takes other parameters than in {stub_path}; make the signatures the same")
            start = _body_start(ref_text, node)
            body = _lines(ref_text, start, node.end_lineno).rstrip()
            if not body.strip():
                raise ReleaseError(f"{ref_path}: {node.name} has no body after its docstring")
            functions[node.name] = _Function(header=header, todo=todo, body=body)
        elif isinstance(node, ast.FunctionDef) and node.name.removeprefix("explain_") in graded and node.name.startswith("explain_"):
            explainers[node.name] = _lines(ref_text, _start(node), node.end_lineno)  # feedback only, never in the notebook
        elif ast.dump(node) not in given_dumps:
            what = f"def {node.name}" if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) else type(node).__name__
            raise ReleaseError(
                f"{ref_path}, line {node.lineno}: {what} is not in the stub, so the notebook would show it to students or lose it; "
                "move it into a graded function, or give it to students in the stub"
            )
    missing = graded - set(functions)
    if missing:
        raise ReleaseError(f"{ref_path}: defines no {sorted(missing)[0]}; the reference must implement every graded function")
    ordered = {f.name: functions[f.name] for f in exercise.functions}
    return imports, given, ordered, explainers


def reference_bodies(course: Course, exercise: Exercise) -> dict[str, str]:
    """Function name -> the reference's code that students must never see: bodies and explainers."""
    _, _, functions, explainers = _split(course, exercise)
    return {**{name: f.body for name, f in functions.items()}, **explainers}


def _solution_function(function: _Function) -> str:
    indent = re.match(r"\s*", next(line for line in function.body.splitlines() if line.strip())).group(0)
    lines = [function.header, *function.todo, f"{indent}### BEGIN SOLUTION", function.body, f"{indent}### END SOLUTION"]
    return "\n".join(lines)


# ------------------------------------------------------------------ cells


def _cell_id(*parts: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", "-".join(parts))[:64]


def _nbgrader(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def _code(exercise: str, role: str, source: str, *, nbgrader: dict | None = None, tags: list[str] | None = None):
    metadata: dict = {"autograder": {"exercise": exercise, "role": role}}
    if nbgrader is not None:
        metadata["nbgrader"] = nbgrader
    if tags:
        metadata["tags"] = tags
    cell = nbformat.v4.new_code_cell(source, metadata=metadata)
    cell["id"] = _cell_id(exercise, role)
    return cell


def _markdown(exercise: str | None, index: int, source: str):
    metadata = {"autograder": {"exercise": exercise, "role": "instructions"}} if exercise else {}
    cell = nbformat.v4.new_markdown_cell(source, metadata=metadata)
    cell["id"] = _cell_id(exercise or "intro", "text", str(index))
    return cell


def _readme_sections(text: str) -> list[str]:
    """The README split at its `## ` headings, headings one level down, "Check your work" left out."""
    sections: list[list[str]] = [[]]
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("## "):
            sections.append([])
        if not fenced and line.startswith("#"):
            line = "#" + line
        sections[-1].append(line)
    kept = ["\n".join(s).strip() for s in sections if s and not s[0].lower().startswith("### check your work")]
    return [s for s in kept if s]


def _exercise_cells(course: Course, exercise: Exercise, *, name: str, kit: Path) -> list:
    readme = course.exercises_dir / exercise.name / "README.md"
    if not readme.is_file():
        raise ReleaseError(f"{readme}: missing; the notebook's instructions come from it")
    cells = [_markdown(exercise.name, i, s) for i, s in enumerate(_readme_sections(readme.read_text(encoding="utf-8")))]
    imports, given, functions, _ = _split(course, exercise)
    head = "\n".join(imports)
    if given:
        text = cell_marker(exercise.name, "Ready-made for you (read-only, not graded): run this cell first.")
        source = "\n\n\n".join(part for part in [f"{text}\n{head}".rstrip(), *given])
        cells.append(_code(exercise.name, "helpers", source, nbgrader=_nbgrader(f"{exercise.name}-helpers", locked=True)))
    text = cell_marker(exercise.name, f"Your code ({exercise.file}): replace each YOUR CODE HERE; keep the names and parameters.")
    source = "\n\n\n".join([f"{text}\n{head}".rstrip(), *(_solution_function(f) for f in functions.values())])
    cells.append(_code(exercise.name, "code", source, nbgrader=_nbgrader(f"{exercise.name}-code", solution=True)))
    # The grading cell follows the code cell: nbgrader puts a deleted grading cell back after the
    # cell before it, and fails when that one is a read-only cell such as the check.
    points = f"{exercise.points:g} point{'s' if exercise.points != 1 else ''}"
    grading = "\n".join(
        [
            cell_marker(exercise.name, f"Grading ({points}): the hidden checks run here when your work is graded. Leave this cell as it is."),
            "### BEGIN HIDDEN TESTS",
            "import importlib.util, sys",
            'if importlib.util.find_spec("autograder") is None:',
            f"    sys.path.insert(0, {str(kit)!r})",
            "from autograder.platforms.nbgrader_bridge import points_for",
            f"points_for({exercise.name!r}, notebook={name!r}, course={str(course.root)!r})",
            "### END HIDDEN TESTS",
        ]
    )
    meta = _nbgrader(exercise.name, grade=True, locked=True, points=float(exercise.points))
    cells.append(_code(exercise.name, "grade", grading, nbgrader=meta))
    check = "\n".join(
        [
            cell_marker(exercise.name, "Check your work: run this cell after the cells above (public checks only)."),
            "from autograder.platforms.notebook import check",
            f"check({exercise.name!r}, notebook={name!r})",
        ]
    )
    cells.append(_code(exercise.name, "check", check, nbgrader=_nbgrader(f"{exercise.name}-check", locked=True), tags=["autograder-check"]))
    for function in exercise.functions:
        if function.curve is not None and function.curve.example:
            cells.append(_plot_cell(exercise, function, "\n".join(imports)))
    return cells


def _plot_cell(exercise: Exercise, function, head: str):
    """A read-only cell plotting the function's curve (course.toml `curve`) with matplotlib: a
    picture for the student, never graded, and nothing in it can fail the notebook (no
    matplotlib, a wrong answer, an unfinished function: it says so and carries on)."""
    curve = function.curve
    pick = f"[{curve.item}]" if curve.item is not None else ""
    source = "\n".join(
        [
            cell_marker(exercise.name, f"Your {function.name}'s curve (not graded: if this cell fails, it costs no points)."),
            head,
            "try:",
            "    import matplotlib.pyplot as plt",
            "",
            f"    curve = list(({curve.example}){pick})",
            '    plt.plot(range(1, len(curve) + 1), curve, marker="o")',
            '    plt.xlabel("update")',
            f"    plt.ylabel({curve.label!r})",
            f"    plt.title({curve.example!r})",
            "    plt.show()",
            "except Exception as error:  # a picture only: never stop the notebook for it",
            '    print(f"No plot this time ({type(error).__name__}: {error}); it costs no points.")',
        ]
    )
    return _code(exercise.name, f"plot-{function.name}", source, nbgrader=_nbgrader(f"{exercise.name}-plot-{function.name}", locked=True), tags=["autograder-plot"])


def _intro(course: Course, assignment: Assignment) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(Path(__file__).resolve().parents[1] / "templates")), undefined=StrictUndefined, keep_trailing_newline=True)
    exercises = [course.exercise(n) for n in assignment.exercises]
    context = {
        "course": course,
        "assignment": assignment,
        "exercises": exercises,
        "points": sum(e.points for e in exercises),
        "due": assignment.due.strftime("%Y-%m-%d %H:%M %Z") if assignment.due else None,
    }
    return env.get_template("nb_intro.md.j2").render(context).strip()


def source_notebook(course: Course, assignment: Assignment, *, kit: Path = KIT_ROOT) -> nbformat.NotebookNode:
    """The instructor's notebook of `assignment`, solutions and hidden grading calls included."""
    name = notebook_name(assignment)
    cells = [_markdown(None, 0, _intro(course, assignment))]
    for exercise_name in assignment.exercises:
        cells += _exercise_cells(course, course.exercise(exercise_name), name=name, kit=kit)
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}})
    notebook.nbformat_minor = NBFORMAT_MINOR
    nbformat.validate(notebook)
    return notebook


def filled_notebook(course: Course, released: Path, files: dict[str, bytes]) -> str:
    """The released notebook at `released` with each exercise's code cell holding the student's
    file of that exercise (file name -> content), as a student who wrote files would submit it."""
    notebook = nbformat.read(str(released), as_version=4)
    by_exercise = {e.name: e.file for e in course.exercises}
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("autograder", {})
        name = by_exercise.get(meta.get("exercise"))
        if meta.get("role") == "code" and name in files:
            cell.source = cell.source.splitlines()[0] + "\n" + files[name].decode("utf-8")
    return nbformat.writes(notebook)
