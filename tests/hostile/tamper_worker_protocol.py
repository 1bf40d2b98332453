"""tamper: rewrite the worker's reply encoder so node_value's replies carry hostile value trees.

Each reply is one of: digits that str.isdigit() accepts but int() refuses, floats that
overflow or are NaN, arrays of impossible shape, wrong-sized buffers, a forbidden dtype,
unknown tags, nesting beyond the limit, non-string dict keys. The grader must validate each
one: no credit, no crash. The patch undoes itself after one reply, so predict
(correct) is answered normally.
"""

import json
import sys

import numpy as np

_wire = sys.modules["autograder.isolation.wire"]
_honest = _wire.outcome_record
# value trees, or (value tree, array buffers)
_trees = [
    {"i": "\u00b2"},
    {"i": "--7"},
    {"i": "\u0663" * 500},
    {"f": "0x1p+99999"},
    {"f": "nan"},
    {"f": 1.5},
    ({"a": 0, "dt": "float64", "sh": [2**62, 2**62, 0]}, [b""]),
    ({"a": 0, "dt": "float64", "sh": [2**70, 0]}, [b""]),
    ({"a": 0, "dt": "float64", "sh": [3]}, [b"\0" * 7]),
    ({"a": 0, "dt": "object", "sh": [1]}, [b"\0" * 8]),
    {"a": 5, "dt": "float64", "sh": [1]},
    {"a": True, "dt": "float64", "sh": []},
    {"zz": 1},
    {"l": [{"l": [{"l": [{"l": [{"l": [{"l": [{"l": [{"l": [1]}]}]}]}]}]}]}]},
    {"d": [[1, 2]]},
    {"x": {"not": "a string"}},
    [1, 2, 3],
    "forty",
]
_next = [0]


def _hostile_once(value, modified, out):
    _wire.outcome_record = _honest
    tree = _trees[_next[0] % len(_trees)]
    _next[0] += 1
    if isinstance(tree, tuple):
        tree, buffers = tree
        out.extend(buffers)
    return json.dumps({"v": tree, "m": modified, "n": len(out)})


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    _wire.outcome_record = _hostile_once
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    _wire.outcome_record = _honest  # a node_value call whose reply went another way left the patch
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
