"""`autograder dev check`: lint the course itself before students ever see it.

Every property here is something a course author can break by accident:
- course.toml loads, and every exercise has its folders, README, stub, checks and hint;
- every stub has a TODO and is "not started" for every check (run in the real worker);
- every reference passes every public and hidden check;
- every hidden check fails at least one known-wrong implementation (a check that cannot
  fail is a defect), and every misconception is caught by at least one check, a common one
  (`Misconception.common`) by a public check, so students see it before they are graded;
- code that computes nothing (`return 0`, zeros of the right shape, an argument returned
  unchanged, `None`; see trivial.py) earns at most `TRIVIAL_SHARE` of any function's points,
  and every function has a check such code fails;
- nothing hidden sits under exercises/.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.console import Console
from rich.text import Text

from autograder.grading.bank import ExampleBank
from autograder.grading.catalog import Material, checks_digest, load_material
from autograder.course import Course, CourseError
from autograder.grading.diagnosis import diagnose
from autograder.grading.engine import Plan, grade_session
from autograder.render.messages import worded
from autograder.grading.property import Proxy, grade_profile, run_check
from autograder.grading.trivial import trivially_passed
from autograder.grading.plan import default_cache_dir
from autograder.isolation.inprocess import InProcessSession
from autograder.points import format_points
from autograder.isolation.runner import Runner
from autograder.grading.trivial import TRIVIAL_SHARE, implementations

__all__ = ["Finding", "DevReport", "lint_course", "run_dev_check"]

ALLOWED_EXERCISE_FILES = {"README.md", "checks.py", "__pycache__"}
HIDDEN_MARKERS = re.compile(r"^\s*###\s*(BEGIN|END)\s+(SOLUTION|HIDDEN TESTS)", re.M)


@dataclass(frozen=True)
class Finding:
    exercise: str
    problem: str


@dataclass
class DevReport:
    findings: list[Finding] = field(default_factory=list)
    caught: dict = field(default_factory=dict)  # check title -> [misconception ids]
    facts: list[str] = field(default_factory=list)

    def add(self, exercise: str, problem: str) -> None:
        self.findings.append(Finding(exercise, problem))

    @property
    def ok(self) -> bool:
        return not self.findings


def _lint_files(course: Course, report: DevReport) -> None:
    for exercise in course.exercises:
        folder = course.exercises_dir / exercise.name
        stub = folder / exercise.file
        if not folder.is_dir():
            report.add(exercise.name, f"exercises/{exercise.name}/ is missing; create the folder with README.md, {exercise.file} and checks.py")
            continue
        if not (folder / "README.md").is_file():
            report.add(exercise.name, f"exercises/{exercise.name}/README.md is missing; every exercise explains itself")
        if not stub.is_file():
            report.add(exercise.name, f"exercises/{exercise.name}/{exercise.file} (the stub) is missing")
        else:
            text = stub.read_text(encoding="utf-8")
            if text.count("TODO") < len(exercise.functions):
                report.add(exercise.name, f"{exercise.file}: each graded function needs a `# TODO:` where the student's edit goes")
            if HIDDEN_MARKERS.search(text):
                report.add(exercise.name, f"{exercise.file}: contains solution or hidden-test markers; students must never see them")
        for entry in sorted(folder.iterdir()):
            if entry.name not in ALLOWED_EXERCISE_FILES and entry.name != exercise.file:
                report.add(exercise.name, f"exercises/{exercise.name}/{entry.name} is a stray file; students get this folder as it is, remove it")
        if not (course.solutions_dir / exercise.name / exercise.file).is_file():
            report.add(exercise.name, f"solutions/{exercise.name}/{exercise.file} (the reference) is missing")


def _check_reference(course: Course, material: Material, report: DevReport, examples: int, bank) -> None:
    exercise = material.exercise
    session = InProcessSession({exercise.name: material.reference})
    plan = Plan(course=course, materials=[material], examples=examples, bank=bank)
    result = worded(grade_session(plan, session, {exercise.file: b""}, student="reference"), course)
    for check in result.checks:
        if not check.passed:
            report.add(exercise.name, f"the reference fails {check.name!r}: {check.message}")


def _check_stub(course: Course, material: Material, runner: Runner, report: DevReport, examples: int, bank) -> None:
    exercise = material.exercise
    stub = (course.exercises_dir / exercise.name / exercise.file).read_bytes()
    plan = Plan(course=course, materials=[material], examples=examples, bank=bank)
    session = runner.session({exercise.file: stub}, student="stub")
    try:
        result = grade_session(plan, session, {exercise.file: stub}, student="stub")
    finally:
        session.close()
    for check in result.checks:
        if check.outcome != "not_started":
            report.add(exercise.name, f"the stub is not 'not started' for {check.name!r} ({check.outcome}); its functions must raise NotImplementedError")


def _check_one_misconception(material: Material, report: DevReport, examples: int, bank, wrong, implementation, what: str, caught) -> None:
    exercise = material.exercise
    table = dict(material.reference)
    table[wrong.function] = implementation
    session = InProcessSession({exercise.name: table})
    failed_any = failed_public = False
    calls: list = []
    public = {check.title for check in material.public}
    for check in material.checks(hidden=True):
        if check.function != wrong.function:
            continue
        proxy = Proxy(session, exercise.name, check.function)
        verdict = run_check(check, proxy, examples=examples, reference=material.reference[check.function], bank=bank, shrink=False)
        calls += proxy.log
        if verdict.outcome != "passed":
            failed_any = True
            failed_public |= check.title in public
            if check.title in caught:
                caught[check.title].append(wrong.id)
    if not failed_any:
        report.add(exercise.name, f"{what} passes every check: it does not differ from the reference on any drawn input")
        return
    if wrong.common and not failed_public:
        report.add(
            exercise.name,
            f"{what} is marked common but passes every public check of {wrong.function}: students making it see "
            "all-green with `autograder check` and lose the points when graded; add a public check it fails",
        )
    # Submitted as a student's code, it must be named as itself and as nothing else.
    siblings = [m for m in material.misconceptions if m.function == wrong.function]
    found = diagnose(calls, material.reference[wrong.function], siblings)
    if found is None or found.id != wrong.id:
        named = f"as {found.id!r}" if found else "as nothing"
        report.add(exercise.name, f"{what} is diagnosed {named} when submitted; make it differ from the others on the drawn inputs")


def _check_misconceptions(material: Material, report: DevReport, examples: int, bank) -> None:
    exercise = material.exercise
    hidden_titles = {c.title for c in material.hidden}
    caught: dict[str, list[str]] = {title: [] for title in hidden_titles}
    for wrong in material.misconceptions:
        if wrong.function not in material.reference:
            report.add(exercise.name, f"misconception {wrong.id!r} is for {wrong.function!r}, which this exercise does not grade")
            continue
        for number, implementation in enumerate(wrong.implementations):
            what = f"misconception {wrong.id!r}" + (f" (spelling {number})" if number else "")
            _check_one_misconception(material, report, examples, bank, wrong, implementation, what, caught)
    for title, ids in caught.items():
        if not ids:
            report.add(exercise.name, f"hidden check {title!r} fails no known-wrong implementation: a check that cannot fail is a defect")
    report.caught.update(caught)


def _check_trivial(course: Course, material: Material, report: DevReport, examples: int, bank) -> None:
    """Grade each trivial implementation of each function as a student's submission would be."""
    exercise = material.exercise
    plan = Plan(course=course, materials=[material], examples=examples, bank=bank, shrink=False)
    for function in exercise.functions:
        reference = material.reference.get(function.name)
        if reference is None:
            continue
        checks = plan.checks_for(material, function)
        for label, _ in implementations(function.params, reference):
            if checks and all(label in trivially_passed(plan, material, function, check, examples) for check in checks):
                report.add(exercise.name, f"`{label}` passes every check of {function.name}: add a check that needs the real computation")
        for label, implementation in implementations(function.params, reference):
            table = dict(material.reference)
            table[function.name] = implementation
            result = grade_session(plan, InProcessSession({exercise.name: table}), {exercise.file: b""}, student="trivial")
            own = [c for c in result.checks if c.function == function.name]
            earned = sum(c.score for c in own)
            if earned > TRIVIAL_SHARE * function.points + 1e-9:
                passed = ", ".join(repr(c.name) for c in own if c.passed and c.score)
                report.add(
                    exercise.name,
                    f"{function.name} written as `{label}` earns {format_points(earned)} of its {format_points(function.points)} points "
                    f"(more than {TRIVIAL_SHARE:.0%}) from {passed}: give those points to checks that need the real computation",
                )


def lint_course(course: Course, *, examples: int | None = None, runner: Runner | None = None) -> DevReport:
    report = DevReport()
    examples = examples or course.grading.examples_per_check
    bank = ExampleBank(grade_profile, cache_dir=default_cache_dir(), key=checks_digest(course))  # never the course tree
    _lint_files(course, report)
    own_runner = runner is None
    runner = runner or Runner(course.grading.limits)
    try:
        for exercise in course.exercises:
            try:
                material = load_material(course, exercise, hidden=True)
            except CourseError as exc:
                report.add(exercise.name, str(exc))
                continue
            if not material.reference:
                report.add(exercise.name, f"solutions/{exercise.name}/ has no reference; dev check needs the hidden material")
                continue
            if not material.hidden:
                report.add(exercise.name, f"solutions/{exercise.name}/hidden_checks.py defines no checks")
            if not material.misconceptions:
                report.add(exercise.name, f"solutions/{exercise.name}/misconceptions.py lists no known-wrong implementations")
            _check_reference(course, material, report, examples, bank)
            if (course.exercises_dir / exercise.name / exercise.file).is_file():
                _check_stub(course, material, runner, report, examples, bank)
            _check_misconceptions(material, report, examples, bank)
            _check_trivial(course, material, report, examples, bank)
            report.facts.append(
                f"{exercise.name}: {len(material.public)} public and {len(material.hidden)} hidden checks, "
                f"{len(material.misconceptions)} misconceptions"
            )
    finally:
        if own_runner:
            runner.close()
    return report


def run_dev_check(course: Course, out: Console, *, examples: int | None = None) -> int:
    report = lint_course(course, examples=examples)
    for fact in report.facts:
        out.print(Text(f"  {fact}", style="dim"))
    if report.ok:
        out.print(Text("dev check: the course is consistent (stubs not started, references pass, every hidden check can fail).", style="green"))
        return 0
    for finding in report.findings:
        out.print(Text(f"✘ {finding.exercise}: {finding.problem}", style="red"))
    out.print(Text(f"dev check: {len(report.findings)} problem(s) found.", style="bold red"))
    return 1
