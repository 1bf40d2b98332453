"""Intake: LMS downloads, class folders and hostile uploads become one record per student."""

from __future__ import annotations

import os
import sys
import warnings
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from autograder.intake import Intake, IntakeError, IntakeLimits, Submission, Wanted, collect, fingerprint
from fixtures_intake import (
    COURSE_FILES,
    FORWARD_OK,
    RELU_OK,
    RELU_WRONG,
    WANTED,
    make_zip,
    notebook,
    rename_raw,
    snapshot,
    source,
    symlink_entry,
    understate_size,
    write_tree,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="symlinks, FIFOs and hard links as on POSIX")


def by_id(intake: Intake) -> dict[str, Submission]:
    return {s.student_id: s for s in intake.submissions}


def mentions(problems, *fragments: str) -> bool:
    """Some single problem contains every fragment."""
    return any(all(f in p for f in fragments) for p in problems)


def relu_attempt(n: int) -> bytes:
    return RELU_OK + f"# attempt {n}\n".encode()


# --- Canvas ---------------------------------------------------------------------------------------


def canvas_download(tmp_path: Path) -> tuple[Path, dict]:
    """A Canvas "Download Submissions" zip for 24 students, and what intake must make of each."""
    entries: list = []
    expected: dict[str, dict] = {}

    def upload(sortable, user, attachment, file, content, *, late=False):
        base = "_".join(p for p in (sortable, "late" if late else "", str(user)) if p)
        entries.append((f"{base}_{attachment}_{file}", content))

    def expect(user, name, files, *, late=False, attempt=0, status="ok"):
        expected[str(user)] = dict(name=name, files=files, late=late, attempt=attempt, status=status)

    upload("abbottann", 50101, 1011, "relu.py", RELU_OK)
    upload("abbottann", 50101, 1012, "forward_propagation.py", FORWARD_OK)
    expect(50101, "abbottann", {"relu.py": RELU_OK, "forward_propagation.py": FORWARD_OK})

    upload("bakerbob", 50102, 1021, "relu.py", RELU_WRONG)  # wrong, but intake does not grade
    expect(50102, "bakerbob", {"relu.py": RELU_WRONG})

    upload("chencara", 50103, 1031, "relu.py", RELU_OK, late=True)
    expect(50103, "chencara", {"relu.py": RELU_OK}, late=True)

    # Three versions of one file; the newest is not last in the zip.
    upload("diazdan", 50104, 1043, "relu-2.py", relu_attempt(2))
    upload("diazdan", 50104, 1041, "relu.py", relu_attempt(0))
    upload("diazdan", 50104, 1042, "relu-1.py", relu_attempt(1))
    expect(50104, "diazdan", {"relu.py": relu_attempt(2)}, attempt=2)

    upload("evanseve", 50105, 1051, "forward_propagation-1.py", FORWARD_OK)
    upload("evanseve", 50105, 1052, "many_observations.py", source("many_observations.py"))
    observations = source("many_observations.py")
    expect(50105, "evanseve", {"forward_propagation.py": FORWARD_OK, "many_observations.py": observations}, attempt=1)

    released = make_zip([("03_relu/relu.py", RELU_OK), ("01_forward_propagation/forward_propagation.py", FORWARD_OK)])
    upload("fordfay", 50106, 1061, "submission.zip", released)
    expect(50106, "fordfay", {"relu.py": RELU_OK, "forward_propagation.py": FORWARD_OK})

    upload("garciagus", 50107, 1071, "notes.txt", "I could not get it to work, sorry")
    expect(50107, "garciagus", {}, status="empty")

    upload("hillhal", 50108, 1081, "submission.zip", b"PK\x03\x04 this was cut off mid-upload")
    expect(50108, "hillhal", {}, status="unreadable")

    upload("ivanovivy", 50109, 1091, "hw3.ipynb", notebook("import numpy as np", "relu = lambda x: max(0, x)"))
    expect(50109, "ivanovivy", {"hw3.ipynb": notebook("import numpy as np", "relu = lambda x: max(0, x)")})

    upload("jonesjo", 50110, 1101, "hw3-1.ipynb", notebook("x = 1"))
    expect(50110, "jonesjo", {"hw3.ipynb": notebook("x = 1")}, attempt=1)

    upload("kimkai", 50111, 1111, "relu-1.py", relu_attempt(1), late=True)
    expect(50111, "kimkai", {"relu.py": relu_attempt(1)}, late=True, attempt=1)

    project = make_zip([
        ("myproject/exercises/03_relu/relu.py", RELU_OK),
        ("myproject/numpy.py", "raise SystemExit('shadowed numpy')"),
        ("myproject/conftest.py", "import os; os.system('touch /tmp/pwned')"),
        ("myproject/sitecustomize.py", "print('hi')"),
    ])  # fmt: skip
    upload("leelou", 50112, 1121, "myproject.zip", project)
    expect(50112, "leelou", {"relu.py": RELU_OK})

    entries.append(("mooremax_50113_text.html", "<p>see attached</p>"))
    expect(50113, "mooremax", {}, status="empty")

    everything = {name: source(name, "nam") for name in COURSE_FILES}
    for index, (name, content) in enumerate(everything.items()):
        upload("nguyennam", 50114, 1140 + index, name, content)
    expect(50114, "nguyennam", everything)

    upload("ortizoli", 50115, 1151, "Relu.py", RELU_OK)
    expect(50115, "ortizoli", {}, status="empty")

    upload("patelpia", 50116, 1161, "relu.py", b"\x00\x01binary\x00" * 20)
    upload("patelpia", 50116, 1162, "forward_propagation.py", FORWARD_OK)
    expect(50116, "patelpia", {"forward_propagation.py": FORWARD_OK})

    twice = make_zip([("relu.py", RELU_WRONG), ("03_relu/relu.py", RELU_OK)])
    upload("quinnquin", 50117, 1171, "submission.zip", twice)
    expect(50117, "quinnquin", {"relu.py": RELU_OK})

    upload("rossroy", 50118, 1182, "submission-1.zip", make_zip([("relu.py", relu_attempt(1))]), late=True)
    upload("rossroy", 50118, 1181, "submission.zip", make_zip([("relu.py", relu_attempt(0))]), late=True)
    expect(50118, "rossroy", {"relu.py": relu_attempt(1)}, late=True, attempt=1)

    upload("müllerjörg", 50119, 1191, "relu.py", RELU_OK)
    expect(50119, "müllerjörg", {"relu.py": RELU_OK})

    entries.append(("taylortia_50120_link.html", '<a href="https://example.org">my repo</a>'))
    upload("taylortia", 50120, 1201, "activation_functions.py", source("activation_functions.py"))
    expect(50120, "taylortia", {"activation_functions.py": source("activation_functions.py")})

    mac = make_zip([
        ("__MACOSX/03_relu/._relu.py", b"\x00\x05\x16\x07 resource fork"),
        (".DS_Store", b"\x00\x00\x00\x01Bud1"),
        ("03_relu/relu.py", RELU_OK),
        ("03_relu/__pycache__/relu.cpython-311.pyc", b"\x00bytecode"),
    ])  # fmt: skip
    upload("umarumi", 50121, 1211, "Archive.zip", mac)
    expect(50121, "umarumi", {"relu.py": RELU_OK})

    upload("vargasvic", 50122, 1221, "deep_network.py", source("deep_network.py"))
    upload("vargasvic", 50122, 1222, "multilayer.py", source("multilayer.py"))
    upload("vargasvic", 50122, 1223, "sitecustomize.py", "import os")
    expect(50122, "vargasvic", {"deep_network.py": source("deep_network.py"), "multilayer.py": source("multilayer.py")})

    entries.append(("50123_1231_relu.py", RELU_OK))  # anonymous grading: no name part
    expect(50123, None, {"relu.py": RELU_OK})

    upload("wangwei", 50124, 1241, "relu.py", relu_attempt(0))
    upload("wangwei", 50124, 1242, "relu.py", relu_attempt(1))  # same name, a later attachment
    expect(50124, "wangwei", {"relu.py": relu_attempt(1)})

    entries.append(("README.txt", "exported by Canvas"))
    path = tmp_path / "CS101-HW3_submissions.zip"
    path.write_bytes(make_zip(entries))
    return path, expected


def test_canvas_download_gives_every_student_exactly(tmp_path):
    path, expected = canvas_download(tmp_path)
    intake = collect([path], wanted=WANTED)
    assert intake.student_ids == tuple(sorted(expected))
    assert len(expected) >= 20
    for submission in intake.submissions:
        want = expected[submission.student_id]
        got = dict(
            name=submission.name,
            files=dict(submission.files),
            late=submission.late,
            attempt=submission.attempt,
            status=submission.status,
        )
        assert got == want, submission.student_id
        assert submission.source == "canvas"
        assert submission.submitted_at is None  # the zip records no submission time
        assert submission.origin.startswith(f"{path}!")
    assert intake.superseded == ()
    assert intake.problems == (f"{path}!README.txt: not a Canvas submission entry; ignored",)


def test_canvas_download_explains_what_it_left_out(tmp_path):
    path, _ = canvas_download(tmp_path)
    s = by_id(collect([path], wanted=WANTED))
    assert s["50104"].problems == (
        "relu.py found 3 times: took diazdan_50104_1043_relu-2.py; "
        "ignored diazdan_50104_1042_relu-1.py, diazdan_50104_1041_relu.py",
    )
    assert s["50104"].origin.endswith("CS101-HW3_submissions.zip!diazdan_50104_*")
    assert s["50103"].origin.endswith("!chencara_late_50103_*")
    assert mentions(s["50107"].problems, "ignored (not a course file): garciagus_50107_1071_notes.txt")
    assert mentions(s["50108"].problems, "hillhal_50108_1081_submission.zip rejected: not a zip file")
    assert mentions(s["50112"].problems, "ignored (not a course file)", "myproject/numpy.py", "myproject/conftest.py",
                    "myproject/sitecustomize.py")  # fmt: skip
    assert mentions(s["50113"].problems, "online text entry ignored: mooremax_50113_text.html")
    assert mentions(s["50115"].problems, "ortizoli_50115_1151_Relu.py (did you mean relu.py?)")
    assert mentions(s["50116"].problems, "patelpia_50116_1161_relu.py rejected: binary file (NUL bytes)")
    assert mentions(s["50117"].problems, "took quinnquin_50117_1171_submission.zip!03_relu/relu.py")
    assert mentions(s["50120"].problems, "online link entry ignored: taylortia_50120_link.html")
    assert s["50121"].problems == ()  # macOS and cache clutter is not worth a word
    assert mentions(s["50122"].problems, "ignored (not a course file): vargasvic_50122_1223_sitecustomize.py")
    assert mentions(s["50124"].problems, "took wangwei_50124_1242_relu.py")


# --- Moodle ---------------------------------------------------------------------------------------


def moodle_download(tmp_path: Path) -> tuple[Path, dict]:
    entries: list = []
    expected: dict[str, tuple[str | None, dict, str]] = {}
    layouts = ("folder_", "folder", "flat")
    names = ["Jane Doe", "Rich Roe", "Ann Lee", "Omar Haddad", "Li Wei", "Sofia Rossi", "Kwame Mensah", "Ines Garcia",
             "Tom Berg", "Yuki Sato", "Priya Nair", "Lars Holm", "Ada Obi", "Noor Khan", "Emil Novak", "José Núñez"]  # fmt: skip
    for index, name in enumerate(names):
        participant = 1234501 + index
        layout = layouts[index % 3]
        chosen = list(COURSE_FILES)[: 1 + index % 6]
        files = {f: source(f, name) for f in chosen}
        for file, content in files.items():
            if layout == "flat":
                entries.append((f"{name}_{participant}_assignsubmission_file_{file}", content))
            else:
                folder = f"{name}_{participant}_assignsubmission_file{'_' if layout == 'folder_' else ''}"
                inside = file if index % 2 else f"{COURSE_FILES[file]}/{file}"
                entries.append((f"{folder}/{inside}", content))
        expected[str(participant)] = (name, files, "ok")
    # Online text beside a file, and online text alone (folder and flat).
    entries.append(("Bo Chan_1234601_assignsubmission_onlinetext_/onlinetext.html", "<p>done</p>"))
    entries.append(("Bo Chan_1234601_assignsubmission_file_/relu.py", RELU_OK))
    expected["1234601"] = ("Bo Chan", {"relu.py": RELU_OK}, "ok")
    entries.append(("Cy Dee_1234602_assignsubmission_onlinetext_onlinetext.html", "<p>forgot the file</p>"))
    expected["1234602"] = ("Cy Dee", {}, "empty")
    # A zip inside the folder layout, and one in the flat layout.
    tree = make_zip([("03_relu/relu.py", RELU_OK), ("02_activation_functions/activation_functions.py", b"x = 1\n")])
    entries.append(("Di Eve_1234603_assignsubmission_file_/submission.zip", tree))
    expected["1234603"] = ("Di Eve", {"relu.py": RELU_OK, "activation_functions.py": b"x = 1\n"}, "ok")
    entries.append(("Ed Fox_1234604_assignsubmission_file_work.zip", make_zip([("exercises/03_relu/relu.py", RELU_WRONG)])))
    expected["1234604"] = ("Ed Fox", {"relu.py": RELU_WRONG}, "ok")
    # Blind marking, and a folder holding only a stray file.
    entries.append(("Participant_1234605_assignsubmission_file_/relu.py", RELU_OK))
    expected["1234605"] = (None, {"relu.py": RELU_OK}, "ok")
    entries.append(("Fay Gul_1234606_assignsubmission_file/notes.docx", b"PK\x03\x04word"))
    expected["1234606"] = ("Fay Gul", {}, "empty")
    path = tmp_path / "DL101-Forward propagation-42.zip"
    path.write_bytes(make_zip(entries))
    return path, expected


def test_moodle_download_in_all_three_layouts(tmp_path):
    path, expected = moodle_download(tmp_path)
    intake = collect([path], wanted=WANTED)
    assert len(expected) >= 20
    assert intake.student_ids == tuple(sorted(expected))
    for submission in intake.submissions:
        name, files, status = expected[submission.student_id]
        assert (submission.name, dict(submission.files), submission.status) == (name, files, status), submission.student_id
        assert (submission.source, submission.late, submission.attempt, submission.submitted_at) == ("moodle", False, 0, None)
    assert intake.problems == ()
    s = by_id(intake)
    assert mentions(s["1234601"].problems, "online text ignored: Bo Chan_1234601_assignsubmission_onlinetext_")
    assert mentions(s["1234602"].problems, "online text ignored")
    assert mentions(s["1234606"].problems, "ignored (not a course file): Fay Gul_1234606_assignsubmission_file/notes.docx")
    assert s["1234603"].origin == f"{path}!Di Eve_1234603_*"


# --- nbgrader -------------------------------------------------------------------------------------


def nbgrader_course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    stamps = {
        "alice": "2015-02-01 09:28:58.749302 America/Los_Angeles",
        "bob": "2015-02-02 17:00:00.000001 UTC",
        "carol": "2015-07-01 12:00:00.5 Europe/Berlin\n",
        "dave": "2015-02-02 10:00:00 PST",
        "erin": "2015-02-02 10:00:00.000000 Mars/Olympus",
    }
    for student, stamp in stamps.items():
        write_tree(course / "submitted" / student / "forward-propagation", {
            "relu.py": source("relu.py", student),
            "forward-propagation.ipynb": notebook(f"# {student}"),
            "timestamp.txt": stamp,
        })  # fmt: skip
    write_tree(course / "submitted" / "frank" / "forward-propagation", {"relu.py": RELU_OK})  # no timestamp
    write_tree(course / "submitted" / "grace", {
        "forward-propagation/relu.py": RELU_OK,
        "forward-propagation/timestamp.txt": "2015-02-03 08:00:00 UTC",
        "backprop/backprop.ipynb": notebook("y = 2"),
    })  # fmt: skip
    write_tree(course, {"source/forward-propagation/relu.py": RELU_OK, "gradebook.db": b"SQLite format 3\x00"})
    return course


def test_nbgrader_submitted_folder_with_timestamps(tmp_path):
    course = nbgrader_course(tmp_path)
    intake = collect([course], wanted=WANTED)
    s = by_id(intake)
    assert intake.student_ids == ("alice", "bob", "carol", "dave", "erin", "frank", "grace")
    la = ZoneInfo("America/Los_Angeles")
    assert s["alice"].submitted_at == datetime(2015, 2, 1, 9, 28, 58, 749302, tzinfo=la)
    assert s["alice"].submitted_at.utcoffset() == timedelta(hours=-8)
    assert s["bob"].submitted_at == datetime(2015, 2, 2, 17, 0, 0, 1, tzinfo=timezone.utc)
    assert s["carol"].submitted_at == datetime(2015, 7, 1, 10, 0, 0, 500000, tzinfo=timezone.utc)  # CEST, +2
    assert s["dave"].submitted_at == datetime(2015, 2, 2, 18, 0, tzinfo=timezone.utc)  # PST, -8
    assert s["erin"].submitted_at == datetime(2015, 2, 2, 10, 0, tzinfo=timezone.utc)
    assert mentions(s["erin"].problems, "unknown time zone 'Mars/Olympus'", "assumed UTC")
    assert s["frank"].submitted_at is None and mentions(s["frank"].problems, "no timestamp.txt")
    for student in ("alice", "bob", "carol", "dave"):
        sub = s[student]
        assert (sub.source, sub.status, sub.name, sub.late, sub.attempt) == ("nbgrader", "ok", None, False, 0)
        assert dict(sub.files) == {"relu.py": source("relu.py", student), "forward-propagation.ipynb": notebook(f"# {student}")}
        assert sub.problems == ()  # timestamp.txt is nbgrader's, not an ignored student file
        assert sub.origin == str(course / "submitted" / student / "forward-propagation")
    assert s["grace"].status == "rejected"
    assert mentions(s["grace"].problems, "several nbgrader assignments (backprop, forward-propagation)", "Wanted(assignment=")


def test_nbgrader_assignment_chosen_and_submitted_folder_given_directly(tmp_path):
    course = nbgrader_course(tmp_path)
    wanted = Wanted(files=COURSE_FILES, assignment="forward-propagation")
    whole = collect([course], wanted=wanted)
    direct = collect([course / "submitted"], wanted=wanted)
    assert whole == direct
    grace = by_id(whole)["grace"]
    assert grace.status == "ok" and dict(grace.files) == {"relu.py": RELU_OK}
    assert grace.submitted_at == datetime(2015, 2, 3, 8, tzinfo=timezone.utc)
    backprop_only = collect([course], wanted=Wanted(files=COURSE_FILES, assignment="backprop"))
    assert backprop_only.student_ids == ("grace",)
    assert dict(backprop_only.submissions[0].files) == {"backprop.ipynb": notebook("y = 2")}


# --- class folders and single submissions ---------------------------------------------------------


def test_mixed_class_folder(tmp_path):
    klass = write_tree(tmp_path / "class", {
        "alice/03_relu/relu.py": RELU_OK,
        "alice/01_forward_propagation/forward_propagation.py": FORWARD_OK,
        "carol.ipynb": notebook("print('carol')"),
        "dave/myproject/exercises/03_relu/relu.py": RELU_WRONG,
        "erin/relu.py": RELU_WRONG,
        "erin/03_relu/relu.py": RELU_OK,
        "notes.txt": "collected by hand",
        ".DS_Store": b"\x00Bud1",
        "__MACOSX/._bob.zip": b"\x00fork",
    })  # fmt: skip
    (klass / "bob.zip").write_bytes(make_zip([("relu.py", RELU_OK), ("activation_functions.py", b"import numpy as np\n")]))
    intake = collect([klass], wanted=WANTED)
    s = by_id(intake)
    assert intake.student_ids == ("alice", "bob", "carol", "dave", "erin")
    assert [s[k].source for k in intake.student_ids] == ["folder", "zip", "file", "folder", "folder"]
    assert dict(s["alice"].files) == {"relu.py": RELU_OK, "forward_propagation.py": FORWARD_OK}
    assert dict(s["bob"].files) == {"relu.py": RELU_OK, "activation_functions.py": b"import numpy as np\n"}
    assert dict(s["carol"].files) == {"carol.ipynb": notebook("print('carol')")}
    assert dict(s["dave"].files) == {"relu.py": RELU_WRONG}
    assert dict(s["erin"].files) == {"relu.py": RELU_OK}
    assert s["erin"].problems == ("relu.py found 2 times: took 03_relu/relu.py; ignored relu.py",)
    assert s["bob"].origin == str(klass / "bob.zip")
    assert all(sub.status == "ok" for sub in intake.submissions)
    assert intake.problems == (f"{klass / 'notes.txt'}: not a student folder, .zip or notebook; ignored",)


def test_several_paths_at_once(tmp_path):
    canvas, expected = canvas_download(tmp_path)
    write_tree(tmp_path / "late_ones" / "zoe", {"relu.py": RELU_OK})
    (tmp_path / "yan.ipynb").write_bytes(notebook("1 + 1"))
    intake = collect([canvas, tmp_path / "late_ones" / "zoe", str(tmp_path / "yan.ipynb")], wanted=WANTED)
    assert intake.student_ids == tuple(sorted([*expected, "zoe", "yan"]))
    assert by_id(intake)["zoe"].source == "folder" and by_id(intake)["yan"].source == "file"


def test_single_submission_as_folder_zip_or_released_tree(tmp_path):
    flat = write_tree(tmp_path / "alice", {
        "relu.py": RELU_OK,
        "forward_propagation.py": FORWARD_OK,
        "scratch.txt": "x",
        ".ipynb_checkpoints/hw3-checkpoint.ipynb": notebook("old"),  # editor clutter: never a submission
        "venv/lib/python3.11/site-packages/relu.py": b"# someone else's relu",
        ".git/HEAD": "ref: refs/heads/main",
    })  # fmt: skip
    released = tmp_path / "bob.zip"
    released.write_bytes(make_zip([(f"{ex}/{f}", source(f, "bob")) for f, ex in COURSE_FILES.items()]))
    project = tmp_path / "carol.zip"
    project.write_bytes(make_zip([("carol-hw/exercises/03_relu/relu.py", RELU_OK), ("carol-hw/README.md", "# hw")]))
    kit = write_tree(tmp_path / "dl-kit", {
        "exercises/03_relu/relu.py": RELU_WRONG,
        "solutions/03_relu/relu.py": RELU_OK,
        "course.toml": "format_version = 1",
    })  # fmt: skip
    notebooks = tmp_path / "erin.zip"
    notebooks.write_bytes(make_zip([("hw3.ipynb", notebook("a")), ("scratch.ipynb", notebook("b"))]))
    intake = collect([flat, released, project, kit, notebooks], wanted=WANTED)
    s = by_id(intake)
    assert intake.student_ids == ("alice", "bob", "carol", "dl-kit", "erin")
    assert (s["alice"].source, dict(s["alice"].files)) == ("folder", {"relu.py": RELU_OK, "forward_propagation.py": FORWARD_OK})
    assert s["alice"].problems == ("ignored (not a course file): scratch.txt",)
    assert (s["bob"].source, dict(s["bob"].files)) == ("zip", {f: source(f, "bob") for f in COURSE_FILES})
    assert dict(s["carol"].files) == {"relu.py": RELU_OK}
    assert dict(s["dl-kit"].files) == {"relu.py": RELU_WRONG}  # the student's copy, not solutions/
    # One notebook is graded, so only that one is read and kept (memory is one notebook per student).
    assert dict(s["erin"].files) == {"hw3.ipynb": notebook("a")}
    assert "2 notebooks: took hw3.ipynb; ignored scratch.ipynb" in s["erin"].problems
    assert intake.problems == ()


def test_downloads_wrapped_in_a_folder_are_looked_through(tmp_path):
    canvas, expected = canvas_download(tmp_path)
    extracted = tmp_path / "downloads" / "CS101-HW3"
    extracted.mkdir(parents=True)
    with zipfile.ZipFile(canvas) as archive:
        for info in archive.infolist():
            (extracted / info.filename).write_bytes(archive.read(info))
    from_disk = collect([tmp_path / "downloads"], wanted=WANTED)
    assert from_disk.student_ids == tuple(sorted(expected))
    assert dict(by_id(from_disk)["50104"].files) == {"relu.py": relu_attempt(2)}
    assert by_id(from_disk)["50104"].origin == str(extracted / "diazdan_50104_*")
    rezipped = tmp_path / "class.zip"
    rezipped.write_bytes(make_zip([("section1/alice/relu.py", RELU_OK), ("section1/bob.zip", make_zip([("relu.py", RELU_WRONG)]))]))
    s = by_id(collect([rezipped], wanted=WANTED))
    assert {k: dict(v.files) for k, v in s.items()} == {"alice": {"relu.py": RELU_OK}, "bob": {"relu.py": RELU_WRONG}}
    assert s["bob"].origin == f"{rezipped}!section1/bob.zip"


def test_latest_wins_across_paths_by_attempt_then_time(tmp_path):
    newer = tmp_path / "redownload.zip"
    newer.write_bytes(make_zip([("diazdan_50104_2002_relu-1.py", relu_attempt(1))]))
    older = tmp_path / "first.zip"
    older.write_bytes(make_zip([("diazdan_50104_2001_relu.py", relu_attempt(0)), ("evanseve_50105_2003_relu.py", RELU_OK)]))
    for attempt, (when, hour) in enumerate([("morning", 9), ("evening", 19)]):
        stamp = f"2025-03-01 {hour:02d}:00:00 UTC"
        write_tree(tmp_path / when / "submitted" / "alice" / "hw", {"relu.py": relu_attempt(attempt), "timestamp.txt": stamp})
    intake = collect([newer, older, tmp_path / "evening", tmp_path / "morning"], wanted=WANTED)
    s = by_id(intake)
    assert intake.student_ids == ("50104", "50105", "alice")
    assert (s["50104"].attempt, dict(s["50104"].files)) == (1, {"relu.py": relu_attempt(1)})
    assert dict(s["alice"].files) == {"relu.py": relu_attempt(1)}
    assert [(x.student_id, x.origin) for x in intake.superseded] == [
        ("50104", f"{older}!diazdan_50104_*"),
        ("alice", str(tmp_path / "morning" / "submitted" / "alice" / "hw")),
    ]
    assert "this submission replaces 1 older or duplicate one(s): alice/hw" in s["alice"].problems


# --- hostile and broken inputs --------------------------------------------------------------------


@posix_only
def test_bad_inputs_each_get_a_status_and_the_class_goes_on(tmp_path):
    outside = write_tree(tmp_path / "outside", {"solution.py": b"SECRET = 'the reference solution'\n", "03_relu/relu.py": b"SECRET"})
    bad = tmp_path / "bad"
    write_tree(bad, {
        "ok/relu.py": RELU_OK,
        "binary/relu.py": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)),
        "binary/forward_propagation.py": FORWARD_OK,
        "latin/relu.py": "# café\ndef relu(x):\n    return max(0, x)\n".encode("latin-1"),
        "blank/relu.py": b"",
        "eve/forward_propagation.py": FORWARD_OK,
        "gina/relu.py": relu_attempt(0),
    })  # fmt: skip
    (bad / "bomb.zip").write_bytes(make_zip([("relu.py", b"\x00" * (10 * 1024 * 1024))]))
    (bad / "ratio.zip").write_bytes(make_zip([("relu.py", b"#" * (3 * 1024 * 1024 // 2))]))
    honest = make_zip([("relu.py", b"#" * (3 * 1024 * 1024 // 2))])
    (bad / "liar.zip").write_bytes(understate_size(honest, "relu.py", 1000))
    (bad / "slip.zip").write_bytes(make_zip([
        ("../../evil.py", "import os"),
        ("/etc/relu.py", "absolute"),
        ("C:/Users/x/relu.py", "drive"),
        ("..\\..\\relu.py", "backslashes"),
        ("03_relu/relu.py", RELU_OK),
    ]))  # fmt: skip
    (bad / "zsym.zip").write_bytes(make_zip([symlink_entry("relu.py", "/etc/passwd"), ("forward_propagation.py", FORWARD_OK)]))
    (bad / "notzip.zip").write_text("<html>Session expired. Please log in again.</html>")
    (bad / "empty.zip").write_bytes(b"")
    (bad / "deep.zip").write_bytes(make_zip([("inner.zip", make_zip([("innermost.zip", make_zip([("relu.py", RELU_OK)]))]))]))
    (bad / "gina.zip").write_bytes(make_zip([("relu.py", relu_attempt(1))]))
    os.symlink(outside / "solution.py", bad / "eve" / "relu.py")
    os.symlink(outside / "03_relu", bad / "eve" / "03_relu")
    os.symlink(outside, bad / "frank")
    (bad / "hal").mkdir()
    os.mkfifo(bad / "hal" / "relu.py")
    (bad / "ian").mkdir()
    os.link(outside / "solution.py", bad / "ian" / "relu.py")
    before = snapshot(tmp_path)

    intake = collect([bad], wanted=WANTED)
    s = by_id(intake)
    status = {k: v.status for k, v in s.items()}
    assert status == {
        "ok": "ok", "binary": "ok", "latin": "rejected", "blank": "ok", "eve": "ok", "gina": "ok",
        "bomb": "rejected", "ratio": "rejected", "liar": "rejected", "slip": "ok", "zsym": "ok",
        "notzip": "unreadable", "empty": "unreadable", "deep": "rejected", "hal": "rejected", "ian": "rejected",
    }  # fmt: skip
    assert mentions(s["bomb"].problems, "relu.py rejected: 10485760 bytes, more than max_file_bytes=2097152")
    assert mentions(s["ratio"].problems, "relu.py rejected: zip bomb suspected", "max_ratio=100")
    assert mentions(s["liar"].problems, "relu.py rejected: unreadable")
    assert dict(s["slip"].files) == {"relu.py": RELU_OK}
    assert set(s["slip"].problems) >= {
        "zip slip entry rejected: ../../evil.py",
        "absolute path entry rejected: /etc/relu.py",
        "drive letter entry rejected: C:/Users/x/relu.py",
        "zip slip entry rejected: ..\\..\\relu.py",
    }
    assert dict(s["zsym"].files) == {"forward_propagation.py": FORWARD_OK}
    assert "symlink skipped: relu.py" in s["zsym"].problems
    assert "notzip.zip rejected: not a zip file" in s["notzip"].problems
    assert "empty.zip rejected: empty file (0 bytes), not a zip" in s["empty"].problems
    assert mentions(s["deep"].problems, "inner.zip!innermost.zip rejected", "max_zip_depth=2")
    assert dict(s["binary"].files) == {"forward_propagation.py": FORWARD_OK}
    assert mentions(s["binary"].problems, "relu.py rejected: binary file (NUL bytes)")
    assert mentions(s["latin"].problems, "relu.py rejected: not UTF-8 text")
    assert dict(s["blank"].files) == {"relu.py": b""} and mentions(s["blank"].problems, "relu.py: empty file (0 bytes)")
    assert dict(s["eve"].files) == {"forward_propagation.py": FORWARD_OK}
    assert {"symlink skipped: relu.py", "symlink skipped: 03_relu"} <= set(s["eve"].problems)
    assert "special file skipped (not a regular file): relu.py" in s["hal"].problems
    assert "hard link skipped: relu.py" in s["ian"].problems
    # The duplicate student: the zip sorts after the folder, so it wins; the folder is kept in superseded.
    assert dict(s["gina"].files) == {"relu.py": relu_attempt(1)}
    assert [x.origin for x in intake.superseded] == [str(bad / "gina")]
    assert "this submission replaces 1 older or duplicate one(s): bad/gina" in s["gina"].problems
    assert intake.problems == (f"{bad / 'frank'}: symlink skipped",)
    for sub in (*intake.submissions, *intake.superseded):
        assert all(b"SECRET" not in content for content in sub.files.values())
    assert snapshot(tmp_path) == before  # read only: nothing extracted, nothing written


def test_limits_on_entries_total_bytes_and_nesting(tmp_path):
    klass = tmp_path / "class"
    klass.mkdir()
    (klass / "many.zip").write_bytes(make_zip([(f"junk/{i}.txt", "x") for i in range(60)] + [("relu.py", RELU_OK)]))
    padded = [("relu.py", b"# " + b"x" * 40_000 + b"\n"), ("multilayer.py", b"# " + b"y" * 40_000 + b"\n")]
    (klass / "big.zip").write_bytes(make_zip(padded))
    nested = make_zip([("a.zip", make_zip([("relu.py", RELU_OK)]))])
    (klass / "nested.zip").write_bytes(nested)
    limits = IntakeLimits(max_entries=50, max_total_bytes=64 * 1024, max_zip_depth=2)
    s = by_id(collect([klass], wanted=WANTED, limits=limits))
    assert s["many"].status == "unreadable" and mentions(s["many"].problems, "61 entries", "max_entries=50")
    assert s["big"].status == "ok" and list(s["big"].files) == ["multilayer.py"]
    assert mentions(s["big"].problems, "relu.py rejected", "max_total_bytes=65536")
    assert s["nested"].status == "ok"  # class folder -> nested.zip (1) -> a.zip (2)
    too_deep = collect([klass / "nested.zip"], wanted=WANTED, limits=IntakeLimits(max_zip_depth=1))
    assert too_deep.submissions[0].status == "rejected"
    assert mentions(too_deep.submissions[0].problems, "a.zip rejected", "max_zip_depth=1")


def test_a_forged_central_directory_is_refused_before_parsing(tmp_path):
    data = bytearray(make_zip([("relu.py", RELU_OK)]))
    end = data.rfind(b"PK\x05\x06")
    data[end + 8 : end + 12] = (65000).to_bytes(2, "little") * 2  # claims 65000 entries
    (tmp_path / "forged.zip").write_bytes(bytes(data))
    intake = collect([tmp_path / "forged.zip"], wanted=WANTED)
    (forged,) = intake.submissions
    assert forged.status == "unreadable" and not forged.files
    assert mentions(forged.problems, "forged.zip could not be opened: 65000 entries", "max_entries=2000")


def test_odd_names_in_zips(tmp_path):
    cp437 = rename_raw(make_zip([("J_rg M_ller/relu.py", RELU_OK)]), "J_rg M_ller", "Jörg Müller".encode("cp437"))
    utf8_unflagged = rename_raw(make_zip([("Ren__/relu.py", RELU_OK)]), "Ren__", "René".encode("utf-8"))
    klass = tmp_path / "class"
    klass.mkdir()
    (klass / "wrapped.zip").write_bytes(make_zip([("class/x", "")]))
    (klass / "legacy.zip").write_bytes(make_zip([("a.zip", cp437), ("b.zip", utf8_unflagged)]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate name we write on purpose
        (klass / "dupes.zip").write_bytes(make_zip([("relu.py", RELU_WRONG), ("relu.py", RELU_OK), ("my notes (1).txt", "")]))
    (klass / "spaced name.zip").write_bytes(make_zip([("03_relu/relu.py", RELU_OK)]))
    s = by_id(collect([klass], wanted=WANTED))
    legacy = s["legacy"]
    assert dict(legacy.files) == {"relu.py": RELU_OK}
    assert mentions(legacy.problems, "relu.py found 2 times: took a.zip!Jörg Müller/relu.py; ignored b.zip!René/relu.py")
    assert dict(s["dupes"].files) == {"relu.py": RELU_OK}
    assert "duplicate entry, the later one kept: relu.py" in s["dupes"].problems
    assert mentions(s["dupes"].problems, "ignored (not a course file): my notes (1).txt")
    assert dict(s["spaced name"].files) == {"relu.py": RELU_OK}


def test_a_zip_holding_an_nbgrader_tree_beside_other_paths_is_its_own_students(tmp_path):
    write_tree(tmp_path / "cls" / "bob", {"relu.py": RELU_OK})
    forged = tmp_path / "cls" / "alice.zip"
    forged.write_bytes(make_zip([
        ("submitted/bob/forward-propagation/relu.py", RELU_WRONG),
        ("submitted/bob/forward-propagation/timestamp.txt", "2031-01-01 00:00:00 UTC"),
    ]))  # fmt: skip
    for paths in ([tmp_path / "cls" / "bob", forged], [tmp_path / "cls"]):  # a shell glob, or the class folder
        intake = collect(paths, wanted=WANTED)
        assert intake.student_ids == ("alice", "bob")
        alice, bob = intake.submissions
        assert dict(bob.files) == {"relu.py": RELU_OK} and bob.submitted_at is None
        assert dict(alice.files) == {"relu.py": RELU_WRONG} and alice.submitted_at is None
        assert intake.warnings == ("alice: submitted is an nbgrader submitted/ tree naming bob; graded as this student's own files",)
        assert intake.warnings[0].split(": ", 1)[1] in alice.problems
    # Given alone, the same zip is an nbgrader course an instructor zipped: bob's, with his timestamp.
    for alone in ([forged], [forged, tmp_path / "typo"]):  # a path that does not exist changes nothing
        (course,) = collect(alone, wanted=WANTED).submissions
        assert course.student_id == "bob" and course.submitted_at is not None


def test_many_notebooks_in_uploads_cost_the_memory_of_one_each(tmp_path):
    big = notebook("# " + "x" * 100_000)
    for i in range(10):
        (tmp_path / f"s{i}.zip").write_bytes(make_zip([(f"try{n:02}.ipynb", big) for n in range(20)]))
    intake = collect([tmp_path], wanted=WANTED)
    assert len(intake.submissions) == 10
    assert all(list(sub.files) == ["try00.ipynb"] for sub in intake.submissions)
    assert sum(len(content) for sub in intake.submissions for content in sub.files.values()) == 10 * len(big)
    assert all(any(p.startswith("20 notebooks: took try00.ipynb; ignored try01.ipynb") for p in sub.problems) for sub in intake.submissions)


def test_unreadable_paths_are_intake_problems(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "relu.py").write_bytes(RELU_OK)
    (tmp_path / "broken.zip").write_bytes(b"not a zip at all")
    write_tree(tmp_path / "alice", {"relu.py": RELU_OK})
    paths = [tmp_path / "missing", tmp_path / "notes.txt", tmp_path / "relu.py", tmp_path / "broken.zip",
             tmp_path / "alice", str(tmp_path / "alice")]  # fmt: skip
    intake = collect(paths, wanted=WANTED)
    # A zip that cannot be opened is still some student's upload: a row saying so, not a skip.
    assert intake.student_ids == ("alice", "broken")
    broken = intake.get("broken")
    assert broken.status == "unreadable" and broken.problems == ("broken.zip could not be opened: not a zip file",)
    assert intake.problems == (
        f"{tmp_path / 'missing'}: no such file or folder",
        f"{tmp_path / 'notes.txt'}: not a folder, a .zip or a notebook; skipped",
        f"{tmp_path / 'relu.py'}: a single course file; give the folder or zip that holds it",
        f"{tmp_path / 'alice'}: given twice; read once",
    )


# --- records and configuration --------------------------------------------------------------------


def test_results_are_deterministic_and_frozen(tmp_path):
    path, _ = canvas_download(tmp_path)
    first, second = collect([path], wanted=WANTED), collect([str(path)], wanted=WANTED)
    assert first == second
    submission = by_id(first)["50101"]
    assert submission.fingerprint == fingerprint({"relu.py": RELU_OK, "forward_propagation.py": FORWARD_OK})
    assert submission.fingerprint != by_id(first)["50102"].fingerprint
    with pytest.raises(TypeError):
        submission.files["relu.py"] = b"changed"  # type: ignore[index]
    with pytest.raises(AttributeError):
        submission.status = "ok"  # type: ignore[misc]
    assert hash(submission) == hash(by_id(second)["50101"])


def test_fingerprint_separates_names_from_contents():
    assert fingerprint({"a.py": b"bc"}) != fingerprint({"a.pyb": b"c"})
    assert fingerprint({"a.py": b"1", "b.py": b"2"}) == fingerprint({"b.py": b"2", "a.py": b"1"})


def test_configuration_errors_say_the_fix(tmp_path):
    with pytest.raises(IntakeError, match="bare file name"):
        Wanted(files={"03_relu/relu.py": "03_relu"})
    with pytest.raises(IntakeError, match="notebook_suffix"):
        Wanted(files=COURSE_FILES, notebook_suffix="ipynb")
    with pytest.raises(IntakeError, match="max_file_bytes=0"):
        IntakeLimits(max_file_bytes=0)
    with pytest.raises(IntakeError, match=r"wrap a single one: collect\(\[path\]"):
        collect(str(tmp_path), wanted=WANTED)
    with pytest.raises(IntakeError, match="must be a Wanted"):
        collect([tmp_path], wanted={"relu.py": "03_relu"})  # type: ignore[arg-type]


def test_wanted_from_exercise_records():
    class Exercise:
        def __init__(self, name, file):
            self.name, self.file = name, file

    wanted = Wanted.of([Exercise("03_relu", "relu.py")], notebook_suffix=None)
    assert dict(wanted.files) == {"relu.py": "03_relu"} and not wanted.wants("hw.ipynb")
