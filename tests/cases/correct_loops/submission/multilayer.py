def relu(input):
    return max(0, input)


def dot(values, weights):
    total = 0
    for v, w in zip(values, weights):
        total += v * w
    return total


def predict_with_network(input_data, weights):
    layer1 = [relu(dot(input_data, weights["node0_0"])), relu(dot(input_data, weights["node0_1"]))]
    layer2 = [relu(dot(layer1, weights["node1_0"])), relu(dot(layer1, weights["node1_1"]))]
    return dot(layer2, weights["output"])
