"""Platforms: optional integrations around the same grading. `gradescope_zip` (the zip) and `gradescope`
(the run inside the container), `nbgrader_bridge`, `notebook_source` and `release` (notebooks and the
students' bundle), `notebook` (the Jupyter check cell), `classroom` (GitHub Classroom)."""
