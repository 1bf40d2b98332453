"""The grader's own files: one folder per student id, safe to create, never shared by two ids."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from autograder.files import student_folder

ids = st.text(min_size=0, max_size=120)


@settings(max_examples=400, deadline=None)
@given(ids, ids)
def test_distinct_ids_get_distinct_folders(one, other):
    if one != other:
        assert student_folder(one) != student_folder(other)


@settings(max_examples=400, deadline=None)
@given(ids)
def test_every_folder_name_is_one_safe_path_step(student_id):
    folder = student_folder(student_id)
    assert re.fullmatch(r"[A-Za-z0-9@_][A-Za-z0-9._@+-]{0,89}", folder), folder
    assert not folder.endswith(".")  # Windows drops a trailing dot; a leading "-" reads as an option


def test_safe_ids_are_their_own_folder_and_others_say_where_they_came_from():
    assert [student_folder(i) for i in ("alice", "50112", "alice_", "j.doe@uni.edu")] == ["alice", "50112", "alice_", "j.doe@uni.edu"]
    assert student_folder("Ivy Ivanov").startswith("Ivy_Ivanov+")
    assert student_folder("alice.") != student_folder("alice") and student_folder(".alice") != student_folder("alice")
    assert student_folder("con").startswith("con+")  # Windows refuses CON as a name


def test_a_student_named_like_the_kits_own_folder_gets_another():
    # DIR/similarity/ holds the pair pages; a student "similarity" (any case) must not land in it.
    assert all(student_folder(i).startswith(f"{i}+") for i in ("similarity", "Similarity"))
