def node_value(input_data, node_weights):
    total = 0
    for i in range(len(node_weights)):
        total += input_data[i] * node_weights[i]
    return total


def predict(input_data, weights):
    hidden = [node_value(input_data, weights["node0"]), node_value(input_data, weights["node1"])]
    output = 0
    for value, weight in zip(hidden, weights["output"]):
        output += value * weight
    return output
