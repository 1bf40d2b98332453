def relu(input):
    if input > 0:
        return input
    return 0


def predict_with_relu(input_data, weights):
    hidden = []
    for key in ("node0", "node1"):
        total = 0
        for x, w in zip(input_data, weights[key]):
            total += x * w
        hidden.append(relu(total))
    output = 0
    for value, weight in zip(hidden, weights["output"]):
        output += value * weight
    return output
