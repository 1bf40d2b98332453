import math


def predict_with_tanh(input_data, weights):
    hidden = []
    for key in ("node0", "node1"):
        total = 0.0
        for x, w in zip(input_data, weights[key]):
            total += float(x) * float(w)
        hidden.append(math.tanh(total))
    output = 0.0
    for value, weight in zip(hidden, weights["output"]):
        output += value * float(weight)
    return output
