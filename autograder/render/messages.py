"""Student-facing wording for every way a check can end, in the exercise's own terms.

Pure functions from result records (facts) to text: `worded` fills a freshly graded record's
messages and notes, once, and every page and LMS file reads them from there. Expected values of
hidden checks are shown only when the course marks the check visible; the student's own output
is always theirs to see.
"""

from __future__ import annotations

from dataclasses import replace

from autograder.course import Course, Function, Limits
from autograder.results import EXPLAINED, CheckResult, Note, SubmissionResult

__all__ = [
    "causes",
    "check_text",
    "function_text",
    "message_text",
    "note_text",
    "revealed",
    "steps_text",
    "summary_line",
    "unearned_text",
    "variables_text",
    "worded",
]


def worded(result: SubmissionResult, course: Course) -> SubmissionResult:
    """The record with every check's message and the grader's notes in words (the engine leaves
    them empty). A cause the engine could not key by fact (a file that did not load, a skipped
    check) is keyed by its message, the same for every check it stops."""
    functions = {(e.name, f.name): f for e in course.exercises for f in e.functions}
    limits = course.grading.limits
    checks = []
    for check in result.checks:
        function = functions[(check.exercise, check.function)]
        if check.ignored_argument:
            check = replace(check, **_ignored_argument_words(function, check.ignored_argument))
        message = message_text(check, function, limits)
        cause = check.cause or ("" if check.passed else f"{check.outcome}:{message}")
        checks.append(replace(check, message=message, cause=cause))
    notes = tuple(note_text(note, limits) for note in result.problems)
    return replace(result, checks=tuple(checks), notes=notes + result.notes)


def _error(raised: str, message: str, traceback: tuple[str, ...]) -> dict:
    """An exception's fields as the wording below reads them (absent when unknown)."""
    error: dict = {}
    if raised:
        error["type"] = raised
    if message:
        error["message"] = message
    if traceback:
        error["traceback"] = list(traceback)
    return error


def _traceback(error: dict) -> str:
    lines = error.get("traceback") or []
    if not lines:
        return ""
    return "\nWhere it happened in your code:\n" + "\n".join(lines)


def _try_it(check: CheckResult) -> str:
    """How to reproduce a call in a Python prompt opened in the exercise's folder (files only).
    Positional, as the grader calls it: a student's parameters may have other names."""
    if not check.source.endswith(".py") or not check.call:
        return ""
    call = f"{check.function}({', '.join(check.arguments)})"
    return f"\nTo try it yourself, run in Python in your exercise folder: import numpy as np; from {check.source[:-3]} import {check.function}; {call}"


# A rule starting with one of these reads on from the function's name ("relu is never negative");
# any other rule is a sentence of its own ("the output node is linear") and follows a colon.
_PREDICATE_VERBS = frozenset({"is", "are", "returns", "must", "does", "gives", "has", "changes", "scales", "keeps", "leaves", "never", "should"})


def _said(name: str, rule: str) -> str:
    first = rule.split(" ", 1)[0]
    if first in (name, f"{name}:"):
        return rule
    return f"{name} {rule}" if first in _PREDICATE_VERBS else f"{name}: {rule}"


def message_text(check: CheckResult, function: Function, limits: Limits) -> str:
    """What happened in one check. Only a visible check's message holds the expected value
    (`check_text` adds it to a hidden check's once the due date has passed)."""
    stage = check.stage
    error = _error(check.raised, check.raised_message, check.traceback)
    if stage == "load":
        return _loading_text(check.source, check.detail, error, limits)
    if stage == "cell":
        return _cell_text(check.source, check.cell, error, limits)
    if stage == "skipped":
        return _skipped_text(check.outcome, check.after)
    if stage == "budget":
        return f"Not run: grading this submission took longer than {limits.submission_s:g} s in all, so the remaining checks were not run."
    if stage == "unfinished":
        return "Not graded: the grader could not finish grading this submission, so this check scored 0 for now."
    name = function.name
    call = check.call or f"{name}(...)"
    outcome = check.outcome
    if outcome == "passed":
        plural = "" if check.examples == 1 else "s"
        return f"Passed on {check.examples} example{plural}."
    if outcome == "failed":
        said = _said(name, check.rule.rstrip("."))
        if check.visibility == "visible":
            return f"{said}. We called {call}; expected {check.expected or 'None'}, got {check.got}."
        when = "is shown after the due date" if check.visibility == "after_due_date" else "is not shown"
        return f"{said}. We called {call} and got {check.got}. This is a hidden check: its expected value {when}.{_try_it(check)}"
    if outcome == "error":
        return f"We called {call} and it raised {error.get('type', 'an exception')}: {error.get('message', '')}{_traceback(error)}"
    if outcome == "timeout":
        return (
            f"We called {call} and it did not return within {limits.call_timeout_s:g} s (the time limit). "
            "Look for a loop that never ends."
        )
    if outcome == "memory":
        return f"We called {call} and it ran out of memory (the limit is {limits.memory_mib} MiB)."
    if outcome == "crashed":
        why = f" ({check.detail})" if check.detail else ""
        return (
            f"We called {call} and the process running your code stopped before it returned{why}. "
            "Calls such as sys.exit() or os._exit() end the whole program; a crash can also mean the "
            "code used far too much memory or recursion."
        )
    if outcome == "not_started":
        return (
            f"{name} is not started yet: it still raises NotImplementedError. "
            "Replace the `raise NotImplementedError` under the TODO with your code."
        )
    if outcome == "missing":
        return f"{name} is not defined in {check.source}. Define it as `def {function.signature()}:`."
    if outcome == "wrong_signature":
        got = check.detail or "something that is not a function"
        return f"{name} must be defined as `def {function.signature()}:` (it is called with {len(function.params)} argument(s)); yours is {got}."
    if outcome == "no_submission":
        return f"{check.source} was not submitted."
    return check.detail or outcome


def note_text(note: Note, limits: Limits) -> str:
    """One of the grader's notes about a whole submission."""
    error = _error(note.raised, note.raised_message, note.traceback)
    if note.kind == "notebooks_ignored":
        return f"Several notebooks were submitted; {note.file} was graded, {', '.join(note.others)} ignored."
    if note.kind == "notebook_unreadable":
        return f"{note.file} could not be read: {note.raised_message}"
    if note.kind == "cell_failed":
        return _cell_text(note.file, note.cell, error, limits, label=note.cell_label)
    if note.kind == "load_failed":
        return _loading_text(note.file, note.outcome, error, limits)
    if note.kind == "unfinished":
        # The grader's own reason (an error's text may quote its internals) is kept for the
        # instructor: results.json's failure, summary.json.
        return (
            "Grading this submission stopped before it finished, because of a problem on the grader's side "
            "or a process that stopped answering. Every check scored 0 for now; your instructor sees this "
            "in the class report and can grade the submission again."
        )
    return note.kind


def _loading_text(file: str, outcome: str, error: dict, limits: Limits) -> str:
    """Why a whole exercise file scored nothing: it could not be loaded."""
    if outcome == "timeout":
        return (
            f"{file} did not finish loading within {limits.import_timeout_s:g} s. Code at the top level of a file "
            "runs when the file is loaded: move it into a function or remove it."
        )
    if outcome == "crashed":
        why = f" ({error['message']})" if error.get("message") else ""
        return f"Loading {file} stopped the process running your code{why}. Calls such as sys.exit() or os._exit() at the top level of a file end the whole program."
    kind = error.get("type", "an error")
    if kind == "SystemExit":
        return f"{file} called exit() while it was being loaded, so none of its functions could be checked.{_traceback(error)}"
    return f"{file} could not be loaded: {kind}: {error.get('message', '')}{_traceback(error)}"


def _cell_text(notebook: str, cell: int, error: dict, limits: Limits, *, label: str = "") -> str:
    """A notebook cell that failed (its functions are graded as missing, with this reason).
    With the student's `label` for the cell, the cell is named by it and the traceback's cell
    numbers (the grader's count, not Jupyter's) are left out."""
    where = f"The cell “{label}”" if label else f"{notebook}, cell {cell},"
    if error.get("type") in ("timeout", "crashed"):
        return _loading_text(where, error["type"], error, limits).replace(" did not finish loading", " did not finish running")
    frames = error.get("traceback") or []
    if label:
        frames = [frame.replace(f"Cell {cell}, line", "line") for frame in frames]
    trace = "\n".join(frames)
    return f"{where.rstrip(',')} raised {error.get('type')}: {error.get('message')}" + (f"\n{trace}" if trace else "")


def _skipped_text(outcome: str, first_check: str) -> str:
    """A later check of a function that already hung, crashed or is not started."""
    if outcome == "not_started":
        return "Not run: this function is not started yet."
    reason = {"timeout": "exceeded the time limit", "crashed": "stopped the process", "memory": "ran out of memory"}.get(outcome, outcome)
    return f"Not run: this function already {reason} in the check '{first_check}'."


def _ignored_argument_words(function: Function, param: str) -> dict:
    """The general mistake behind hard-coded values: an argument the function never reads."""
    return {
        "misconception_message": (
            f"{function.name} gives the same answer whatever `{param}` is: our checks changed only `{param}` "
            f"and your answer stayed the same, where the right answer changes. Are the values of `{param}` "
            "hard-coded, copied from the lesson, or read from a global variable?"
        ),
        "misconception_hint": f"Compute with the `{param}` your function is given; do not replace it inside the function.",
    }


def steps_text(steps) -> str:
    """The reference's intermediate values as one line: "hidden = [1, 2], output = 3"."""
    return ", ".join(f"{label} = {value}" for label, value in steps)


def variables_text(check) -> str:
    """The student's own intermediate values for the failing call, as one sentence."""
    when = "raised" if check.outcome == "error" else "returned"
    return f"Your {check.function}'s variables when it {when}: {steps_text(check.variables)}."


def revealed(check, reveal: bool) -> bool:
    """Whether the reference's answer and steps for this check may be shown: always for a visible
    check; for a hidden one when `reveal` (the due date has passed, or Gradescope shows the
    test only after it)."""
    return reveal or check.visibility == "visible"


def check_text(check, *, reveal: bool = False, call_shown: bool = False) -> str:
    """A check's whole explanation as plain text: what happened, the student's own variables and
    the reference's values for that input, then the diagnosed misconception and its hint
    (Gradescope, Markdown, terminal). `reveal`: see `revealed`. `call_shown`: the values for
    this call were already shown just above (another cause, same input), so they are not repeated."""
    text = check.message
    if check.also_passed_by:
        text += "\n" + unearned_text(check.function, check.also_passed_by)
    if check.variables and not call_shown:
        text += "\n" + variables_text(check)
    shown = revealed(check, reveal) and not call_shown
    if shown and check.visibility != "visible" and check.expected:
        text += f"\nThe due date has passed, so here is what this hidden check expected: {check.expected}."
    if check.steps and shown:
        text += f"\nFor this input the reference computes: {steps_text(check.steps)}."
    if check.misconception_message or check.misconception_hint:
        text += f"\n\n{check.misconception_message}\nHint: {check.misconception_hint}"
    return text


def unearned_text(function: str, trivial: str, *, every: bool = False) -> str:
    """Why a passed check scored 0 (see trivial.py); `every`: said once for all such checks."""
    if every:
        opening = f"These passes scored 0 points: `{trivial}`, which computes nothing, passes every one of them too."
    else:
        opening = f"It scored 0 points: `{trivial}`, which computes nothing, passes this check and every other check {function} passed."
    return f"{opening} These points count once {function} passes a check that needs the real computation."


def causes(checks) -> list[list]:
    """A function's failed checks grouped by what explains them (`CheckResult.cause`; for older
    files, the text), in the order of their first check."""
    groups: dict[str, list] = {}
    for check in checks:
        if not check.passed:
            groups.setdefault(check.cause or check_text(check), []).append(check)
    return list(groups.values())


def function_text(function: str, checks, *, reveal: bool = False) -> str:
    """A function's checks as plain text (a Gradescope test's output): one line per check,
    then each cause explained once. `reveal`: see `revealed`."""
    passed = [c for c in checks if c.passed]
    lines = [f"{len(passed)} of {len(checks)} checks passed."]
    lines += [f"{'✅' if c.passed else '❌'} {c.name}" for c in checks]
    unearned = [c for c in passed if c.also_passed_by]
    if unearned:
        lines += ["", unearned_text(function, unearned[0].also_passed_by, every=True)]
    groups = causes(checks)
    calls: set[str] = set()
    for group in groups[:EXPLAINED]:
        head = f"{group[0].name}:" if len(group) == 1 else f"{len(group)} checks fail for one reason ({group[0].name} and {len(group) - 1} more):"
        lines += ["", head, check_text(group[0], reveal=reveal, call_shown=bool(group[0].call) and group[0].call in calls)]
        calls.add(group[0].call)
    rest = sum(len(group) for group in groups[EXPLAINED:])
    if rest:
        lines += ["", f"{rest} more failed check{'s' if rest > 1 else ''} (listed above): fix the problems explained here first."]
    return "\n".join(lines)


def summary_line(passed: int, total: int, *, finished: bool = True) -> str:
    """The first line of a student's results: how many checks passed, or that grading did not finish."""
    if not finished:
        return "Not graded yet: the grader could not finish grading this submission. The note below says why."
    return f"{passed} of {total} checks passed. See each check below for what to fix."
