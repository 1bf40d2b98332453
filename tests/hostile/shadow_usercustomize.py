"""shadow (extra file usercustomize.py): marks the bait folder if any process ever imports it."""

import os

open(os.path.join("@@BAIT@@", "shadow-usercustomize-@@TOKEN@@"), "w").close()
print("ESCAPED: the student's usercustomize.py was imported")
