"""Builders for intake tests: realistic LMS downloads made in memory, no binary fixtures committed."""

from __future__ import annotations

import io
import json
import stat
import struct
import zipfile
from pathlib import Path
from typing import Iterable, Union

from autograder.intake import Wanted

COURSE_FILES = {
    "forward_propagation.py": "01_forward_propagation",
    "activation_functions.py": "02_activation_functions",
    "relu.py": "03_relu",
    "many_observations.py": "04_many_observations",
    "multilayer.py": "05_multilayer",
    "deep_network.py": "06_deep_network",
}
WANTED = Wanted(files=COURSE_FILES)

RELU_OK = b'''import numpy as np


def relu(input):
    """Return input when it is positive, else 0."""
    output = max(0, input)
    return output


def predict_with_relu(input_data, weights):
    node_0_output = relu((input_data * weights["node_0"]).sum())
    node_1_output = relu((input_data * weights["node_1"]).sum())
    hidden = np.array([node_0_output, node_1_output])
    return (hidden * weights["output"]).sum()
'''
RELU_WRONG = b'''def relu(input):
    # TODO: forgot the max
    return input


def predict_with_relu(input_data, weights):
    raise NotImplementedError
'''
FORWARD_OK = b'''def node_value(input_data, node_weights):
    return (input_data * node_weights).sum()


def predict(input_data, weights):
    hidden = [node_value(input_data, weights["node_0"]), node_value(input_data, weights["node_1"])]
    return sum(h * w for h, w in zip(hidden, weights["output"]))
'''


def source(exercise_file: str, variant: str = "ok") -> bytes:
    """A plausible student file for any course file; the variant is visible in the text."""
    if exercise_file == "relu.py":
        return RELU_OK if variant == "ok" else RELU_WRONG if variant == "wrong" else RELU_OK + f"# {variant}\n".encode()
    if exercise_file == "forward_propagation.py" and variant == "ok":
        return FORWARD_OK
    stem = exercise_file[:-3]
    return f"# {exercise_file} ({variant})\n\ndef {stem}(*args):\n    return 0.0  # {variant}\n".encode()


def notebook(*code: str) -> bytes:
    cells = [{"cell_type": "code", "metadata": {}, "source": c, "outputs": [], "execution_count": None} for c in code]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()


Entry = Union[tuple[str, Union[bytes, str]], tuple[zipfile.ZipInfo, Union[bytes, str]]]


def make_zip(entries: Iterable[Entry], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip from (name or ZipInfo, content) pairs, in order; duplicates and odd names are kept as given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in entries:
            info = name if isinstance(name, zipfile.ZipInfo) else zipfile.ZipInfo(name, (2025, 3, 1, 10, 0, 0))
            if isinstance(name, str):
                info.compress_type = compression
                info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def symlink_entry(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name, (2025, 3, 1, 10, 0, 0))
    info.create_system = 3  # Unix, so the mode bits mean something
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def rename_raw(data: bytes, placeholder: str, raw: bytes) -> bytes:
    """Swap a name's bytes in both headers (same length), leaving the UTF-8 flag unset: a legacy-encoded name."""
    encoded = placeholder.encode("ascii")
    assert len(encoded) == len(raw) and data.count(encoded) == 2
    return data.replace(encoded, raw)


def understate_size(data: bytes, member: str, declared: int) -> bytes:
    """Rewrite a member's uncompressed size in both headers: the header lies, the data does not."""
    out = bytearray(data)
    name = member.encode()
    local = out.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack("<H", out[local + 26 : local + 28])[0]
        if out[local + 30 : local + 30 + name_len] == name:
            out[local + 22 : local + 26] = struct.pack("<L", declared)
        local = out.find(b"PK\x03\x04", local + 4)
    central = out.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack("<H", out[central + 28 : central + 30])[0]
        if out[central + 46 : central + 46 + name_len] == name:
            out[central + 24 : central + 28] = struct.pack("<L", declared)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def write_tree(root: Path, files: dict[str, bytes | str]) -> Path:
    """Write {relative path: content} under root; returns root."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return root


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every path under root with its size and mtime: to show intake wrote nothing."""
    return {
        str(p.relative_to(root)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }
