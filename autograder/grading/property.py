"""One property check, run with Hypothesis against a student's function (differential testing).

Hypothesis, the reference and every comparison run here, in the trusted grader; the
student's function runs in the worker behind a `Proxy`. A failure is shrunk to the
smallest input that shows it and recorded from the check body itself (never by parsing
Hypothesis' text). A hang, crash or unfinished stub stops the check at once: no shrinking
replays a timeout, and later checks of that function are not run.
"""

from __future__ import annotations

import collections

from hypothesis import HealthCheck, Phase, Verbosity, given, seed, settings

from autograder.grading.bank import ExampleBank, check_seed
from autograder.grading.checking import Check, Mismatch
from autograder.grading.verdict import Verdict
from autograder.grading.diagnosis import Answer
from autograder.isolation.values import same
from autograder.isolation.records import CallFailed, Reply, StudentRaised
from autograder.isolation.session import Session

__all__ = ["SHRINK_BUDGET", "Proxy", "grade_profile", "run_check", "shrink_failure"]

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
        self.fetched: list = []  # (args, outcome) a replay fetched up to its failing example

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
        outcome = None
        if self.ready:
            asked, fetched = self.ready[0]
            if len(asked) == len(args) and all(x is y or same(x, y) for x, y in zip(asked, args)):
                self.ready.popleft()
                outcome = fetched
            else:
                self.ready.clear()  # a different call: the answers fetched ahead no longer apply
        if outcome is None:
            try:
                outcome = self.session.call(self.exercise, self.function, args)
            except StudentRaised as raised:
                outcome = raised
            self.remember(args, outcome)
        if isinstance(outcome, BaseException):
            # Raised from here alone and afresh (an answer fetched ahead was raised before, in a
            # replay): Hypothesis tells bugs apart by where they were raised, and must see one
            # bug while it shrinks.
            raise outcome.with_traceback(None)
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
    failure is returned as first drawn (`shrink_failure` shrinks it when it is to be shown).
    """
    if bank is not None:
        remembered = _Remembered(reference, bank.expected) if reference is not None else None
        verdict = _replay(check, proxy, bank.examples(check, examples), remembered)
        if verdict.outcome not in ("failed", "error") or not shrink:
            return verdict
        return shrink_failure(check, proxy, examples=examples, reference=reference)
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
            failure.update(kind="failed", mismatch=mismatch, args=proxy.last_args, answer=proxy.last_value, error=None, after=failure.get("after", 0))
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
            failure.update(kind="failed", mismatch=mismatch, args=proxy.last_args, answer=proxy.last_value, error=None, after=failure.get("after", 0))
            raise mismatch from None

    profile = grade_profile(examples)
    if not shrink:  # the first failing example as drawn, as a replay reports it
        profile = settings(profile, phases=(Phase.explicit, Phase.generate))
    test = seed(check_seed(check))(profile(given(check.examples)(body)))
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


def shrink_failure(check: Check, proxy: Proxy, *, examples: int, reference=None) -> Verdict:
    """The verdict of a check whose replay failed, with its failing input shrunk by Hypothesis.

    Hypothesis draws the same examples up to the failure (see bank.py): the student's answers
    the replay fetched for them (`proxy.fetched`) answer those again, so only the inputs
    shrinking tries go to the worker.
    """
    proxy.ready = collections.deque(proxy.fetched)
    proxy.fetched = []
    try:
        return run_check(check, proxy, examples=examples, reference=reference)
    finally:
        proxy.ready.clear()


def _failed(raised: BaseException, examples: int, args, value) -> Verdict:
    """What a failing example shows, as the Hypothesis path records it (run_check's body)."""
    if isinstance(raised, Mismatch):
        return Verdict(outcome="failed", examples=examples, rule=raised.rule, args=args, expected=raised.expected, got=raised.got, answer=value)
    if isinstance(raised, StudentRaised):
        return Verdict(outcome="error", examples=examples, args=args, error=raised.error)
    return Verdict(
        outcome="failed",
        examples=examples,
        rule=f"returned a value the check cannot use ({type(raised).__name__})",
        args=args,
        expected="a number or a numeric array as the exercise describes",
        got=value,
        answer=value,
    )


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
    """Plays a check body against answers fetched earlier, answering as the Proxy would (the
    same values, the same CallFailed for an unfinished stub or a MemoryError, the same
    `last_*` attributes); stops at the first call with no known answer."""

    def __init__(self, answers: list):
        self.answers = answers
        self.position = 0
        self.last_args: tuple | None = None
        self.last_value = None
        self.last_modified: tuple[int, ...] = ()
        self.calls = 0

    def __call__(self, *args):
        self.last_args = args
        self.last_value = None
        self.last_modified = ()
        self.calls += 1
        if self.position >= len(self.answers):
            raise _NeedCall(args)
        _, outcome = self.answers[self.position]
        self.position += 1
        if isinstance(outcome, StudentRaised):
            if outcome.not_started:
                raise CallFailed("not_started", "NotImplementedError") from None
            if outcome.error.get("memory"):
                raise CallFailed("memory", "MemoryError") from None
            raise outcome  # the example ends here, as it would in a call-by-call run
        if isinstance(outcome, BaseException):
            raise outcome
        self.last_modified = outcome.modified
        self.last_value = outcome.value
        return outcome.value


def _replay(check: Check, proxy: Proxy, drawn: list[tuple], reference) -> Verdict:
    """The verdict of `check` on its drawn examples, fetching the student's answers in rounds.

    Round k sends, in one batch, the k-th call of every example still running (a check body
    calls the function one to a few times per example, with arguments that follow from the
    example). Each body is played against the answers so far until it needs one more; the
    play in which a body finishes is its result, so no body is played again at the end. The
    results are read in example order, exactly as a call-by-call run would meet them, so the
    verdict is the same. A failing example's verdict holds it as drawn, not shrunk.
    """
    extra = {"reference": reference} if check.reference else {}
    answers: list[list] = [[] for _ in drawn]
    ended: dict[int, tuple[_Script, BaseException | None]] = {}  # example -> its last play, what it raised
    active = list(range(len(drawn)))
    while active:
        requests = []
        for index in active:
            script = _Script(answers[index])
            try:
                check.body(script, *drawn[index], **extra)
            except _NeedCall as need:
                requests.append((index, need.args_needed))
                continue
            except (Exception, CallFailed) as raised:  # this example's verdict is decided by its answers
                ended[index] = (script, raised)
                continue
            ended[index] = (script, None)
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
    fetched = proxy.fetched = []  # the answers up to a failing example, for shrink_failure
    for index, args in enumerate(drawn):
        fetched += answers[index]
        if index not in ended:
            # Not played to its end (the worker stopped at or before it): play it now.
            proxy.ready = collections.deque(answers[index])
            try:
                check.body(proxy, *args, **extra)
            except CallFailed as stopped:
                return Verdict(outcome=stopped.outcome, examples=index + 1, args=proxy.last_args, detail=stopped.detail)
            except Exception as raised:  # a wrong value or an exception: shrink_failure shrinks it
                proxy.ready.clear()
                return _failed(raised, index + 1, proxy.last_args, proxy.last_value)
            proxy.ready.clear()
            continue
        script, raised = ended[index]
        proxy.last_args, proxy.last_value, proxy.last_modified = script.last_args, script.last_value, script.last_modified
        proxy.calls += script.calls
        if isinstance(raised, CallFailed):
            return Verdict(outcome=raised.outcome, examples=index + 1, args=script.last_args, detail=raised.detail)
        if raised is not None:  # a wrong value or an exception: shrink_failure shrinks it
            return _failed(raised, index + 1, script.last_args, script.last_value)
    proxy.ready.clear()
    proxy.fetched = []
    return Verdict(outcome="passed", examples=len(drawn))


def _failure_verdict(failure: dict, examples: int) -> Verdict:
    if failure["kind"] == "failed":
        mismatch = failure["mismatch"]
        return Verdict(
            outcome="failed", examples=examples, rule=mismatch.rule, args=failure["args"], expected=mismatch.expected, got=mismatch.got, answer=failure.get("answer")
        )
    return Verdict(outcome="error", examples=examples, args=failure["args"], error=failure["error"])


