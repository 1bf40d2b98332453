"""Hidden checks for 10_backprop: agree with the reference on drawn networks and inputs.

Widths 1 to 4 and 6, integer inputs (hidden inputs of exactly 0 included), lists and arrays,
target 0, and the lesson's network. gradients returns a dict, compared key by key like any
result made of parts.
"""

import numpy as np
from hypothesis import strategies as st

from autograder.checks import input_data, numbers, reference_check, weight_dicts

from lesson import NETWORK, one_hidden_layer, weights


def _arguments(*, widths=range(1, 5), data=None, target=None, network=None):
    data = data or (lambda n: input_data(size=n, min_value=-10, max_value=10))
    network = network or (lambda n: weights(n_inputs=n))
    target = numbers(min_value=-50, max_value=50) if target is None else target
    return st.one_of([st.tuples(data(n), target, network(n)) for n in widths])


def _integers(n):
    return st.lists(st.integers(-5, 5), min_size=n, max_size=n).map(np.array)


CHECKS = [
    reference_check("gradients", "matches the reference on drawn networks and inputs", examples=_arguments()),
    reference_check("gradients", "matches the reference with integer inputs", examples=_arguments(data=_integers, network=lambda n: weight_dicts(one_hidden_layer(n), min_value=-3, max_value=3))),
    reference_check("gradients", "matches the reference when the target is 0", examples=_arguments(target=st.just(0))),
    reference_check("gradients", "matches the reference with one input and with six inputs", examples=_arguments(widths=(1, 6))),
    reference_check("gradients", "matches the reference for the lesson's network with other inputs", examples=st.tuples(input_data(size=2), numbers(min_value=-50, max_value=50), st.just(NETWORK))),
]
