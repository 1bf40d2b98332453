"""exec: create a marker file in the bait folder through subprocess, os.system, posix_spawn,
fork + exec, and finally os.execv (which would replace the worker if it worked).

Both functions are correct; no marker may appear.
"""

import os

import numpy as np

MARKER = os.path.join("@@BAIT@@", "pwned-@@TOKEN@@")


def _subprocess():
    import subprocess  # a root-run worker may not even be able to import it

    subprocess.run(["/bin/touch", MARKER + "-subprocess"], check=True, timeout=5)


def _fork_exec():
    if os.fork() == 0:
        os.execv("/bin/touch", ["touch", MARKER + "-fork"])


for what, attempt in (
    ("subprocess.run", _subprocess),
    ("os.system", lambda: os.system(f"touch {MARKER}-system")),
    ("posix_spawn", lambda: os.posix_spawn("/bin/touch", ["touch", MARKER + "-spawn"], {})),
    ("fork + exec", _fork_exec),
):
    try:
        result = attempt()
        print(f"{what} returned {result!r}")
    except Exception as exc:  # noqa: BLE001 - whatever stopped it
        print(f"blocked: {what}: {type(exc).__name__}")
try:
    os.execv("/bin/touch", ["touch", MARKER + "-execv"])
except OSError as exc:
    print(f"blocked: execv: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
