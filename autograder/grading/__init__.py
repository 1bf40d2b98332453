"""Grading: the pure core from a course's checks and a loaded submission to result records.

`plan` (make_plan) is the entry; `engine` runs the property checks and records verdicts as
facts (`verdict`; `autograder.pipeline` has them worded); `bank` keeps drawn examples; `catalog` loads a course's checks and misconceptions;
`checking`, `strategies` and `misconception` are what course authors import; `diagnosis`
names known mistakes; `trivial` keeps points from code that computes nothing. Nothing here
writes files or starts processes itself: the student's code is reached through a session
from `autograder.isolation`.
"""
