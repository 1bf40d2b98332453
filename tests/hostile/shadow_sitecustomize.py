"""shadow (extra file sitecustomize.py): marks the bait folder if any process ever imports it."""

import os

open(os.path.join("@@BAIT@@", "shadow-sitecustomize-@@TOKEN@@"), "w").close()
print("ESCAPED: the student's sitecustomize.py was imported")
