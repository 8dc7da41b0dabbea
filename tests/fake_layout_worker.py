"""Stand-ins for the map's layout process, for the failures a real one rarely shows.

    python tests/fake_layout_worker.py hang    reads the job, reports progress, then waits
    python tests/fake_layout_worker.py crash   says why on stderr and exits with status 3
    python tests/fake_layout_worker.py fail    answers with an error, as the real one does

They speak the real protocol (netdesk.services.network.layout_worker: length-prefixed pickles).
"""

from __future__ import annotations

import pickle
import struct
import sys
import time

COMMAND = [sys.executable, __file__]


def frame(value: object) -> bytes:
    data = pickle.dumps(value)
    return struct.pack("<Q", len(data)) + data


def main(mode: str) -> int:
    sys.stdin.buffer.read()  # the whole job, as the real process reads it
    out = sys.stdout.buffer
    if mode == "crash":
        sys.stderr.write(
            "Traceback (most recent call last):\nMemoryError: igraph ran out of memory\n"
        )
        return 3
    if mode == "fail":
        out.write(frame(("error", "ValueError: the layout met a person twice")))
        out.flush()
        return 1
    out.write(frame(("progress", 15, "Laying out your network…")))
    out.flush()
    time.sleep(60)  # "hang": only killing stops it
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
