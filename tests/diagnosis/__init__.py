"""Submissions written by hand for tests/test_diagnosis.py, one module per exercise.

Each module holds, keyed as the library is:
    VARIANTS  {(function, misconception id): f}  the misconception, written another way
    CORRECT   {function: [f, ...]}               right answers in several styles
    UNKNOWN   {function: [f, ...]}               wrong in ways the library does not know
    REWRITES  {(function, misconception id): f}  (some modules) the misconception as students
                                                 often write it, matched through the library's spellings
"""
