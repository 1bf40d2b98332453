"""Differential property testing: run each check with Hypothesis against a student's function.

Hypothesis, the reference and every comparison run here, in the trusted grader; the
student's function runs in the worker behind a `Proxy`. A failure is shrunk to the
smallest input that shows it and recorded from the check body itself (never by parsing
Hypothesis' text). A hang, crash or unfinished stub stops the check at once: no shrinking
replays a timeout, and later checks of that function are not run.
"""

from __future__ import annotations

import collections
import copy
import functools
import hashlib
import inspect
import re
import time
from dataclasses import dataclass, field, replace
from fractions import Fraction

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings

import autograder
from autograder import trivial
from autograder.bank import ExampleBank, check_seed
from autograder.catalog import Material
from autograder.checking import Check, Mismatch
from autograder.course import Course, Function
from autograder.messages import EXPLAINED, Verdict, ignored_argument_misconception, load_failure_message, message_for, skipped_message
from autograder.results import CheckResult, SubmissionResult
from autograder.notebooks import NotebookError, code_cells
from autograder.diagnosis import Answer, diagnose, ignored_argument
from autograder.inprocess import InProcessSession
from autograder.worker import _same
from autograder.literals import call_literal, literal
from autograder.runner import CallFailed, LoadResult, Reply, Session, StudentRaised

__all__ = ["grade_profile", "Proxy", "run_check", "grade_session", "Plan", "trivially_passed", "warm_facts"]

# Settings every grading run uses: same inputs on every machine, nothing remembered between runs.
settings.register_profile(
    "grade",
    derandomize=True,
    database=None,
    deadline=None,
    report_multiple_bugs=False,
    print_blob=False,
    verbosity=Verbosity.quiet,
    suppress_health_check=list(HealthCheck),
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
)


def grade_profile(examples: int) -> settings:
    return settings(settings.get_profile("grade"), max_examples=examples)


class Proxy:
    """Stands for the student's function inside a check body; each call runs in the worker."""

    def __init__(self, session: Session, exercise: str, function: str):
        self.session, self.exercise, self.function = session, exercise, function
        self.last_args: tuple | None = None
        self.last_value = None
        self.last_modified: tuple[int, ...] = ()
        self.calls = 0
        self.ready: collections.deque = collections.deque()  # (args, outcome) fetched ahead
        self.log: list[tuple[tuple, Answer]] = []  # every answer seen, for the diagnosis

    def remember(self, args: tuple, outcome) -> None:
        if isinstance(outcome, StudentRaised):
            self.log.append((args, Answer(raised=outcome.error.get("type", "Exception"))))
        elif isinstance(outcome, Reply):
            self.log.append((args, Answer(value=outcome.value, modified=outcome.modified)))

    def __call__(self, *args):
        self.last_args = args
        self.last_value = None
        self.last_modified = ()
        self.calls += 1
        try:
            reply = self._answer(args)
        except StudentRaised as raised:
            if raised.not_started:
                raise CallFailed("not_started", "NotImplementedError") from None
            if raised.error.get("memory"):
                raise CallFailed("memory", "MemoryError") from None
            raise
        self.last_modified = reply.modified
        self.last_value = reply.value
        return reply.value

    def _answer(self, args: tuple):
        if self.ready:
            asked, outcome = self.ready[0]
            if len(asked) == len(args) and all(x is y or _same(x, y) for x, y in zip(asked, args)):
                self.ready.popleft()
                if isinstance(outcome, BaseException):
                    raise outcome
                return outcome
            self.ready.clear()  # a different call: the answers fetched ahead no longer apply
        try:
            outcome = self.session.call(self.exercise, self.function, args)
        except StudentRaised as raised:
            self.remember(args, raised)
            raise
        self.remember(args, outcome)
        return outcome


# Shrinking stops this many calls after the first failure; the smallest failing input found
# by then is reported. Counted, not timed, so the report is the same on every machine.
SHRINK_BUDGET = 150


class _ShrinkBudgetSpent(BaseException):
    """Stops Hypothesis once shrinking has cost SHRINK_BUDGET calls."""


def run_check(
    check: Check, proxy: Proxy, *, examples: int, reference=None, bank: ExampleBank | None = None, shrink: bool = True
) -> Verdict:
    """Run one property check; the verdict holds the minimal failing call when it fails.

    With a `bank`, the check's examples are replayed without Hypothesis first; only a
    failure (a wrong value or an exception) goes through Hypothesis to be shrunk. Both
    paths give the same verdict (see bank.py). With `shrink=False` a failure found by the
    replay is returned as it is (for callers that only need pass or fail).
    """
    if bank is not None:
        remembered = _Remembered(reference, bank.expected) if reference is not None else None
        verdict = _replay(check, proxy, bank.examples(check, examples), remembered)
        if verdict is not None:
            return verdict
        if not shrink:
            return Verdict(outcome="failed", examples=0, args=proxy.last_args)
        proxy.ready.clear()
        return run_check(check, proxy, examples=examples, reference=reference)
    count = [0]
    failure: dict = {}
    extra = {"reference": reference} if check.reference else {}

    def body(args):
        if failure:
            failure["after"] += 1
            if failure["after"] > SHRINK_BUDGET:
                raise _ShrinkBudgetSpent
        else:
            count[0] += 1
        try:
            check.body(proxy, *args, **extra)
        except Mismatch as mismatch:
            failure.update(kind="failed", mismatch=mismatch, args=proxy.last_args, error=None, after=failure.get("after", 0))
            raise
        except StudentRaised as raised:
            failure.update(kind="error", error=raised.error, args=proxy.last_args, mismatch=None, after=failure.get("after", 0))
            raise
        except Exception as exc:  # the check could not use what the function returned
            mismatch = Mismatch(
                f"returned a value the check cannot use ({type(exc).__name__})",
                expected="a number or a numeric array as the exercise describes",
                got=proxy.last_value,
            )
            failure.update(kind="failed", mismatch=mismatch, args=proxy.last_args, error=None, after=failure.get("after", 0))
            raise mismatch from None

    test = seed(check_seed(check))(grade_profile(examples)(given(check.examples)(body)))
    try:
        test()
    except _ShrinkBudgetSpent:
        return _failure_verdict(failure, count[0])
    except CallFailed as stopped:
        return Verdict(outcome=stopped.outcome, examples=count[0], args=proxy.last_args, detail=stopped.detail)
    except Exception as exc:  # the failure recorded by the final (minimal) replay
        if failure:
            return _failure_verdict(failure, count[0])
        # Hypothesis itself gave up (e.g. a flaky, non-deterministic function).
        return Verdict(outcome="failed", examples=count[0], rule="gave different results for the same input", detail=type(exc).__name__)
    return Verdict(outcome="passed", examples=count[0])


class _Remembered:
    """The reference, answering again from memory for the bank's own argument objects.

    The bank keeps every drawn example alive for the whole run, so the objects themselves
    (checked with `is`, not their ids alone) identify an example: each student after the
    first, and the second pass of a replay, reuse the reference's answer. Other arguments
    (a shrunk input, one derived in a check body) are computed afresh.
    """

    LIMIT = 200_000  # remembered answers per run: bounds the memory

    def __init__(self, function, store: dict):
        self.function, self.store = function, store

    def __call__(self, *args):
        key = (id(self.function), *map(id, args))
        entry = self.store.get(key)
        if entry is not None and len(entry[0]) == len(args) and all(a is b for a, b in zip(entry[0], args)):
            return entry[1]
        value = self.function(*args)
        if len(self.store) < self.LIMIT:
            self.store[key] = (args, value)
        return value


class _NeedCall(BaseException):
    """Raised by a discovery run of a check body at its first call with no known answer."""

    def __init__(self, args: tuple):
        self.args_needed = args


class _Script:
    """Plays a check body against answers fetched earlier; stops at the first unknown call."""

    def __init__(self, answers: list):
        self.answers = answers
        self.position = 0
        self.last_modified: tuple[int, ...] = ()

    def __call__(self, *args):
        if self.position >= len(self.answers):
            raise _NeedCall(args)
        _, outcome = self.answers[self.position]
        self.position += 1
        if isinstance(outcome, BaseException):
            raise outcome  # the example ends here, as it would in a call-by-call run
        self.last_modified = outcome.modified
        return outcome.value


def _replay(check: Check, proxy: Proxy, drawn: list[tuple], reference) -> Verdict | None:
    """The verdict of `check` on its drawn examples, fetching the student's answers in rounds.

    Round k sends, in one pipelined batch, the k-th call of every example still running (a
    check body calls the function one to a few times per example, with arguments that follow
    from the example). Bodies are then played in example order against those answers, exactly
    as a call-by-call run would, so the verdict is the same. Returns None when an example
    fails: the caller lets Hypothesis shrink it from scratch.
    """
    extra = {"reference": reference} if check.reference else {}
    answers: list[list] = [[] for _ in drawn]
    active = list(range(len(drawn)))
    while active:
        requests = []
        for index in active:
            try:
                check.body(_Script(answers[index]), *drawn[index], **extra)
            except _NeedCall as need:
                requests.append((index, need.args_needed))
            except BaseException:  # this example's verdict is already decided by its answers
                pass
        if not requests:
            break
        outcomes = proxy.session.call_many(proxy.exercise, proxy.function, [args for _, args in requests])
        for (index, args), outcome in zip(requests, outcomes):
            answers[index].append((args, outcome))
            proxy.remember(args, outcome)
        active = [index for index, _ in requests[: len(outcomes)]]
        if len(outcomes) < len(requests) or isinstance(outcomes[-1], CallFailed):
            # The worker is gone at this call: examples after it cannot come first in order.
            stop = requests[len(outcomes) - 1][0]
            active = [index for index in active if index < stop]
    for index, args in enumerate(drawn):
        proxy.ready = collections.deque(answers[index])
        try:
            check.body(proxy, *args, **extra)
        except CallFailed as stopped:
            return Verdict(outcome=stopped.outcome, examples=index + 1, args=proxy.last_args, detail=stopped.detail)
        except Exception:  # a wrong value or an exception: the caller shrinks it
            proxy.ready.clear()
            return None
    proxy.ready.clear()
    return Verdict(outcome="passed", examples=len(drawn))


def _failure_verdict(failure: dict, examples: int) -> Verdict:
    if failure["kind"] == "failed":
        mismatch = failure["mismatch"]
        return Verdict(outcome="failed", examples=examples, rule=mismatch.rule, args=failure["args"], expected=mismatch.expected, got=mismatch.got)
    return Verdict(outcome="error", examples=examples, args=failure["args"], error=failure["error"])


@dataclass
class Plan:
    """What to grade: the course, its materials, and how."""

    course: Course
    materials: list[Material]
    hidden: bool = True
    examples: int | None = None
    only_exercises: tuple[str, ...] = field(default_factory=tuple)
    bank: ExampleBank | None = None
    shrink: bool = True  # False: a failure is reported as first found (dev check needs pass or fail only)
    # Examples for the trivial implementations' runs when grading itself does not replay.
    scratch: ExampleBank | None = field(default=None, repr=False, compare=False)

    def checks_for(self, material: Material, function: Function) -> list[Check]:
        return [c for c in material.checks(hidden=self.hidden) if c.function == function.name]


def _visibility(plan: Plan, material: Material, check: Check) -> str:
    if check in material.public:
        return "visible"
    override = material.exercise.check_overrides.get(check.title) or material.exercise.check_overrides.get(check.name)
    if isinstance(override, dict) and override.get("visibility"):
        return override["visibility"]
    return plan.course.grading.hidden_check_visibility


def _shares(points: float, count: int) -> list[float]:
    """Split a function's points over its checks; shares add up to the points exactly."""
    if count == 0:
        return []
    exact = Fraction(points).limit_denominator(10**6) / count
    shares = [round(float(exact), 4)] * count
    shares[-1] = round(points - sum(shares[:-1]), 4)
    return shares


def _notebook_loads(plan: Plan, session: Session, files: dict[str, bytes], notes: list[str]) -> tuple[str | None, dict]:
    """Run the submitted notebook for the exercises that have no .py file; LoadResult per exercise."""
    notebooks = sorted(name for name in files if name.lower().endswith(".ipynb"))
    needed = [m.exercise for m in plan.materials if m.exercise.file not in files]
    if not notebooks or not needed or session is None:
        return None, {}
    name = notebooks[0]
    if len(notebooks) > 1:
        notes.append(f"Several notebooks were submitted; {name} was graded, {', '.join(notebooks[1:])} ignored.")
    try:
        cells = code_cells(files[name])
    except NotebookError as exc:
        failed = LoadResult(ok=False, outcome="error", error={"type": "NotebookError", "message": str(exc), "traceback": []})
        notes.append(f"{name} could not be read: {exc}")
        return name, {e.name: failed for e in needed}
    loaded = session.load_notebook(cells, {e.name: [(f.name, len(f.params)) for f in e.functions] for e in needed})
    limits = plan.course.grading.limits
    texts = {index: _cell_failure(name, index, error, limits) for index, error in loaded.cell_errors.items()}
    notes.extend(texts[index] for index in sorted(texts))
    results = {}
    for exercise, result in loaded.results.items():
        if result.ok:
            functions = dict(result.functions)
            for function, info in functions.items():
                index = _defining_cell(function, cells, loaded.cell_errors) if not info.get("present") else None
                if index is not None:
                    # The function is absent because its cell failed: read it as the same file would.
                    failed_type = loaded.cell_errors[index].get("type")
                    outcome = failed_type if failed_type in ("timeout", "crashed") else "error"
                    functions[function] = {"present": False, "cell_outcome": outcome, "cell_message": texts[index]}
            result = replace(result, functions=functions)
        results[exercise] = result
    return name, results


def _cell_failure(notebook: str, index: int, error: dict, limits) -> str:
    if error.get("type") in ("timeout", "crashed"):
        return load_failure_message(f"{notebook}, cell {index + 1},", error["type"], error, limits).replace(" did not finish loading", " did not finish running")
    trace = "\n".join(error.get("traceback") or [])
    return f"{notebook}, cell {index + 1} raised {error.get('type')}: {error.get('message')}" + (f"\n{trace}" if trace else "")


def _defining_cell(function: str, cells: list[tuple[str | None, str]], failed: dict) -> int | None:
    """The last failed cell whose text defines `function` (a def at the start of a line)."""
    pattern = re.compile(rf"^\s*def\s+{re.escape(function)}\s*\(", re.MULTILINE)
    found = [index for index in failed if 0 <= index < len(cells) and pattern.search(cells[index][1])]
    return max(found) if found else None


def grade_session(plan: Plan, session: Session | None, files: dict[str, bytes], *, student: str, isolation: str = "") -> SubmissionResult:
    """Grade one submission whose files are loaded in `session` (None when nothing was submitted).

    Each exercise comes from its .py file when submitted, else from a submitted notebook.
    """
    course = plan.course
    limits = course.grading.limits
    examples = plan.examples or course.grading.examples_per_check
    results: list[CheckResult] = []
    notes: list[str] = []
    deadline = time.monotonic() + limits.submission_s
    notebook, notebook_loads = _notebook_loads(plan, session, files, notes)
    for material in plan.materials:
        exercise = material.exercise
        if plan.only_exercises and exercise.name not in plan.only_exercises:
            continue
        source = exercise.file
        load = None
        if session is not None and exercise.file in files:
            load = session.load(exercise.name, exercise.file, [(f.name, len(f.params)) for f in exercise.functions])
            if not load.ok:
                notes.append(load_failure_message(exercise.file, load.outcome, load.error or {}, limits))
        elif exercise.name in notebook_loads:
            load = notebook_loads[exercise.name]
            source = notebook
        submitted = load is not None
        for function in exercise.functions:
            checks = plan.checks_for(material, function)
            shares = _shares(function.points, len(checks))
            verdicts = _grade_function(plan, material, function, checks, session, submitted, load, examples, source, deadline)
            withheld = _withheld(plan, material, function, checks, [v for v, _ in verdicts], examples)
            for check, share, (verdict, message) in zip(checks, shares, verdicts):
                visibility = _visibility(plan, material, check)
                if message is None:
                    message = message_for(verdict, function, file=source, limits=limits, visibility=visibility)
                steps, expected = (), ""
                if verdict.outcome == "failed" and verdict.args is not None:
                    # Kept for hidden checks too: shown once the due date has passed (messages.revealed).
                    steps = _explanation(material, function.name, verdict.args)
                    expected = _expected_literal(verdict.expected)
                wrong = verdict.misconception
                results.append(
                    CheckResult(
                        exercise=exercise.name,
                        function=function.name,
                        name=check.title,
                        outcome=verdict.outcome,
                        score=share if verdict.outcome == "passed" and check.title not in withheld else 0.0,
                        max_score=share,
                        visibility=visibility,
                        public=check in material.public,
                        message=message,
                        examples=verdict.examples,
                        misconception=wrong.id if wrong else None,
                        call=call_literal(function.name, function.params, verdict.args) if verdict.args is not None else "",
                        steps=steps,
                        expected=expected,
                        variables=verdict.variables,
                        misconception_message=wrong.message if wrong else "",
                        misconception_hint=wrong.hint if wrong else "",
                        also_passed_by=withheld.get(check.title, ""),
                        cause=_cause(verdict, message),
                    )
                )
    return SubmissionResult(
        student=student,
        course=course.id,
        grader_version=autograder.__version__,
        isolation=isolation,
        checks=tuple(results),
        notes=tuple(notes),
    )


def _expected_literal(expected) -> str:
    if expected is None:
        return ""
    return expected if isinstance(expected, str) else literal(expected)


def _cause(verdict: Verdict, message: str) -> str:
    """What failures with one explanation share: the misconception, the broken rule, the
    exception, or the message itself (a file that did not load, a skipped check)."""
    if verdict.outcome == "passed":
        return ""
    if verdict.misconception is not None:
        return f"misconception:{verdict.misconception.id}"
    if verdict.outcome == "failed" and verdict.rule:
        return f"failed:{verdict.rule}"
    if verdict.outcome == "error" and verdict.error:
        return f"error:{verdict.error.get('type', '')}:{verdict.error.get('message', '')}"
    return f"{verdict.outcome}:{message}"


def _withheld(plan: Plan, material: Material, function: Function, checks: list[Check], verdicts: list[Verdict], examples: int) -> dict[str, str]:
    """Passed checks whose points the function does not earn -> the trivial implementation
    that passes them too: all of them, when one implementation that computes nothing passes
    every check the function passed (see trivial.py). Runs trivial code only when it must."""
    passed = [check for check, verdict in zip(checks, verdicts) if verdict.outcome == "passed"]
    if not passed or len(passed) == len(checks):
        return {}
    alike: list[str] | None = None  # trivial implementations that pass every check passed so far
    for check in passed:
        labels = trivially_passed(plan, material, function, check, examples)
        alike = [label for label in (labels if alike is None else alike) if label in labels]
        if not alike:
            return {}  # no code that computes nothing does as well: every point counts
    failed = [check for check, verdict in zip(checks, verdicts) if verdict.outcome != "passed"]
    for label in alike:
        if not all(label in trivially_passed(plan, material, function, check, examples) for check in failed):
            return {check.title: label for check in passed}
    return {}  # trivial code passes every check of this function (dev check refuses such a course)


def trivially_passed(plan: Plan, material: Material, function: Function, check: Check, examples: int) -> list[str]:
    """How each trivial implementation that passes `check` is written ("return 0", ...)."""
    reference = material.reference.get(function.name)
    if check.reference and reference is None:
        return []
    if plan.bank is None and plan.scratch is None:
        plan.scratch = ExampleBank(grade_profile)
    bank = plan.bank or plan.scratch

    def passing() -> list[str]:
        found = []
        for label, implementation in trivial.implementations(function.params, reference):
            session = InProcessSession({material.exercise.name: {function.name: implementation}})
            proxy = Proxy(session, material.exercise.name, function.name)
            if run_check(check, proxy, examples=examples, reference=reference, bank=bank, shrink=False).outcome == "passed":
                found.append(label)
        return found

    return bank.fact(check, examples, f"{trivial.VERSION}|{_source_digest(reference)}", passing)


def warm_facts(plan: Plan) -> int:
    """Work out, for every check, which trivial implementations pass it, so that grading never
    has to (the Gradescope image, where every submission starts from a fresh container).
    Returns how many checks were covered."""
    examples = plan.examples or plan.course.grading.examples_per_check
    count = 0
    for material in plan.materials:
        for function in material.exercise.functions:
            for check in plan.checks_for(material, function):
                trivially_passed(plan, material, function, check, examples)
                count += 1
    return count


def _source_digest(function) -> str:
    """Digest of the file that defines `function` (the trivial zeros take its shapes)."""
    if function is None:
        return "none"
    try:
        return _file_digest(inspect.getfile(function))
    except (OSError, TypeError):
        return "unknown"


@functools.lru_cache(maxsize=64)
def _file_digest(path: str) -> str:
    # Once per reference file and process: asked for each check of every failing function.
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:16]


def _explanation(material: Material, function: str, args: tuple) -> tuple[tuple[str, str], ...]:
    """The reference's intermediate values for the failing input, so the student can trace where it went wrong."""
    explain = material.explainers.get(function)
    if explain is None:
        return ()
    try:
        steps = explain(*copy.deepcopy(args))
    except Exception:
        return ()
    return tuple((str(label), literal(value)) for label, value in steps)


def _grade_function(plan, material, function, checks, session, submitted, load, examples, source, deadline):
    """Verdicts (with an optional ready-made message) for each check of one function."""
    exercise = material.exercise
    if not submitted:
        return [(Verdict(outcome="no_submission"), None)] * len(checks)
    if not load.ok:
        outcome = load.outcome if load.outcome in ("timeout", "crashed") else "error"
        text = load_failure_message(source, load.outcome, load.error or {}, plan.course.grading.limits)
        return [(Verdict(outcome=outcome), text)] * len(checks)
    info = load.functions.get(function.name, {"present": False})
    if not info.get("present") and "cell_outcome" in info:
        return [(Verdict(outcome=info["cell_outcome"]), info["cell_message"])] * len(checks)
    if not info.get("present"):
        return [(Verdict(outcome="missing"), None)] * len(checks)
    if not info.get("callable") or not info.get("accepts"):
        shown = f"{function.name}({', '.join(info.get('params', []))})" if info.get("callable") else "not a function"
        return [(Verdict(outcome="wrong_signature", detail=shown), None)] * len(checks)
    verdicts = []
    stopped: tuple[str, str] | None = None
    calls: list = []
    for check in checks:
        if stopped is None and time.monotonic() > deadline:
            budget = plan.course.grading.limits.submission_s
            stopped = ("timeout", f"Not run: grading this submission took longer than {budget:g} s in all, so the remaining checks were not run.")
        if stopped is not None:
            message = stopped[1] if stopped[1].startswith("Not run") else skipped_message(stopped[0], stopped[1])
            verdicts.append((Verdict(outcome=stopped[0]), message))
            continue
        proxy = Proxy(session, exercise.name, function.name)
        verdict = run_check(check, proxy, examples=examples, reference=material.reference.get(function.name), bank=plan.bank, shrink=plan.shrink)
        calls += proxy.log
        if verdict.outcome in ("timeout", "crashed", "not_started", "memory"):
            stopped = (verdict.outcome, check.title)
        verdicts.append((verdict, None))
    wrong = [m for m in material.misconceptions if m.function == function.name]
    if function.name in material.reference and any(v.outcome in ("failed", "error") for v, _ in verdicts):
        # The course's own misconceptions first (the most precise words), then the general one.
        found = diagnose(calls, material.reference[function.name], wrong) if wrong else None
        if found is None:
            index = ignored_argument(calls, material.reference[function.name])
            found = ignored_argument_misconception(function, function.params[index]) if index is not None else None
        if found is not None:
            verdicts = [(replace(v, misconception=found) if v.outcome in ("failed", "error") else v, m) for v, m in verdicts]
    if time.monotonic() < deadline:
        verdicts = _with_variables(session, material, function, checks, verdicts)
    return verdicts


def _with_variables(session, material, function, checks, verdicts):
    """The student's own local variables for the call that shows each explained cause (the first
    failure of a cause among the public checks and among the hidden ones: feedback explains
    those in full), so a hidden failure has the student's own intermediate values to compare."""
    explained: set = set()
    traced: dict[str, tuple] = {}
    shown = []
    for check, (verdict, message) in zip(checks, verdicts):
        if verdict.outcome in ("failed", "error") and verdict.args is not None:
            key = (check in material.public, _cause(verdict, message or ""))
            if key not in explained and sum(1 for k in explained if k[0] == key[0]) < EXPLAINED:
                explained.add(key)
                call = literal(verdict.args)
                if call not in traced:
                    found = session.variables(material.exercise.name, function.name, verdict.args)
                    traced[call] = tuple((name, literal(value)) for name, value in found)
                verdict = replace(verdict, variables=traced[call])
        shown.append((verdict, message))
    return shown
