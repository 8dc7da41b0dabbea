"""Cancelling long work from another thread (no Qt): a flag plus things to do at once."""

from __future__ import annotations

import threading
from collections.abc import Callable

from netdesk.errors import Cancelled


class CancelToken:
    """Set from any thread; the work checks it, and may register what stops it at once
    (killing a child process, say), run on the cancelling thread."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Run *callback* when cancelled (now, if already); returns the way to unregister."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)

                def forget() -> None:
                    with self._lock:
                        if callback in self._callbacks:
                            self._callbacks.remove(callback)

                return forget
        callback()
        return lambda: None
