"""Render: every word a student or instructor reads, from result records.

`messages` (`worded`: a record's facts in words, once; checks and notes), `console`
(terminal), `feedback` (Markdown), `feedback_html` (the student's page), `report` (the class
report). Change a wording here and nowhere else: nothing parses these texts back.
"""
