"""What grading produces: plain, immutable result records.

A check's result travels as facts (the call, the answers, the exception, the reference's steps,
the misconception), put into words once by render/messages.py `worded`; nothing parses our
own wording back. `outputs/results_json.py` stores the records as Gradescope's results.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from decimal import Decimal

from autograder.adjustments import Settled, settle
from autograder.points import share, two_decimals

__all__ = [
    "EXPLAINED",
    "OUTCOMES",
    "CheckResult",
    "Note",
    "FunctionScore",
    "function_score",
    "SubmissionResult",
]

# Every way a check can end. Gradescope only knows passed/failed; the outcome goes in extra_data.
OUTCOMES = (
    "passed",
    "failed",  # returned a wrong value
    "error",  # raised an exception, or its file could not be loaded
    "timeout",  # exceeded the per-call time limit
    "memory",  # exceeded the memory limit
    "crashed",  # the worker process died (exit, signal, broken protocol)
    "not_started",  # still raises NotImplementedError
    "missing",  # the function is not defined
    "wrong_signature",  # defined with other parameters than the exercise asks for
    "no_submission",  # the exercise file was not submitted
)


# Causes explained in full per function (with their call, the student's variables for it and the
# reference's steps); the checks failing for any other cause are only named, so one wrong
# function stays a screenful however many checks it fails.
EXPLAINED = 2


@dataclass(frozen=True)
class CheckResult:
    exercise: str
    function: str
    name: str  # "relu: is never negative" -- always begins with the function
    outcome: str
    score: float
    max_score: float
    visibility: str  # visible / after_due_date / hidden (Gradescope's words)
    public: bool  # a public check (students can run it) or a hidden one
    message: str = ""  # what happened (expected vs got, the exception...); respects visibility
    examples: int = 0  # Hypothesis examples run before the verdict
    misconception: str | None = None  # id of the diagnosed misconception, if any
    call: str = ""  # the call that showed the problem, as Python: "relu(-1)"
    # (label, literal) the reference computes for `call`, and its answer: kept for hidden checks
    # too, shown for them only once the due date has passed (messages.revealed).
    steps: tuple[tuple[str, str], ...] = ()
    expected: str = ""
    variables: tuple[tuple[str, str], ...] = ()  # (name, literal): the student's own locals for `call`
    misconception_message: str = ""  # what the diagnosed misconception gets wrong
    misconception_hint: str = ""
    # Passed, but scored 0: every check this function passed is also passed by this trivial
    # implementation ("return 0"), so none of them shows that it computes anything.
    also_passed_by: str = ""
    # Failed checks with one explanation share it, keyed by facts ("misconception:relu-on-output",
    # "failed:<rule>", "error:ValueError:<message>", "load:<file>:<how>:<exception>",
    # "skipped:<outcome>:<after>", "missing"...): feedback says each cause once.
    cause: str = ""
    # What happened, as facts; render/messages.py `worded` turns them into `message` (and the
    # ignored argument into the misconception's words). `stage`: "" a check that ran; "load"
    # its file did not load (`detail`: how loading ended); "cell" the notebook cell defining
    # the function failed; "skipped" not run once check `after` stopped the function; "budget"
    # the submission's time ran out; "unfinished" grading this submission stopped.
    stage: str = ""
    source: str = ""  # the file (or notebook) the function came from
    rule: str = ""  # the property a wrong value broke
    got: str = ""  # the student's answer for `call`, as a literal
    arguments: tuple[str, ...] = ()  # `call`'s arguments, in order, as literals
    raised: str = ""  # the exception's type (a call, a load or a cell)
    raised_message: str = ""
    traceback: tuple[str, ...] = ()  # the student's own frames
    detail: str = ""
    after: str = ""
    cell: int = 0  # 1-based
    ignored_argument: str = ""  # the parameter the function never reads (misconception "ignores-<it>")
    # A function with a `curve` in course.toml: the student's and the reference's sequence for
    # `call` (e.g. the loss history), drawn side by side; the reference's shown as `steps` are.
    curve: tuple[float, ...] = ()
    expected_curve: tuple[float, ...] = ()

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"


@dataclass(frozen=True)
class FunctionScore:
    """One function's points, exact to the cent: the number every file shows and adds up."""

    exercise: str
    function: str
    score: Decimal
    max_score: Decimal
    checks: tuple[CheckResult, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


def function_score(checks) -> FunctionScore:
    """A function's checks share its points equally, each earned whole or not at all (a passed
    check whose points are withheld, `also_passed_by`, earns none): the score is the exact share
    of the passes, never a sum of rounded float shares. A record with other per-check points
    (written by hand, an older file) adds those up exactly instead."""
    checks = tuple(checks)
    points = two_decimals(sum(c.max_score for c in checks))
    if all(c.score == 0 or c.score == c.max_score for c in checks):
        score = share(points, sum(1 for c in checks if c.score > 0), len(checks))
    else:
        score = two_decimals(sum((Decimal(repr(float(c.score))) for c in checks), Decimal(0)))
    return FunctionScore(checks[0].exercise, checks[0].function, score, points, checks)


@dataclass(frozen=True)
class Note:
    """Something about a whole submission, as facts (render/messages.py `note_text` words it).
    `kind`: "notebooks_ignored" (`others` were not graded), "notebook_unreadable",
    "cell_failed", "load_failed" (`outcome`: how loading ended), "unfinished"."""

    kind: str
    file: str = ""
    outcome: str = ""
    raised: str = ""
    raised_message: str = ""
    traceback: tuple[str, ...] = ()
    cell: int = 0  # 1-based
    cell_label: str = ""  # how the student's notebook names that cell (its marker or first line), when known
    others: tuple[str, ...] = ()


@dataclass(frozen=True)
class SubmissionResult:
    student: str
    course: str
    grader_version: str
    isolation: str
    checks: tuple[CheckResult, ...]
    output: str = ""  # the student's own prints, truncated and labelled; never parsed
    notes: tuple[str, ...] = ()  # submission-level messages (rejected files, load errors...), in words
    problems: tuple[Note, ...] = ()  # the grader's own notes as facts; `worded` puts them in `notes`
    extra: dict = field(default_factory=dict)  # lateness, name, ... set by the class grader
    # The instructor's manual adjustments (autograder/adjustments.py), from DIR/adjustments.csv:
    # `functions()` stays what the checks earned; exercise points and the score include them.
    adjustments: tuple = ()

    def functions(self) -> list[FunctionScore]:
        """Each graded function's points, in the order its checks were graded."""
        return list(self._functions)

    @cached_property
    def _functions(self) -> tuple[FunctionScore, ...]:
        # Worked out once per record (it is immutable): every total and file asks for it.
        grouped: dict[tuple[str, str], list[CheckResult]] = {}
        for check in self.checks:
            grouped.setdefault((check.exercise, check.function), []).append(check)
        return tuple(function_score(checks) for checks in grouped.values())

    @cached_property
    def settled(self) -> Settled:
        """What the manual adjustments moved, exactly (none: nothing)."""
        return settle(self._functions, self.adjustments)

    def exercise_points(self, exercise: str) -> tuple[Decimal, Decimal]:
        """(earned, possible) for one exercise: the sum of its functions' exact points, adjusted."""
        own = [f for f in self.functions() if f.exercise == exercise]
        earned = sum((f.score for f in own), Decimal("0.00")) + self.settled.exercise(exercise)
        return earned, sum((f.max_score for f in own), Decimal("0.00"))

    @property
    def score(self) -> float:
        return float(sum((f.score for f in self.functions()), Decimal("0.00")) + self.settled.total)

    @property
    def max_score(self) -> float:
        return float(sum((f.max_score for f in self.functions()), Decimal("0.00")))

    def by_exercise(self) -> dict[str, list[CheckResult]]:
        grouped: dict[str, list[CheckResult]] = {}
        for result in self.checks:
            grouped.setdefault(result.exercise, []).append(result)
        return grouped
