"""Student-facing wording for every way a check can end, in the exercise's own terms.

Pure functions from a verdict to text. Expected values of hidden checks are shown only
when the course marks the check visible; the student's own output is always theirs to see.
"""

from __future__ import annotations

from autograder.course import Function, Limits
from autograder.literals import call_literal, literal
from autograder.grading.misconception import Misconception

__all__ = ["EXPLAINED", "causes", "check_text", "function_text", "ignored_argument_misconception", "message_for", "revealed", "steps_text", "summary_line", "unearned_text", "unfinished_message", "unfinished_note", "variables_text"]


def _traceback(error: dict) -> str:
    lines = error.get("traceback") or []
    if not lines:
        return ""
    return "\nWhere it happened in your code:\n" + "\n".join(lines)


def _try_it(name: str, file: str, args: tuple) -> str:
    """How to reproduce a call in a Python prompt opened in the exercise's folder (files only).
    Positional, as the grader calls it: a student's parameters may have other names."""
    if not file.endswith(".py") or args is None:
        return ""
    call = f"{name}({', '.join(literal(arg) for arg in args)})"
    return f"\nTo try it yourself, run in Python in your exercise folder: import numpy as np; from {file[:-3]} import {name}; {call}"


def _expected_text(expected) -> str:
    return expected if isinstance(expected, str) else literal(expected)


# A rule starting with one of these reads on from the function's name ("relu is never negative");
# any other rule is a sentence of its own ("the output node is linear") and follows a colon.
_PREDICATE_VERBS = frozenset({"is", "are", "returns", "must", "does", "gives", "has", "changes", "scales", "keeps", "leaves", "never", "should"})


def _said(name: str, rule: str) -> str:
    first = rule.split(" ", 1)[0]
    if first in (name, f"{name}:"):
        return rule
    return f"{name} {rule}" if first in _PREDICATE_VERBS else f"{name}: {rule}"


def message_for(verdict: Verdict, function: Function, *, file: str, limits: Limits, visibility: str) -> str:
    """`visibility`: the check's (Gradescope's words); only a visible check's message holds the
    expected value (`check_text` adds it to a hidden check's once the due date has passed)."""
    name = function.name
    call = call_literal(name, function.params, verdict.args) if verdict.args is not None else f"{name}(...)"
    outcome = verdict.outcome
    if outcome == "passed":
        plural = "" if verdict.examples == 1 else "s"
        return f"Passed on {verdict.examples} example{plural}."
    if outcome == "failed":
        said = _said(name, verdict.rule.rstrip("."))
        if visibility == "visible":
            return f"{said}. We called {call}; expected {_expected_text(verdict.expected)}, got {literal(verdict.got)}."
        when = "is shown after the due date" if visibility == "after_due_date" else "is not shown"
        return f"{said}. We called {call} and got {literal(verdict.got)}. This is a hidden check: its expected value {when}.{_try_it(name, file, verdict.args)}"
    if outcome == "error":
        error = verdict.error
        return f"We called {call} and it raised {error.get('type', 'an exception')}: {error.get('message', '')}{_traceback(error)}"
    if outcome == "timeout":
        return (
            f"We called {call} and it did not return within {limits.call_timeout_s:g} s (the time limit). "
            "Look for a loop that never ends."
        )
    if outcome == "memory":
        return f"We called {call} and it ran out of memory (the limit is {limits.memory_mib} MiB)."
    if outcome == "crashed":
        why = f" ({verdict.detail})" if verdict.detail else ""
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
        return f"{name} is not defined in {file}. Define it as `def {function.signature()}:`."
    if outcome == "wrong_signature":
        got = verdict.detail or "something that is not a function"
        return f"{name} must be defined as `def {function.signature()}:` (it is called with {len(function.params)} argument(s)); yours is {got}."
    if outcome == "no_submission":
        return f"{file} was not submitted."
    return verdict.detail or outcome


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


def ignored_argument_misconception(function: Function, param: str) -> Misconception:
    """The general mistake behind hard-coded values: an argument the function never reads."""
    return Misconception(
        function=function.name,
        id=f"ignores-{param}",
        message=(
            f"{function.name} gives the same answer whatever `{param}` is: our checks changed only `{param}` "
            f"and your answer stayed the same, where the right answer changes. Are the values of `{param}` "
            "hard-coded, copied from the lesson, or read from a global variable?"
        ),
        hint=f"Compute with the `{param}` your function is given; do not replace it inside the function.",
        implementation=None,
    )


def unearned_text(function: str, trivial: str, *, every: bool = False) -> str:
    """Why a passed check scored 0 (see trivial.py); `every`: said once for all such checks."""
    if every:
        opening = f"These passes scored 0 points: `{trivial}`, which computes nothing, passes every one of them too."
    else:
        opening = f"It scored 0 points: `{trivial}`, which computes nothing, passes this check and every other check {function} passed."
    return f"{opening} These points count once {function} passes a check that needs the real computation."


# Causes explained in full per function; the checks failing for any other cause are only named,
# so one wrong function stays a screenful however many checks it fails.
EXPLAINED = 2


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


def load_failure_message(file: str, outcome: str, error: dict, limits: Limits) -> str:
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


def skipped_message(outcome: str, first_check: str) -> str:
    """A later check of a function that already hung, crashed or is not started."""
    if outcome == "not_started":
        return "Not run: this function is not started yet."
    reason = {"timeout": "exceeded the time limit", "crashed": "stopped the process", "memory": "ran out of memory"}.get(outcome, outcome)
    return f"Not run: this function already {reason} in the check '{first_check}'."


def unfinished_message() -> str:
    """A check never reached because grading this submission stopped (see `unfinished_note`)."""
    return "Not graded: the grader could not finish grading this submission, so this check scored 0 for now."


def unfinished_note() -> str:
    """Why a whole submission has no verdicts, for the student. The grader's own reason (an error's
    text may quote its internals) is kept for the instructor: results.json's failure, summary.json."""
    return (
        "Grading this submission stopped before it finished, because of a problem on the grader's side "
        "or a process that stopped answering. Every check scored 0 for now; your instructor sees this "
        "in the class report and can grade the submission again."
    )


def summary_line(passed: int, total: int, *, finished: bool = True) -> str:
    """The first line of a student's results: how many checks passed, or that grading did not finish."""
    if not finished:
        return "Not graded yet: the grader could not finish grading this submission. The note below says why."
    return f"{passed} of {total} checks passed. See each check below for what to fix."
