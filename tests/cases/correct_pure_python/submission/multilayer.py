def relu(input):
    return input if input > 0 else 0


def predict_with_network(input_data, weights):
    def node(values, key):
        return sum(v * w for v, w in zip(values, weights[key]))

    first = [relu(node(input_data, "node0_0")), relu(node(input_data, "node0_1"))]
    second = [relu(node(first, "node1_0")), relu(node(first, "node1_1"))]
    return node(second, "output")
