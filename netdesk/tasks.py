"""Background work: plain data in, plain data out, results delivered on the GUI thread."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from netdesk.services.progress import Progress

log = logging.getLogger(__name__)

Work = Callable[[Progress], Any]


class TaskRunner(Protocol):
    def run(
        self,
        work: Work,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Progress | None = None,
    ) -> None: ...

    def wait(self, timeout_ms: int = -1) -> bool: ...


class _Relay(QObject):
    """Carries one task's results across threads; parented so queued signals are not lost."""

    progressed = Signal(int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Work, relay: _Relay, cleanup: Callable[[], None] | None) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self._cleanup = cleanup

    def run(self) -> None:
        try:
            result = self._work(self._relay.progressed.emit)
        except BaseException as error:  # delivered to the GUI, which shows it
            log.debug("background task failed:\n%s", traceback.format_exc())
            self._relay.failed.emit(error)
        else:
            self._relay.finished.emit(result)
        finally:
            if self._cleanup is not None:
                self._cleanup()


class QtTaskRunner(QObject):
    """Runs work on a thread pool; callbacks run on the thread that owns this runner."""

    def __init__(
        self,
        parent: QObject | None = None,
        max_threads: int = 1,
        cleanup: Callable[[], None] | None = None,
    ) -> None:
        """*cleanup* runs on the worker after each task (e.g. closing its database connection)."""
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._cleanup = cleanup

    def run(self, work, on_done, on_error, on_progress=None) -> None:
        relay = _Relay(self)
        if on_progress is not None:
            relay.progressed.connect(on_progress)

        def deliver(callback: Callable[[Any], None], value: Any) -> None:
            try:
                callback(value)
            finally:
                relay.deleteLater()

        relay.finished.connect(lambda result: deliver(on_done, result))
        relay.failed.connect(lambda error: deliver(on_error, error))
        self._pool.start(_Job(work, relay, self._cleanup))

    def wait(self, timeout_ms: int = -1) -> bool:
        return self._pool.waitForDone(timeout_ms)


class ImmediateTaskRunner:
    """Synchronous double for tests: runs the work at once on the calling thread."""

    def run(self, work, on_done, on_error, on_progress=None) -> None:
        try:
            result = work(on_progress or (lambda percent, message: None))
        except Exception as error:
            on_error(error)
        else:
            on_done(result)

    def wait(self, timeout_ms: int = -1) -> bool:
        return True
