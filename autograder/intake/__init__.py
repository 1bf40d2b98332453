"""Intake: turn the paths an instructor downloaded into one record per student, safely.

Reads folders, zips (in memory, under `IntakeLimits`) and notebooks; runs nothing and writes
nothing. Understands a Canvas "Download Submissions" zip, a Moodle "Download all submissions"
zip (folder and flat layouts), an nbgrader course or `submitted/` folder, a class folder of
student folders, zips and notebooks, and a single student's folder or zip.

    intake = collect(["hw3_submissions.zip"], wanted=Wanted(files={"relu.py": "03_relu"}))
    for submission in intake.submissions:
        ...  # submission.files["relu.py"], submission.status, submission.problems
"""

from .collect import collect
from .records import Intake, IntakeError, IntakeLimits, Submission, Wanted, fingerprint

__all__ = ["collect", "Submission", "Intake", "Wanted", "IntakeLimits", "IntakeError", "fingerprint"]
