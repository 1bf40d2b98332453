"""shadow (extra file autograder.py): marks the bait folder if any process ever imports it."""

import os

open(os.path.join("@@BAIT@@", "shadow-autograder-@@TOKEN@@"), "w").close()
print("ESCAPED: the student's autograder.py was imported")
