"""Outputs: the files an LMS takes. `gradebook` (grades.csv, Canvas and Moodle CSVs, class
statistics); atomic writing and student folders are shared with the core (`autograder.files`)."""
