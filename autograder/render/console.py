"""Everything the kit prints to a terminal, rendered with rich.

Pure rendering from result records; the CLI decides when to print.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from autograder.course import Course
from autograder.points import format_points
from autograder.results import function_score
from autograder.render.messages import check_text
from autograder.results import SubmissionResult

__all__ = ["console", "render_check", "render_grade"]

STATUS_STYLE = {
    "passed": ("✔", "green"),
    "failed": ("✘", "red"),
    "error": ("✘", "red"),
    "timeout": ("⏱", "red"),
    "memory": ("✘", "red"),
    "crashed": ("✘", "red"),
    "not_started": ("…", "yellow"),
    "missing": ("?", "red"),
    "wrong_signature": ("✘", "red"),
    "no_submission": ("-", "dim"),
}


def console(*, stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _function_status(checks) -> str:
    outcomes = [c.outcome for c in checks]
    if all(o == "passed" for o in outcomes):
        return "passed"
    for o in ("not_started", "missing", "wrong_signature", "no_submission"):
        if all(x == o for x in outcomes):
            return o
    return next(o for o in outcomes if o != "passed")


def render_check(result: SubmissionResult, course: Course, out: Console) -> int:
    """The student's local check: per function passed / failed / not started, then progress."""
    grouped = result.by_exercise()
    done = 0
    shown = [e for e in course.exercises if e.name in grouped]
    first_hint = None
    for exercise in shown:
        checks = grouped[exercise.name]
        exercise_ok = all(c.passed for c in checks)
        done += exercise_ok
        out.print(Text(f"{exercise.name}  {exercise.title}", style="bold"))
        for function in exercise.functions:
            own = [c for c in checks if c.function == function.name]
            status = _function_status(own)
            icon, style = STATUS_STYLE.get(status, ("✘", "red"))
            passed = sum(c.passed for c in own)
            label = {"passed": f"{passed} of {len(own)} public checks passed", "not_started": "not started yet"}.get(
                status, f"{passed} of {len(own)} public checks passed"
            )
            out.print(Text(f"  {icon} {function.name}: {label}", style=style))
            failing = next((c for c in own if not c.passed and c.outcome != "not_started"), None)
            if failing is not None:
                out.print(Text(f"      {failing.name}", style="bold red"))
                for line in check_text(failing).splitlines():
                    out.print(Text(f"      {line}"))
                if first_hint is None:
                    first_hint = (exercise.name, exercise.hint)
        out.print()
    for note in result.notes:
        out.print(Text(note, style="red"))
        out.print()
    total = len(shown)
    bar = "█" * done + "░" * (total - done)
    out.print(Text(f"Progress: {bar} {done} of {total} exercises done", style="bold"))
    if first_hint:
        out.print(Text(f"Hint for {first_hint[0]}: {first_hint[1]}", style="cyan"))
    if done == total and total:
        out.print(Text("All public checks passed — hidden checks run when your work is graded.", style="green"))
    if result.output.strip():
        out.print(Text("(Your code printed output; it is not shown here. Run your file directly to see it.)", style="dim"))
    return 0 if done == total else 1


def render_grade(result: SubmissionResult, course: Course, out: Console) -> None:
    """One graded submission: points per exercise and function."""
    table = Table(title=f"{result.student}: {format_points(result.score)} / {format_points(result.max_score)}", show_lines=False)
    table.add_column("exercise")
    table.add_column("function")
    table.add_column("checks passed", justify="right")
    table.add_column("points", justify="right")
    table.add_column("status")
    grouped = result.by_exercise()
    for exercise in course.exercises:
        checks = grouped.get(exercise.name, [])
        for function in exercise.functions:
            own = [c for c in checks if c.function == function.name]
            if not own:
                continue
            status = _function_status(own)
            icon, style = STATUS_STYLE.get(status, ("✘", "red"))
            table.add_row(
                exercise.name,
                function.name,
                f"{sum(c.passed for c in own)}/{len(own)}",
                "{}/{}".format(*map(format_points, (lambda f: (f.score, f.max_score))(function_score(own)))),
                Text(f"{icon} {status.replace('_', ' ')}", style=style),
            )
    out.print(table)
    if result.isolation:
        out.print(Text(f"isolation: {result.isolation}", style="dim"))
