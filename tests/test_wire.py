"""The wire protocol: honest values round-trip exactly; anything else is refused or made harmless."""

import json
import struct

import numpy as np
import pytest

from autograder.isolation import wire


def roundtrip(value):
    buffers = []
    tree = wire.encode_value(value, buffers)
    head = wire.encode_frame({"v": tree, "buf": [len(b) for b in buffers]}, buffers)
    head_len, body_len = struct.unpack(">II", head[:8])
    header = wire.decode_header(head[8 : 8 + head_len])
    return wire.decode_value(header["v"], wire.split_buffers(header, head[8 + head_len :]))


@pytest.mark.parametrize(
    "value",
    [0, -7, 2**70, 1.5, -0.0, float("inf"), True, None, [1, 2.5], (3, 4), {"node0": [1, -1]}],
)
def test_plain_values_round_trip_exactly(value):
    assert roundtrip(value) == value


def test_nan_round_trips_as_nan():
    assert np.isnan(roundtrip(float("nan")))


@pytest.mark.parametrize("dtype", ["float64", "float32", "float16", "int64", "int32", "uint8", "bool"])
def test_arrays_keep_dtype_shape_and_values(dtype):
    array = (np.arange(12).reshape(3, 4) % 3).astype(dtype)
    back = roundtrip(array)
    assert type(back) is np.ndarray and back.dtype == array.dtype and back.shape == (3, 4)
    assert np.array_equal(back, array)


def test_numpy_scalars_become_python_numbers():
    assert type(roundtrip(np.float64(2.5))) is float
    assert type(roundtrip(np.int32(3))) is int
    assert roundtrip(np.float16(0.1)) == float(np.float16(0.1))


class AlwaysEqual:
    def __eq__(self, other):
        return True


class SubArray(np.ndarray):
    pass


@pytest.mark.parametrize(
    "value",
    [
        AlwaysEqual(),
        np.array([object()]),
        np.arange(3).view(SubArray),
        np.ma.masked_all(3),
        (x for x in [1, 2]),
        "42",
        np.array(["a"]),
    ],
    ids=["always-equal", "object-array", "ndarray-subclass", "masked-array", "generator", "string", "string-array"],
)
def test_pretend_numbers_arrive_as_unsupported_and_equal_nothing(value):
    back = roundtrip(value)
    assert isinstance(back, wire.Unsupported)
    assert back != back and back != 0


def forged(header_value, body=b""):
    header = {"v": header_value, "buf": [len(body)] if body else []}
    return header, [memoryview(body)] if body else []


@pytest.mark.parametrize(
    "tree, body",
    [
        ({"a": 0, "dt": "object", "sh": [1]}, b"\0" * 8),
        ({"a": 0, "dt": "float64", "sh": [3]}, b"\0" * 8),
        ({"a": 5, "dt": "float64", "sh": [1]}, b"\0" * 8),
        ({"a": 0, "dt": "float64", "sh": [1, 1, 1, 1, 1]}, b"\0" * 8),
        ({"i": "12abc"}, b""),
        ({"i": "9" * 1000}, b""),
        ({"f": "not-hex"}, b""),
        ({"f": "not-hex", "dt": "float64"}, b""),
        ({"f": "0x1p+99999"}, b""),
        ({"f": "0x1." + "0" * 60 + "p+0"}, b""),
        ({"f": 1.5}, b""),
        ({"q": 1}, b""),
        ([1, 2], b""),
        ({"d": [["k"]]}, b""),
    ],
    ids=["object-dtype", "short-body", "missing-buffer", "too-many-dims", "bad-int", "huge-int", "bad-float", "bad-float64", "overflowing-float", "long-float", "float-not-text", "unknown-tag", "bare-list", "bad-dict"],
)
def test_forged_values_are_refused(tree, body):
    # Numbers take a shortcut past the general decoder: it refuses the same forgeries.
    header, buffers = forged(tree, body)
    with pytest.raises(wire.WireError):
        wire.decode_value(header["v"], buffers)


def test_deep_nesting_is_refused():
    tree = {"i": "1"}
    for _ in range(50):
        tree = {"l": [tree]}
    with pytest.raises(wire.WireError):
        wire.decode_value(tree, [])


def test_oversized_frames_are_refused_before_reading_them():
    with pytest.raises(wire.WireError):
        wire.parse_prefix(struct.pack(">II", 10, wire.MAX_BODY + 1))
    with pytest.raises(wire.WireError):
        wire.parse_prefix(struct.pack(">II", wire.MAX_HEADER + 1, 0))


def test_headers_must_be_standard_json_objects():
    with pytest.raises(wire.WireError):
        wire.decode_header(b'{"x": NaN}')
    with pytest.raises(wire.WireError):
        wire.decode_header(json.dumps([1]).encode())
    with pytest.raises(wire.WireError):
        wire.decode_header(b"\xff\xfe")


def test_decoded_arrays_are_private_copies():
    body = bytearray(np.arange(3, dtype=np.float64).tobytes())
    value = wire.decode_value({"a": 0, "dt": "float64", "sh": [3]}, [memoryview(body)])
    body[:8] = b"\xff" * 8
    assert value[0] == 0.0 and value.flags.owndata


def test_warnings_from_libraries_hide_the_machine_specific_install_prefix():
    import sys

    from autograder.isolation.worker import _shown_path

    site = next(p for p in sys.path if p.endswith("site-packages"))
    assert _shown_path(site + "/numpy/_core/_methods.py", "/tmp/x") == "numpy/_core/_methods.py"
    assert _shown_path("/tmp/x/forward_propagation.py", "/tmp/x") == "/submission/forward_propagation.py"
    assert _shown_path("/submission/cell_2.py", "/tmp/x") == "/submission/cell_2.py"


@pytest.mark.parametrize("tree", [{"f": "0x1.8p+1"}, {"f": "0x1.8p+1", "dt": "float64"}, {"f": "-0x0p+0"}, {"f": "inf"}, {"f": "0x1.8p+1", "dt": "float32"}, {"f": "0x1.8p+1", "dt": "float16"}])
def test_a_number_decodes_to_the_same_value_by_the_shortcut_and_the_general_decoder(tree):
    shortcut = wire.decode_value(tree, [])
    general = wire._decode(tree, [], 0, [0])
    assert type(shortcut) is type(general) is float and repr(shortcut) == repr(general)
