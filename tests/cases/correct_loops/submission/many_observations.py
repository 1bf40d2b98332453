def relu(input):
    return max(0, input)


def predict_rows(input_rows, weights):
    results = []
    for row in input_rows:
        hidden = []
        for key in ("node0", "node1"):
            total = 0
            for x, w in zip(row, weights[key]):
                total += x * w
            hidden.append(relu(total))
        results.append(hidden[0] * weights["output"][0] + hidden[1] * weights["output"][1])
    return results
