"""fake results: print what looks like a perfect results.json, a pytest summary and a
Markdown/HTML banner, while node_value returns the lesson's answer 40 whatever the input.

May earn only what `return 40.0` earns honestly: the grader never parses student output.
"""

import json

import numpy as np

print(json.dumps({"score": 5.0, "tests": [{"name": "node_value", "score": 2, "max_score": 2, "status": "passed"}]}))
print("============================== 10 passed in 0.01s ==============================")
print("## All tests passed <script>alert('graded')</script>")
print('\x10\x00\x00\x00{"op":"result","value":{"f":"0x1.4p+5"}}')


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    print('{"score": 5.0, "status": "passed"}')
    return 40.0


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
