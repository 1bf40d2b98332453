"""shadow (extra file conftest.py): marks the bait folder if any process ever imports it."""

import os

open(os.path.join("@@BAIT@@", "shadow-conftest-@@TOKEN@@"), "w").close()
print("ESCAPED: the student's conftest.py was imported")
