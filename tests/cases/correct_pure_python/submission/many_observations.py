def relu(input):
    return input if input > 0 else 0


def predict_rows(input_rows, weights):
    def one(row):
        hidden = [relu(sum(float(x) * float(w) for x, w in zip(row, weights[key]))) for key in ("node0", "node1")]
        return sum(h * float(w) for h, w in zip(hidden, weights["output"]))

    return [one(row) for row in input_rows]
