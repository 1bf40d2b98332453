"""Outputs: the files an LMS takes. `gradebook` is the face and the one writer to disk; one module
per file (`grades`, `canvas`, `moodle`), the rows they share (`rows`), and `summary` (summary.json).
Atomic writing and student folder names are shared with the core (`autograder.files`)."""
