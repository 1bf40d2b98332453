"""What happened in one check, as the engine decides it and before anything is put into words."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Verdict"]


@dataclass(frozen=True)
class Verdict:
    """One check's outcome with the facts that explain it (render/messages.py words them)."""

    outcome: str
    examples: int = 0
    rule: str = ""
    args: tuple | None = None  # arguments of the call that showed the problem
    expected: object = None
    got: object = None
    answer: object = None  # the student's whole answer for `args` (what `got` may be a part of)
    error: dict = field(default_factory=dict)
    detail: str = ""
    misconception: object = None  # the Misconception that explains the failure, if one does
    variables: tuple = ()  # (name, literal): the student's function's own locals for `args`
    # Why a check has no verdict of its own (see CheckResult.stage): its file did not load, its
    # notebook cell failed, an earlier check `after` stopped the function, time ran out.
    stage: str = ""
    after: str = ""
    cell: int = 0
    ignored: str = ""  # the parameter the function never reads, when that explains the failure
