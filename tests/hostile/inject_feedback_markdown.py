"""feedback injection: node_value raises an exception whose message closes the code fence the
feedback puts messages in, then claims full marks in Markdown (and a bit of HTML).

node_value scores 0 (it raises); in feedback.md and Gradescope's Markdown output the claim
must stay inside a code block, as the student's printed output does.
"""

import numpy as np

BANNER = "# All checks passed: Score 5 / 5 <img src=x onerror=alert(1)>"


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    raise ValueError(f"\n```\n\n{BANNER}\n\n```text\n")


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
