"""A known-wrong implementation with the teaching message it deserves, written beside its code.

Kept beside the hidden reference (`solutions/NN_name/misconceptions.py`), never shipped to
students. A misconception is the wrong code itself under `@misconception`; its docstring is
the message a student reads:

    @misconception("relu", id="leaky-relu", hint="For any input that is not positive, relu returns exactly 0.", common=True)
    def leaky_relu(input):
        \"""It looks like negative numbers are scaled down (a 'leaky' ReLU) rather than set to 0.\"""
        return input if input > 0 else 0.01 * input


    @leaky_relu.spelling
    def leaky_relu_tenth(input):
        return max(input, input / 10)

`autograder dev check` proves each one is caught by the hidden checks; grading uses them to
name what went wrong when a student's outputs match one exactly.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, Iterable

__all__ = ["Misconception", "misconception", "collect_misconceptions"]


@dataclass(frozen=True)
class Misconception:
    """`spellings` are other common ways to write the same mistake that differ from
    `implementation` in incidental behaviour only (a shape one cannot handle, the order of a
    rounding, a leaky slope); a student matching any one of them exactly is diagnosed.

    `common` marks a mistake real students make often: `dev check` then requires a public
    check to fail it, so `autograder check` is never all-green for it."""

    function: str
    id: str
    message: str
    hint: str
    implementation: Callable
    spellings: tuple[Callable, ...] = ()
    common: bool = False

    @property
    def implementations(self) -> tuple[Callable, ...]:
        return (self.implementation, *self.spellings)


class _Declaration:
    """What `@misconception` attaches to its function (`__misconception__`): the record, still
    open to spellings while the module runs; the catalog reads it with `record()`."""

    def __init__(self, function: str, id: str, hint: str, common: bool, implementation: Callable, message: str):
        self.function = function
        self.id = id
        self.hint = hint
        self.common = common
        self.implementation = implementation
        self.message = message
        self.spellings: list[Callable] = []

    def spelling(self, implementation: Callable) -> Callable:
        """Decorator: another way to write this mistake (see `Misconception.spellings`); returns it unchanged."""
        if not callable(implementation):
            raise TypeError(f"misconception {self.id!r} of {self.function}: a spelling must be a function, not {implementation!r}")
        self.spellings.append(implementation)
        return implementation

    def record(self) -> Misconception:
        return Misconception(
            function=self.function,
            id=self.id,
            message=self.message,
            hint=self.hint,
            implementation=self.implementation,
            spellings=tuple(self.spellings),
            common=self.common,
        )


def _message(doc: str | None) -> str:
    """The docstring as one line per paragraph: authors wrap long messages, students read them whole."""
    paragraphs = inspect.cleandoc(doc or "").split("\n\n")
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def misconception(function: str, *, id: str, hint: str, common: bool = False, spellings: Iterable[Callable] = ()):
    """Declare the decorated function a known-wrong implementation of the graded `function`.

    Its docstring is the message (`It looks like ...`) and `hint` says what to do instead;
    `common=True` marks a mistake real students make often. Other ways to write the same
    mistake come as `spellings=` or, below it, `@name.spelling`. Returns the function itself.
    """
    for name, value in (("function", function), ("id", id), ("hint", hint)):
        if not isinstance(value, str) or not value.strip():
            raise TypeError(f"misconception: {name}={value!r} must be a non-empty string")
    if not isinstance(common, bool):
        raise TypeError(f"misconception {id!r}: common={common!r} must be True or False")
    spellings = tuple(spellings)

    def declare(implementation: Callable) -> Callable:
        label = f"misconception {id!r} of {function}"
        if not callable(implementation) or not hasattr(implementation, "__dict__"):
            raise TypeError(f"{label}: @misconception decorates a function (def ...), not {implementation!r}")
        if "__misconception__" in vars(implementation):
            raise TypeError(f"{label}: {implementation.__name__} already declares {vars(implementation)['__misconception__'].id!r}; write one function per misconception")
        message = _message(getattr(implementation, "__doc__", None))
        if not message:
            raise TypeError(f"{label}: {getattr(implementation, '__name__', implementation)!r} has no docstring; its docstring is the message students read")
        declared = _Declaration(function, id, hint, common, implementation, message)
        for spelling in spellings:
            declared.spelling(spelling)
        implementation.__misconception__ = declared
        implementation.spelling = declared.spelling
        return implementation

    return declare


def collect_misconceptions(namespace: dict) -> list[Misconception]:
    """The misconceptions a module declares, in definition order (the order diagnosis tries them).

    Either a `MISCONCEPTIONS` list of records or `@misconception` functions, not both.
    """
    declared = []
    seen: set[int] = set()
    for value in namespace.values():
        found = getattr(value, "__dict__", {}).get("__misconception__") if callable(value) else None
        if isinstance(found, _Declaration) and found.implementation is value and id(found) not in seen:
            seen.add(id(found))
            declared.append(found.record())
    listed = namespace.get("MISCONCEPTIONS")
    if listed is not None:
        if declared:
            raise TypeError("declare misconceptions one way: a MISCONCEPTIONS list or @misconception functions, not both")
        return list(listed)
    return declared
