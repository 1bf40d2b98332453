"""Print the isolation this machine offers; `--bench N` also times confine() in N forked children.

    python -m autograder.isolation.sandbox [--uid UID] [--bench N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import struct
import tempfile
import time

from . import Limits, confine, interpreter_paths, probe


def _time_confine(uid: int | None, read_paths: tuple[str, ...],
                  scratch: str) -> tuple[float, float]:
    """(ms inside the child for confine(), ms from fork to the child's reaped exit)."""
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            before = time.perf_counter()
            confine(uid=uid, read_paths=read_paths, write_paths=[scratch], limits=Limits())
            os.write(write_end, struct.pack("d", (time.perf_counter() - before) * 1000))
        finally:
            os._exit(0)
    os.close(write_end)
    data = os.read(read_end, 8)
    os.close(read_end)
    os.waitpid(pid, 0)
    total = (time.perf_counter() - start) * 1000
    return (struct.unpack("d", data)[0] if len(data) == 8 else float("nan")), total


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.isolation.sandbox",
                                     description="Show the isolation a worker would get here.")
    parser.add_argument("--uid", type=int, default=None,
                        help="Dedicated uid to switch to when root. Defaults to none.")
    parser.add_argument("--bench", type=int, default=0, metavar="N",
                        help="Time confine() in N forked children (numpy imported first). "
                             "Defaults to 0 (no timing).")
    args = parser.parse_args()
    print(probe(uid=args.uid).describe())
    if args.bench:
        try:  # time it in a process shaped like the zygote
            import numpy  # noqa: F401
        except ImportError:
            pass
        with tempfile.TemporaryDirectory() as scratch:
            if args.uid is not None and os.geteuid() == 0:
                os.chown(scratch, args.uid, args.uid)
            read_paths = interpreter_paths()  # computed once, as the zygote would
            runs = [_time_confine(args.uid, read_paths, scratch) for _ in range(args.bench)]
        inside = statistics.median(r[0] for r in runs)
        total = statistics.median(r[1] for r in runs)
        print(f"confine() median of {args.bench}: {inside:.2f} ms in the child; "
              f"fork + confine + exit + reap: {total:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
