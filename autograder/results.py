"""What grading produces: plain, immutable result records and their Gradescope JSON form.

`results.json` follows Gradescope's published schema (tests with name, score, max_score,
status, output, visibility, number, tags), with our own fields inside `extra_data` so any
Gradescope-reading tool still understands the file. Durations and timestamps are kept out
of the graded content so the same submission always serialises to the same bytes.

A check's explanation travels as fields (the call, the reference's steps, the misconception's
message and hint), never as one string to be taken apart again: `output` is rendered from
them for Gradescope, and `from_gradescope` reads the fields back.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from autograder.messages import check_text

__all__ = [
    "FORMAT_VERSION",
    "OUTCOMES",
    "CheckResult",
    "SubmissionResult",
    "to_gradescope",
    "from_gradescope",
    "dumps",
]

# Bumped when a field changes meaning; readers refuse nothing, older files lack the fields.
FORMAT_VERSION = 2

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
    steps: tuple[tuple[str, str], ...] = ()  # (label, literal) the reference computes for `call`; visible checks only
    misconception_message: str = ""  # what the diagnosed misconception gets wrong
    misconception_hint: str = ""
    # Passed, but scored 0: every check this function passed is also passed by this trivial
    # implementation ("return 0"), so none of them shows that it computes anything.
    also_passed_by: str = ""
    # Failed checks with one explanation share it ("misconception:relu-on-output", "failed:<rule>",
    # "error:ValueError:<message>"): feedback says each cause once.
    cause: str = ""

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"


@dataclass(frozen=True)
class SubmissionResult:
    student: str
    course: str
    grader_version: str
    isolation: str
    checks: tuple[CheckResult, ...]
    output: str = ""  # the student's own prints, truncated and labelled; never parsed
    notes: tuple[str, ...] = ()  # submission-level messages (rejected files, load errors...)
    extra: dict = field(default_factory=dict)  # lateness, name, ... set by the class grader

    @property
    def score(self) -> float:
        return round(sum(c.score for c in self.checks), 4)

    @property
    def max_score(self) -> float:
        return round(sum(c.max_score for c in self.checks), 4)

    def by_exercise(self) -> dict[str, list[CheckResult]]:
        grouped: dict[str, list[CheckResult]] = {}
        for result in self.checks:
            grouped.setdefault(result.exercise, []).append(result)
        return grouped


def to_gradescope(result: SubmissionResult, *, summary: str = "", execution_time: float | None = None) -> dict:
    """The Gradescope results.json object for one submission."""
    tests = []
    numbers: dict[str, int] = {}
    exercise_index: dict[str, int] = {}
    for check in result.checks:
        exercise_index.setdefault(check.exercise, len(exercise_index) + 1)
        numbers[check.exercise] = numbers.get(check.exercise, 0) + 1
        test = {
            "name": check.name,
            "number": f"{exercise_index[check.exercise]}.{numbers[check.exercise]}",
            "score": check.score,
            "max_score": check.max_score,
            "status": "passed" if check.passed else "failed",
            "visibility": check.visibility,
            "tags": [check.exercise, check.function, "public" if check.public else "hidden"],
            "output": check_text(check),
            "extra_data": {
                "outcome": check.outcome,
                "exercise": check.exercise,
                "function": check.function,
                "public": check.public,
                "examples": check.examples,
                "message": check.message,
            },
        }
        optional = {
            "misconception": check.misconception,
            "call": check.call,
            "steps": [list(step) for step in check.steps],
            "misconception_message": check.misconception_message,
            "misconception_hint": check.misconception_hint,
            "also_passed_by": check.also_passed_by,
            "cause": check.cause,
        }
        test["extra_data"].update({key: value for key, value in optional.items() if value})
        tests.append(test)
    data = {
        "score": result.score,
        "output": summary,
        "output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {
            "format_version": FORMAT_VERSION,
            "student": result.student,
            "course": result.course,
            "grader_version": result.grader_version,
            "isolation": result.isolation,
            "max_score": result.max_score,
            "student_output": result.output,
            "notes": list(result.notes),
            **({"submission": result.extra} if result.extra else {}),
        },
    }
    if execution_time is not None:
        data["execution_time"] = round(execution_time, 2)
    return data


def from_gradescope(data: dict) -> SubmissionResult:
    """Read back a results.json written by `to_gradescope` (for reports and resumed runs)."""
    extra = data.get("extra_data", {})
    checks = []
    for test in data.get("tests", []):
        meta = test.get("extra_data", {})
        checks.append(
            CheckResult(
                exercise=meta.get("exercise", ""),
                function=meta.get("function", ""),
                name=test["name"],
                outcome=meta.get("outcome", test.get("status", "failed")),
                score=float(test.get("score", 0)),
                max_score=float(test.get("max_score", 0)),
                visibility=test.get("visibility", "visible"),
                public=bool(meta.get("public", True)),
                # Files from before format 2 hold only the rendered text.
                message=meta.get("message", test.get("output", "")),
                examples=int(meta.get("examples", 0)),
                misconception=meta.get("misconception"),
                call=meta.get("call", ""),
                steps=tuple((str(label), str(value)) for label, value in meta.get("steps", ())),
                misconception_message=meta.get("misconception_message", ""),
                misconception_hint=meta.get("misconception_hint", ""),
                also_passed_by=meta.get("also_passed_by", ""),
                cause=meta.get("cause", ""),
            )
        )
    return SubmissionResult(
        student=extra.get("student", ""),
        course=extra.get("course", ""),
        grader_version=extra.get("grader_version", ""),
        isolation=extra.get("isolation", ""),
        checks=tuple(checks),
        output=extra.get("student_output", ""),
        notes=tuple(extra.get("notes", ())),
        extra=dict(extra.get("submission", {})),
    )


def dumps(data: dict) -> str:
    """Stable JSON text: sorted keys, fixed indentation, a final newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def as_plain(result: SubmissionResult) -> dict:
    return asdict(result)
