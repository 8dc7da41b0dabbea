"""Where a map layout runs: on the calling thread for small networks, or in a separate
process (`python -m netdesk.services.network.layout_worker`, or a bundled app's
`--layout-worker`) that reads one `LayoutJob` on stdin and writes progress and the
positions back on stdout as length-prefixed pickles."""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import struct
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from netdesk.errors import LayoutError
from netdesk.services.cancel import CancelToken
from netdesk.services.network.layout import LayoutJob, place
from netdesk.services.progress import Progress, no_progress

WORKER_FLAG = "--layout-worker"  # how a bundled (frozen) app starts its layout process
MODULE = "netdesk.services.network.layout_worker"


def place_in_thread(
    job: LayoutJob, progress: Progress = no_progress, cancel: CancelToken | None = None
) -> np.ndarray:
    """Lay out on the calling thread (small networks), stopping when *cancel* is set."""

    def checked(percent: int, message: str) -> None:
        if cancel is not None:
            cancel.check()
        progress(percent, message)

    return place(job, checked)


def worker_command() -> list[str]:
    """The command that starts a layout process."""
    if getattr(sys, "frozen", False):  # a bundled app has no -m: its entry point dispatches
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", MODULE]


_running: set[subprocess.Popen] = set()
_running_lock = threading.Lock()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(OSError):  # it ended meanwhile
            process.kill()


@atexit.register
def _stop_all() -> None:
    """No layout process outlives the app, however it exits."""
    with _running_lock:
        running = list(_running)
    for process in running:
        _stop(process)


def running_processes() -> int:
    """Layout processes alive now (for tests and the benchmark)."""
    with _running_lock:
        return sum(1 for process in _running if process.poll() is None)


def place_in_process(
    job: LayoutJob,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    command: Sequence[str] | None = None,
) -> np.ndarray:
    """Lay out in a separate process, so the GUI process's GIL stays free.

    Blocks the calling (worker) thread on the pipe; *progress* is called there. Setting
    *cancel* kills the process at once and raises `Cancelled`; any failure of the
    process raises `LayoutError` with a message for the user.
    """
    cancel = cancel or CancelToken()
    cancel.check()
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])  # so -m finds netdesk from any folder
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                list(command or worker_command()),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                env=env,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError as error:
            raise LayoutError(f"The layout process could not start: {error}") from error
        with _running_lock:
            _running.add(process)
        forget = cancel.on_cancel(lambda: _stop(process))
        try:
            return _converse(process, job, progress, cancel, errors)
        finally:
            forget()
            _stop(process)
            process.wait()
            with _running_lock:
                _running.discard(process)
            for stream in (process.stdin, process.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):  # a broken pipe's unsent bytes
                        stream.close()


def _converse(
    process: subprocess.Popen,
    job: LayoutJob,
    progress: Progress,
    cancel: CancelToken,
    errors: IO[bytes],
) -> np.ndarray:
    assert process.stdin is not None and process.stdout is not None
    # It may die before reading: then its exit status and last words say why, below.
    with contextlib.suppress(OSError):
        _write_frame(process.stdin, job.to_wire())
        process.stdin.close()
    while True:
        try:
            message = _read_frame(process.stdout)
        except EOFError:
            cancel.check()
            process.wait()
            raise LayoutError(_why_it_died(process.returncode, errors)) from None
        if message[0] == "progress":
            progress(message[1], message[2])
        elif message[0] == "done":
            return message[1]
        else:
            raise LayoutError(f"The layout failed: {message[1]}")


def _why_it_died(status: int | None, errors: IO[bytes]) -> str:
    errors.seek(0)
    lines = [
        line.strip()
        for line in errors.read()[-4000:].decode("utf-8", "replace").splitlines()
        if line.strip()
    ]
    if status is not None and status < 0:
        how = f"was stopped (signal {-status}; out of memory?)"
    else:
        how = f"stopped unexpectedly (exit status {status})"
    detail = f": {lines[-1]}" if lines else ""
    return f"The layout process {how}{detail}"


_HEADER = struct.Struct("<Q")


def _write_frame(stream: IO[bytes], value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> Any:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # only ever from our own parent or child process


def main(source: IO[bytes] | None = None, sink: IO[bytes] | None = None) -> int:
    """The layout process: one job in on stdin; progress, then positions, out on stdout."""
    source = source or sys.stdin.buffer
    if sink is None:
        sink = sys.stdout.buffer
        sys.stdout = sys.stderr  # a stray print must not corrupt the frames
    try:
        job = LayoutJob.from_wire(_read_frame(source))
        xy = place(job, lambda percent, text: _write_frame(sink, ("progress", percent, text)))
        _write_frame(sink, ("done", xy))
    except (BrokenPipeError, ConnectionResetError):
        return 1  # nobody is listening any more: the app is gone or cancelled us
    except Exception as error:
        traceback.print_exc()
        with contextlib.suppress(OSError):
            _write_frame(sink, ("error", f"{type(error).__name__}: {error}"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
