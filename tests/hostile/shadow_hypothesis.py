"""shadow (extra file hypothesis.py): marks the bait folder if any process ever imports it."""

import os

open(os.path.join("@@BAIT@@", "shadow-hypothesis-@@TOKEN@@"), "w").close()
print("ESCAPED: the student's hypothesis.py was imported")
