"""shadow (extra file numpy.py): would replace numpy wherever the submission folder is on sys.path."""

import os

open(os.path.join("@@BAIT@@", "shadow-numpy-@@TOKEN@@"), "w").close()
print("ESCAPED: the student's numpy.py was imported")
raise ImportError("shadow numpy")
