"""Golden cases: each folder in tests/cases holds a submission and its exact expected result.

The honest mistakes a class makes, and correct solutions written in different styles, graded
by the real grader (confined worker, hidden checks, default example count). The expected
files are Gradescope results.json as `autograder grade` writes them, with the isolation level
blanked (it depends on the machine, not on the submission). Regenerate after a deliberate
change with `pytest tests/test_golden.py --update-golden` and review the diff.

A case whose submission is the course itself keeps no copy of it: instead of `submission/` it
has a `submission.toml` saying where the files come from (`from = "stubs"`: every exercise's
stub as released, read from exercises/ at test time), so a changed stub is graded fresh.

Each case is graded against one assignment, as `autograder grade --assignment ID` grades it:
the one its files belong to, or its submission.toml's `assignment` (default: the first).
"""

import json
import sys
from decimal import Decimal
from dataclasses import replace
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

from autograder.render.feedback import feedback_markdown
from autograder.points import format_points
from autograder.pipeline import grade_files
from autograder.outputs.results_json import dumps, from_gradescope, to_gradescope
from results_view import per_check

CASES = Path(__file__).parent / "cases"
BUILT = "submission.toml"  # a case's submission built at test time (see submitted_files)
SCENARIOS = sorted(p.name for p in CASES.iterdir() if (p / "submission").is_dir() or (p / BUILT).is_file())


def case_assignment(course, scenario: str) -> str:
    """The assignment a case is graded against: its submission.toml's `assignment`, else the one
    its submitted files belong to, else the course's first."""
    built = CASES / scenario / BUILT
    if built.is_file():
        return tomllib.loads(built.read_text(encoding="utf-8")).get("assignment") or course.assignment().id
    folder = CASES / scenario / "submission"
    owner = course.assignment_of([p.name for p in folder.iterdir() if p.is_file()])
    return (owner or course.assignment()).id


def submitted_files(course, scenario: str) -> dict[str, bytes]:
    """What the case submits (file name -> content), in file-name order: its submission/ folder,
    or, for `from = "stubs"` in its submission.toml, every stub of its assignment read now."""
    built = CASES / scenario / BUILT
    if built.is_file():
        source = tomllib.loads(built.read_text(encoding="utf-8")).get("from")
        if source != "stubs":
            raise ValueError(f'{built}: from = {source!r} is not known; a built submission says from = "stubs"')
        exercises = course.for_assignment(case_assignment(course, scenario)).exercises
        stubs = {e.file: course.exercises_dir / e.name / e.file for e in exercises}
        return {name: stubs[name].read_bytes() for name in sorted(stubs)}
    folder = CASES / scenario / "submission"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def graded(plan, runner, scenario):
    files = submitted_files(plan.course, scenario)
    result = replace(grade_files(plan, runner, files, student=scenario), isolation="")
    return result, dumps(to_gradescope(result)), feedback_markdown(result, plan.course)


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_golden_case_matches_its_expected_result(course, assignment_plan, runner, scenario, request):
    result, text, feedback = graded(assignment_plan(case_assignment(course, scenario)), runner, scenario)
    # results.json is the records' stored form: read back, it is the same records
    assert from_gradescope(json.loads(text)) == result
    expected = CASES / scenario / "expected.json"
    expected_feedback = CASES / scenario / "feedback.md"
    if request.config.getoption("--update-golden"):
        expected.write_text(text, encoding="utf-8")
        expected_feedback.write_text(feedback, encoding="utf-8")
    assert expected.is_file(), f"no expected.json for {scenario}; run with --update-golden and review it"
    assert text == expected.read_text(encoding="utf-8")
    assert feedback == expected_feedback.read_text(encoding="utf-8")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_stored_result_reads_back_into_the_same_file(scenario):
    # what `report` and a resumed `grade` do with every student's results.json
    text = (CASES / scenario / "expected.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert dumps(to_gradescope(from_gradescope(data), summary=data["output"])) == text


def _hidden_first(result):
    """`result` with each function's hidden checks moved before its public ones (the visibilities
    of the hidden ones alternating), as a course's check order or overrides can have them."""
    checks = []
    for function in result.functions():
        hidden = [replace(c, visibility=("hidden", "after_due_date")[i % 2]) for i, c in enumerate(c for c in function.checks if not c.public)]
        checks += hidden + [c for c in function.checks if c.public]
    return replace(result, checks=tuple(checks))


def test_checks_stored_hidden_before_public_read_back_in_their_order():
    data = json.loads((CASES / "leaky_relu" / "expected.json").read_text(encoding="utf-8"))
    result = _hidden_first(from_gradescope(data))
    assert not result.checks[0].public  # the case has hidden checks to move
    text = dumps(to_gradescope(result, summary=data["output"]))
    again = from_gradescope(json.loads(text))
    assert [(c.function, c.name) for c in again.checks] == [(c.function, c.name) for c in result.checks]
    assert again == result
    assert dumps(to_gradescope(again, summary=data["output"])) == text


def test_a_format_3_file_with_hidden_tests_first_reads_in_its_stored_order():
    # A format 3 file (checks inside each test, no position stored) is read in the order it holds.
    data = json.loads((CASES / "leaky_relu" / "expected.json").read_text(encoding="utf-8"))
    data["extra_data"]["format_version"] = 3
    data["tests"] = sorted(data["tests"], key=lambda t: t["visibility"] == "visible")  # hidden tests first
    names = [c["name"] for t in data["tests"] for c in t["extra_data"]["checks"]]
    assert [c.name for c in from_gradescope(data).checks] == names

@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if (CASES / s / BUILT).is_file()])
def test_a_submission_built_at_test_time_is_not_also_stored(scenario):
    # a stored copy would be what a reader looks at, and go stale when the stubs change
    assert not (CASES / scenario / "submission").exists()


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.startswith("correct_")])
def test_correct_variants_get_full_marks_on_what_they_submit(scenario):
    data = json.loads((CASES / scenario / "expected.json").read_text(encoding="utf-8"))
    submitted = [t for t in per_check(data) if t["extra_data"]["outcome"] != "no_submission"]
    assert submitted and all(t["status"] == "passed" for t in submitted)


MISTAKES = {
    "relu_without_return": ("relu", "failed"),
    "leaky_relu": ("relu", "failed"),
    "relu_on_output": ("predict_with_relu", "failed"),
    "tanh_on_output": ("predict_with_tanh", "failed"),
    "only_first_hidden_node": ("predict", "failed"),
    "swapped_layer_keys": ("predict_with_network", "failed"),
    "hardcoded_tutorial_answers": ("predict_with_network", "failed"),
    "global_tutorial_weights": ("predict", "failed"),
    "hardcoded_other_weights": ("predict", "failed"),
    "square_only_transpose": ("forward", "error"),  # non-square layers make @ raise
    "float16_precision": ("node_value", "failed"),
    "integer_truncation": ("predict_rows", "failed"),
    "generator_instead_of_list": ("predict_rows", "failed"),
    "rows_skipped": ("predict_rows", "failed"),
    "nan_output": ("predict_with_tanh", "failed"),
    "mutated_arguments": ("predict_with_relu", "failed"),
    "unfinished_stubs": ("node_value", "not_started"),
    "missing_function": ("predict_with_relu", "missing"),
    "wrong_signature": ("relu", "wrong_signature"),
    "syntax_error": ("relu", "error"),
    # Unit 2: one case per misconception, the student's file right but for that one function.
    "backprop_output_slopes_before_relu": ("gradients", "failed"),
    "backprop_output_weight_missing": ("gradients", "failed"),
    "backprop_relu_slope_ignored": ("gradients", "failed"),
    "backprop_sign_flipped": ("gradients", "failed"),
    "backprop_without_2": ("gradients", "failed"),
    "error_absolute": ("prediction_error", "failed"),
    "error_sign_flipped": ("prediction_error", "failed"),
    "error_squared": ("prediction_error", "failed"),
    "linear_added": ("predict_linear", "failed"),
    "linear_first_input_only": ("predict_linear", "failed"),
    "linear_no_sum": ("predict_linear", "failed"),
    "linear_relu_on_output": ("predict_linear", "failed"),
    "mse_first_row_only": ("mean_squared_error", "failed"),
    "mse_mean_absolute": ("mean_squared_error", "failed"),
    "mse_no_square": ("mean_squared_error", "failed"),
    "mse_root": ("mean_squared_error", "failed"),
    "mse_square_of_the_mean": ("mean_squared_error", "failed"),
    "mse_sum_instead_of_mean": ("mean_squared_error", "failed"),
    "slope_error_squared": ("slope", "failed"),
    "slope_sign_flipped": ("slope", "failed"),
    "slope_with_weights": ("slope", "failed"),
    "slope_without_2": ("slope", "failed"),
    "slope_without_input": ("slope", "failed"),
    "train_adds_the_slope": ("train", "failed"),
    "train_history_after_update": ("train", "failed"),
    "train_history_of_errors": ("train", "failed"),
    "train_in_place": ("train", "failed"),
    "train_one_update_too_few": ("train", "failed"),
    "train_pair_swapped": ("train", "failed"),
    "train_weights_not_carried_over": ("train", "failed"),
    "update_adds_the_slope": ("update_weights", "failed"),
    "update_in_place": ("update_weights", "failed"),
    "update_learning_rate_ignored": ("update_weights", "failed"),
    "update_without_2": ("update_weights", "failed"),
}


@pytest.mark.parametrize("scenario", sorted(MISTAKES))
def test_each_honest_mistake_costs_points_with_its_own_outcome(scenario):
    function, outcome = MISTAKES[scenario]
    data = json.loads((CASES / scenario / "expected.json").read_text(encoding="utf-8"))
    own = [t for t in per_check(data) if t["extra_data"]["function"] == function]
    assert own, f"{scenario}: no checks for {function}"
    assert any(t["extra_data"]["outcome"] == outcome for t in own)
    assert sum(t["score"] for t in own) < sum(t["max_score"] for t in own)


# The misconception each honest mistake is diagnosed as (None: no known misconception matches
# exactly, so the feedback gives the minimal counterexample alone). Never a false diagnosis.
DIAGNOSES = {
    "relu_without_return": {"relu": "missing-return"},
    "leaky_relu": {"relu": "leaky-relu", "predict_with_relu": "leaky-relu"},
    "relu_on_output": {"predict_with_relu": "relu-on-output"},
    "tanh_on_output": {"predict_with_tanh": "tanh-on-output"},
    "only_first_hidden_node": {"predict": "first-hidden-node-only"},
    "hardcoded_tutorial_answers": {"predict_with_network": "hard-coded-answer"},
    "global_tutorial_weights": {"predict": "tutorial-weights"},
    "square_only_transpose": {"forward": "transposed-layers"},
    "float16_precision": {"node_value": "float16", "predict": "float16"},
    "integer_truncation": {"predict_rows": "integer-truncation"},
    "generator_instead_of_list": {"predict_rows": "generator-instead-of-list"},
    "rows_skipped": {"predict_rows": "last-row-skipped"},
    "swapped_layer_keys": {"predict_with_network": None},
    "nan_output": {"predict_with_tanh": None},
    "mutated_arguments": {"predict_with_relu": None},
    # Unit 2. A function that calls the wrong one (slope calls predict_linear, train calls
    # update_weights) fails too: named when its own answers are a misconception, else not at all.
    "backprop_output_slopes_before_relu": {"gradients": "output-slopes-before-relu"},
    "backprop_output_weight_missing": {"gradients": "output-weight-missing"},
    "backprop_relu_slope_ignored": {"gradients": "relu-slope-ignored"},
    "backprop_sign_flipped": {"gradients": "sign-flipped"},
    "backprop_without_2": {"gradients": "no-factor-2"},
    "error_absolute": {"prediction_error": "absolute-error"},
    "error_sign_flipped": {"prediction_error": "sign-flipped"},
    "error_squared": {"prediction_error": "squared-error"},
    "linear_added": {"predict_linear": "added-instead-of-multiplied", "slope": None},
    "linear_first_input_only": {"predict_linear": "first-input-only", "slope": None},
    "linear_no_sum": {"predict_linear": "no-sum", "slope": None},
    "linear_relu_on_output": {"predict_linear": "relu-on-output", "slope": None},
    "mse_first_row_only": {"mean_squared_error": "first-row-only"},
    "mse_mean_absolute": {"mean_squared_error": "mean-absolute-error"},
    "mse_no_square": {"mean_squared_error": "no-square"},
    "mse_root": {"mean_squared_error": "root-mean-squared"},
    "mse_square_of_the_mean": {"mean_squared_error": "square-of-the-mean"},
    "mse_sum_instead_of_mean": {"mean_squared_error": "sum-instead-of-mean"},
    "slope_error_squared": {"slope": "error-squared"},
    "slope_sign_flipped": {"slope": "sign-flipped"},
    "slope_with_weights": {"slope": "weights-instead-of-inputs"},
    "slope_without_2": {"slope": "no-factor-2"},
    "slope_without_input": {"slope": "input-missing"},
    "train_adds_the_slope": {"train": "adds-the-slope"},
    "train_history_after_update": {"train": "history-after-update"},
    "train_history_of_errors": {"train": "history-of-errors"},
    "train_in_place": {"train": "updates-in-place"},
    "train_one_update_too_few": {"train": "one-update-too-few"},
    "train_pair_swapped": {"train": "pair-swapped"},
    "train_weights_not_carried_over": {"train": "weights-not-carried-over"},
    "update_adds_the_slope": {"update_weights": "adds-the-slope", "train": "adds-the-slope"},
    "update_in_place": {"update_weights": "updates-in-place", "train": None},
    "update_learning_rate_ignored": {"update_weights": "learning-rate-ignored", "train": None},
    "update_without_2": {"update_weights": "no-factor-2", "train": None},
}


@pytest.mark.parametrize("scenario", sorted(DIAGNOSES))
def test_honest_mistakes_are_diagnosed_as_what_they_are(scenario):
    data = json.loads((CASES / scenario / "expected.json").read_text(encoding="utf-8"))
    for function, expected in DIAGNOSES[scenario].items():
        failing = [t for t in per_check(data) if t["extra_data"]["function"] == function and t["extra_data"]["outcome"] in ("failed", "error")]
        assert failing, f"{scenario}: {function} fails no check"
        found = {t["extra_data"].get("misconception") for t in failing}
        assert found == {expected}, f"{scenario}: {function} diagnosed as {found}, expected {expected}"


@pytest.mark.parametrize("scenario", [s for s in SCENARIOS if s.startswith("correct_")])
def test_correct_submissions_are_never_diagnosed(scenario):
    data = json.loads((CASES / scenario / "expected.json").read_text(encoding="utf-8"))
    assert not any(t["extra_data"].get("misconception") for t in per_check(data))


def _feedback(scenario: str) -> str:
    return (CASES / scenario / "feedback.md").read_text(encoding="utf-8")


def _function_blocks(text: str) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("#"):
            current = line.split("`")[1] if line.startswith("### `") else None
            if current:
                blocks[current] = []
        if current:
            blocks[current].append(line)
    return blocks


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_feedback_for_one_wrong_function_stays_within_a_screen(scenario):
    # Counted as read: blank lines and the code fences around an explanation are not lines of text.
    for function, lines in _function_blocks(_feedback(scenario)).items():
        read = [line for line in lines if line.strip() and not line.strip().startswith("```")]
        assert len(read) <= 15, f"{scenario}: {function} takes {len(read)} lines"


@pytest.mark.parametrize("scenario", sorted(MISTAKES))
def test_a_cause_is_said_once_however_many_checks_it_fails(scenario):
    data = json.loads((CASES / scenario / "expected.json").read_text(encoding="utf-8"))
    blocks = _function_blocks(_feedback(scenario))
    for function in {t["extra_data"]["function"] for t in per_check(data)}:
        text = "\n".join(blocks.get(function, []))
        for test in per_check(data):
            message = test["extra_data"].get("misconception_message")
            if message and test["extra_data"]["function"] == function:
                assert text.count(message) == 1, f"{scenario}: {function}: {message!r} said {text.count(message)} times"


def test_weights_that_are_not_the_lessons_but_never_read_are_named():
    data = json.loads((CASES / "hardcoded_other_weights" / "expected.json").read_text(encoding="utf-8"))
    assert {t["extra_data"].get("misconception") for t in per_check(data) if t["extra_data"]["function"] == "predict" and t["status"] == "failed"} == {"ignores-weights"}


def test_a_file_that_does_not_load_is_said_once():
    text = _feedback("syntax_error")
    assert text.count("could not be loaded") == 1 and text.count("SyntaxError") == 1


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_points_are_cents_that_add_up_exactly(scenario):
    data = json.loads((CASES / scenario / "expected.json").read_text(encoding="utf-8"))
    cents = [Decimal(repr(t["score"])) for t in data["tests"]] + [Decimal(repr(t["max_score"])) for t in data["tests"]]
    assert all(value == value.quantize(Decimal("0.01")) for value in cents), "at most 2 decimals"
    assert sum(Decimal(repr(t["score"])) for t in data["tests"]) == Decimal(repr(data["score"]))
    assert sum(Decimal(repr(t["max_score"])) for t in data["tests"]) == Decimal(repr(data["extra_data"]["max_score"]))
    assert f"**Score: {format_points(data['score'])} / {format_points(data['extra_data']['max_score'])}**" in _feedback(scenario)


def _reproductions():
    for scenario in SCENARIOS:
        data = json.loads((CASES / scenario / "expected.json").read_text(encoding="utf-8"))
        lines = {c["extra_data"]["message"].split("exercise folder: ", 1)[1] for c in per_check(data) if "To try it yourself" in c["extra_data"]["message"]}
        for line in sorted(lines)[:2]:
            yield scenario, line


@pytest.mark.slow
@pytest.mark.parametrize("scenario, line", list(_reproductions()))
def test_a_hidden_failure_can_be_reproduced_by_pasting_its_line(course, scenario, line, tmp_path):
    import subprocess

    folder = CASES / scenario / "submission"
    if not folder.is_dir():  # built at test time: lay it out as a student's folder
        for name, content in submitted_files(course, scenario).items():
            (tmp_path / name).write_bytes(content)
        folder = tmp_path
    setup, call = line.rsplit("; ", 1)
    done = subprocess.run([sys.executable, "-c", f"{setup}; print(repr({call}))"], cwd=folder, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_an_explained_failure_shows_the_students_own_variables_beside_it(scenario):
    from autograder.render.messages import variables_text

    data = json.loads((CASES / scenario / "expected.json").read_text(encoding="utf-8"))
    text = _feedback(scenario)
    for check in from_gradescope(data).checks:
        if check.variables and check.message in text:
            assert variables_text(check) in text, f"{scenario}: {check.name}"


def test_a_hidden_failure_says_how_to_reproduce_it_and_shows_the_students_intermediate_values():
    block = "\n".join(_function_blocks(_feedback("integer_truncation"))["predict_rows"])
    assert "This is a hidden check" in block and "To try it yourself" in block
    assert "Your predict_rows's variables when it returned: results = [1]" in block
