"""introspect: walk every frame above node_value, and every thread's stack, reading each
frame's locals and its module's names, looking for the reference, the hidden checks or
expected values (what an in-process grader would leak through sys._getframe).

Both functions are correct; the attack prints what it found.
"""

import sys

import numpy as np

# Built at run time, so this file's own text does not count as a find.
MARKERS = tuple("".join(parts) for parts in (("node_0", "_value"), ("hidden", "_checks"), ("/solu", "tions/"), ("_agrees_with", "_reference"), ("misconceptions", ".py")))
HERE = sys._getframe().f_code.co_filename
_done = []


def _scan():
    hits, frames = [], 0
    for frame in list(sys._current_frames().values()) + [sys._getframe()]:
        while frame is not None:
            frames += 1
            if frame.f_code.co_filename != HERE:
                names = dict(frame.f_locals)
                names.update((k, v) for k, v in frame.f_globals.items() if not k.startswith("__"))
                for name, value in names.items():
                    try:
                        text = f"{name}={value!r}"[:5000]
                    except BaseException:
                        continue
                    for marker in MARKERS:
                        if marker in text:
                            hits.append(f"{frame.f_code.co_name}: {text[:200]}")
            frame = frame.f_back
    return frames, hits


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    if not _done:
        _done.append(True)
        frames, hits = _scan()
        print(f"frames walked: {frames}")
        for hit in hits:
            print(f"ESCAPED frame secret: {hit}")
        if not hits:
            print("blocked: no secret in any frame")
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
