"""network: connect to a TCP port the test listens on (host loopback), send UDP to it, connect
to a UNIX socket in the bait folder, reach a public address, make a socketpair.

Both functions are correct; no connection or datagram may arrive.
"""

import socket

import numpy as np

PORT = int("@@PORT@@")
UNIX = "@@UNIX_SOCKET@@"


def _tcp(address):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        sock.connect(address)
        sock.sendall(b"stolen")


def _udp():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"stolen", ("127.0.0.1", PORT))


def _create_connection():
    # the brief's classic; as root it may already fail looking up the "idna" codec
    socket.create_connection(("127.0.0.1", PORT), timeout=1).sendall(b"stolen")


def _unix():
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(UNIX)
        sock.sendall(b"stolen")


for what, attempt in (
    ("create_connection", _create_connection),
    ("tcp loopback", lambda: _tcp(("127.0.0.1", PORT))),
    ("udp loopback", _udp),
    ("tcp public", lambda: _tcp(("1.1.1.1", 80))),
    ("unix socket", _unix),
    ("socketpair", socket.socketpair),
):
    try:
        attempt()
        print(f"ESCAPED {what}")
    except (OSError, LookupError) as exc:
        print(f"blocked: {what}: {type(exc).__name__}")


def _dot(values, weights):
    return float(np.dot(np.asarray(values, dtype=float), np.asarray(weights, dtype=float)))


def node_value(input_data, node_weights):
    return _dot(input_data, node_weights)


def predict(input_data, weights):
    hidden = [_dot(input_data, weights["node0"]), _dot(input_data, weights["node1"])]
    return _dot(hidden, weights["output"])
