"""The `autograder` command: the only module that parses arguments."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from autograder import __version__
from autograder.course import find_course_root, load
from autograder.errors import AutogradeError

__all__ = ["main"]


def _course(args):
    root = Path(args.course) if getattr(args, "course", None) else find_course_root()
    return load(root)


def cmd_check(args) -> int:
    from autograder.render.console import console
    from autograder.commands.local import check_once, watch

    course = _course(args)
    out = console()
    if args.watch:
        return watch(course, args.exercise, out, poll=args.poll)
    return check_once(course, args.exercise, out)


def cmd_grade(args) -> int:
    from autograder.commands.grade import grade_command
    from autograder.commands.report import EXIT_GRADED, EXIT_NOT_ALL_GRADED

    course = _course(args)
    status = grade_command(
        course,
        [Path(p) for p in args.submissions],
        out_dir=Path(args.out),
        student=args.student,
        workers=args.workers,
        force=args.force,
        roster=Path(args.roster) if args.roster else None,
        verbose=args.verbose,
        examples=args.examples,
        assignment_id=args.assignment,
        cache_dir=Path(args.cache) if args.cache else None,
        reveal_hidden=args.reveal_hidden,
        extensions=Path(args.extensions) if args.extensions else None,
    )
    if args.nbgrader_db and status in (EXIT_GRADED, EXIT_NOT_ALL_GRADED):
        from autograder.platforms.nbgrader_bridge import import_command

        return import_command(course, Path(args.out), Path(args.nbgrader_db), assignment_id=args.assignment) or status
    return status


def cmd_release(args) -> int:
    from autograder.platforms.release import release_command

    return release_command(_course(args), Path(args.out), assignment_id=args.assignment)


def cmd_report(args) -> int:
    from autograder.commands.report import report_command

    return report_command(_course(args), Path(args.results), assignment_id=args.assignment, reveal_hidden=args.reveal_hidden)


def cmd_adjust(args) -> int:
    from autograder.commands.adjust import adjust_command

    return adjust_command(
        _course(args),
        Path(args.results),
        args.student,
        points=args.points,
        reason=args.reason,
        function=args.function,
        by=args.by,
        assignment_id=args.assignment,
        reveal_hidden=args.reveal_hidden,
    )


def cmd_similarity(args) -> int:
    from autograder.commands.similarity import similarity_command

    return similarity_command(_course(args), Path(args.results), top=args.top)


def cmd_combine(args) -> int:
    from autograder.commands.report import combine_command

    return combine_command(_course(args), [Path(p) for p in args.results], Path(args.out))


def cmd_gradescope(args) -> int:
    from autograder.platforms.gradescope_zip import gradescope_command

    return gradescope_command(_course(args), Path(args.out), assignment_id=args.assignment)


def cmd_classroom(args) -> int:
    from autograder.platforms.classroom import classroom_command

    return classroom_command(_course(args), Path(args.out), hidden=args.hidden, assignment_id=args.assignment)


def cmd_dev_check(args) -> int:
    from autograder.render.console import console
    from autograder.commands.devcheck import run_dev_check

    course = _course(args)
    return run_dev_check(course, console(), examples=args.examples)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description="Autograded deep-learning exercises: check, grade, lint.")
    parser.add_argument("--version", action="version", version=f"autograder {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="Run the public checks on your exercises. Defaults to all exercises.")
    check.add_argument("exercise", nargs="?", help="an exercise name such as 03_relu (default: all)")
    check.add_argument("--watch", action="store_true", help="Re-check whenever a file is saved (polls every second).")
    check.add_argument("--poll", type=float, default=1.0, help="Seconds between looks for saved files in --watch mode. Default: 1.")
    check.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    check.set_defaults(run=cmd_check)

    grade = sub.add_parser("grade", help="Grade submissions (files, folders, LMS zips, nbgrader trees) into --out.")
    grade.add_argument("submissions", nargs="+", help="submission paths: a student's folder or zip, a class folder, a Canvas or Moodle zip, an nbgrader course")
    grade.add_argument("--out", required=True, help="Folder for results.json, feedback and gradebook files.")
    grade.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    grade.add_argument(
        "--student",
        action="append",
        help="The student id of a single submission (default: its file or folder name); with a class upload, grade only this student "
        "(repeat it, or separate ids with commas, for several) and keep everyone else already in --out.",
    )
    grade.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Submissions graded at once. Default: the number of cores.")
    grade.add_argument("--force", action="store_true", help="Regrade submissions already graded with the same content. Default: skip them.")
    grade.add_argument("--roster", help="CSV of students (id, name, email, sis_id, section) to join names and list missing submissions.")
    grade.add_argument("--verbose", "-v", action="store_true", help="Print one line per finished student.")
    grade.add_argument("--examples", type=int, help="Hypothesis examples per check. Default: course.toml's examples_per_check.")
    grade.add_argument("--nbgrader-db", help="Also write the grades into this nbgrader gradebook.db, for `nbgrader export` and formgrader.")
    grade.add_argument("--assignment", help="The course.toml assignment being graded (its due date, late policy, Canvas id). Default: the first.")
    grade.add_argument(
        "--cache",
        help="Folder keeping the drawn examples between runs (grading is the same without it, only slower to start). "
        "Default: $AUTOGRADER_CACHE, else ~/.cache/autograder/examples; never the course folder.",
    )
    grade.add_argument(
        "--reveal-hidden",
        action="store_true",
        help="Show hidden checks' expected values and the reference's intermediate values in the feedback files. "
        "Refused before the assignment's due date; use it once no more submissions are accepted. Default: withheld.",
    )
    grade.add_argument(
        "--extensions",
        help="CSV of extensions (id, assignment, due or days, reason) applied by the late policy. "
        "Default: the roster's extension_days column only.",
    )
    grade.set_defaults(run=cmd_grade)

    release = sub.add_parser("release", help="Build the nbgrader course folder (source and release notebooks) and the students' bundle into --out.")
    release.add_argument("--out", required=True, help="Folder to write nbgrader/ and student.zip into; created if needed.")
    release.add_argument("--assignment", help="The course.toml assignment to release. Default: the first.")
    release.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    release.set_defaults(run=cmd_release)

    report = sub.add_parser("report", help="Rebuild report.html and the gradebook files from the results in a grading folder.")
    report.add_argument("results", help="the --out folder of an earlier `autograder grade`")
    report.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    report.add_argument("--assignment", help="The course.toml assignment these results are for. Default: the first.")
    report.add_argument("--reveal-hidden", action="store_true", help="Show hidden checks' expected values and the reference's intermediate values in the feedback files. " "Refused before the assignment's due date; use it once no more submissions are accepted. Default: withheld.")
    report.set_defaults(run=cmd_report)

    adjust = sub.add_parser("adjust", help="Add or take away points by hand, with a reason, and rebuild every output in the grading folder.")
    adjust.add_argument("results", help="the --out folder of an earlier `autograder grade`")
    adjust.add_argument("student", help="the student's id (their folder in the grading folder)")
    # "--points=-2" and "--points -2" both work: a negative number is never taken for an option.
    adjust.add_argument("--points", required=True, help="Points to add (+1.5) or take away (-2), to the cent.")
    adjust.add_argument("--reason", required=True, help="Why, in a sentence; the student reads it in their feedback.")
    adjust.add_argument("--function", help="Adjust this function's points (relu, or 03_relu:relu). Default: the whole submission.")
    adjust.add_argument("--by", help="Who records it. Default: $USER.")
    adjust.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    adjust.add_argument("--assignment", help="The course.toml assignment these results are for. Default: the first.")
    adjust.add_argument("--reveal-hidden", action="store_true", help="Rebuild the feedback files with hidden checks' expected values, as `report --reveal-hidden`. Default: withheld.")
    adjust.set_defaults(run=cmd_adjust)

    similarity = sub.add_parser(
        "similarity", help="Rank pairs of submissions in a grading folder by how alike their code is, per exercise: hints for a person, never a penalty."
    )
    similarity.add_argument("results", help="the --out folder of an earlier `autograder grade`")
    similarity.add_argument("--top", type=int, default=5, help="Pairs printed per exercise, most similar first. Default: 5.")
    similarity.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    similarity.set_defaults(run=cmd_similarity)

    combine = sub.add_parser("combine", help="Write one gradebook of several assignments' grading folders (each assignment's points and total, the course total). Default: course-grades.csv.")
    combine.add_argument("results", nargs="+", help="the --out folders of `autograder grade`, one per assignment")
    combine.add_argument("--out", default="course-grades.csv", help="The CSV to write. Default: course-grades.csv.")
    combine.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    combine.set_defaults(run=cmd_combine)

    gradescope = sub.add_parser("gradescope", help="Build the Gradescope autograder zip (scripts, pinned requirements, the kit, checks, solutions). Default: autograder.zip.")
    gradescope.add_argument("--out", default="autograder.zip", help="The zip to write. Default: autograder.zip.")
    gradescope.add_argument("--assignment", help="The course.toml assignment this zip grades. Default: the first.")
    gradescope.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    gradescope.set_defaults(run=cmd_gradescope)

    classroom = sub.add_parser("classroom", help="Write a GitHub Classroom starter repository (workflow, exercises, the kit) into --out.")
    classroom.add_argument("--out", required=True, help="Folder for the starter repository; created if needed, other files in it are kept.")
    classroom.add_argument("--hidden", action="store_true", help="Also run hidden checks on GitHub, shipping them and the references to students. Default: public checks only.")
    classroom.add_argument("--assignment", help="The course.toml assignment of the starter repository. Default: the first.")
    classroom.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    classroom.set_defaults(run=cmd_classroom)

    dev = sub.add_parser("dev", help="Commands for course authors.")
    dev_sub = dev.add_subparsers(dest="dev_command", metavar="DEV_COMMAND")
    dev_check = dev_sub.add_parser("check", help="Lint the course: stubs, references, hints, and that every hidden check can fail.")
    dev_check.add_argument("--course", help="Folder holding course.toml. Default: the current folder or its nearest parent with one.")
    dev_check.add_argument("--examples", type=int, help="Hypothesis examples per check. Default: course.toml's examples_per_check.")
    dev_check.set_defaults(run=cmd_dev_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 2
    try:
        return run(args)
    except AutogradeError as exc:  # every domain error, once: the message says what to do
        print(f"autograder: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("autograder: interrupted", file=sys.stderr)
        return 130
