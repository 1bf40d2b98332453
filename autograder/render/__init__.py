"""Render: every word a student or instructor reads, from result records.

`messages` (verdicts and checks in words), `literals` (values as Python), `console`
(terminal), `feedback` (Markdown), `feedback_html` (the student's page), `report` (the class
report). Change a wording here and nowhere else: nothing parses these texts back.
"""
