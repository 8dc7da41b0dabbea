"""Change notifications: services announce what they changed, pages listen.

A service method that writes is marked ``@announces(Change.TODOS)``; when it returns,
everyone subscribed to the service's `Changes` hears about it. Nested calls (a draft
sent logs an interaction and completes a to-do) are heard once, when the outermost
call returns, as one combined `Change`. A failed call announces nothing of its own.

Listeners are called on the thread that made the change; the window's relay
(netdesk/views/changes.py) hands them to the GUI thread. Nothing here knows Qt, so the
command line and the tests use the same services unchanged.
"""

from __future__ import annotations

import enum
import functools
import threading
from contextlib import contextmanager

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a command's ~3 ms)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, ParamSpec, TypeVar

    P = ParamSpec("P")
    R = TypeVar("R")
    Listener = Callable[["Change"], None]


class Change(enum.Flag):
    """What changed, as a set: ``Change.PEOPLE | Change.TODOS``."""

    PEOPLE = 1  # people, organisations, tags, who "me" is
    MEETINGS = 2  # meetings, prepared questions and answers, the question bank
    REFERRALS = 4  # who suggested the user talk to whom
    LINKS = 8  # who knows whom, places on the map
    TODOS = 16
    INTERACTIONS = 32  # timelines and "last in touch"
    OUTREACH = 64  # requests for a conversation and their answers
    IMPORTS = 128  # import batches (what Undo Last Import would undo)
    SETTINGS = 256  # preferences: reminders, keep-in-touch, the map's layout
    MAIL = 512  # the mail account and the email templates
    EVENTS = 1024  # networking events, the people met there and their captures
    JOB_SEARCH = 2048  # target organisations, applications and their steps
    EVERYTHING = 4095  # the whole file was replaced (a restore)


# What a whole network changes: loading or undoing an import (the sample has meetings,
# to-dos and requests), deleting people or bringing them back (the events they were met at,
# the applications they referred).
NETWORK = (
    Change.PEOPLE
    | Change.MEETINGS
    | Change.REFERRALS
    | Change.LINKS
    | Change.TODOS
    | Change.INTERACTIONS
    | Change.OUTREACH
    | Change.IMPORTS
    | Change.EVENTS
    | Change.JOB_SEARCH
)


class Changes:
    """The one notifier, built in the composition root and given to every service."""

    def __init__(self) -> None:
        self._listeners: tuple[Listener, ...] = ()
        self._lock = threading.Lock()
        self._calls = threading.local()  # per thread: depth of announcing calls, pending

    def subscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners = (*self._listeners, listener)

    def unsubscribe(self, listener: Listener) -> None:
        with self._lock:
            self._listeners = tuple(each for each in self._listeners if each != listener)

    def announce(self, change: Change) -> None:
        """Tell every listener (at once, or when the outermost announcing call returns)."""
        if getattr(self._calls, "depth", 0):
            self._calls.pending |= change
            return
        for listener in self._listeners:
            listener(change)

    @contextmanager
    def gathered(self) -> Iterator[None]:
        """Announce what happens inside as one change, at the end (even on failure:
        what nested calls committed before it did happen)."""
        calls = self._calls
        if not getattr(calls, "depth", 0):
            calls.depth, calls.pending = 0, Change(0)
        calls.depth += 1
        try:
            yield
        finally:
            calls.depth -= 1
            if calls.depth == 0 and calls.pending:
                pending, calls.pending = calls.pending, Change(0)
                self.announce(pending)


def announces(change: Change) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a service method that writes: when it returns, *change* is announced on
    the service's `changes`."""

    def decorate(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def announcing(*args: P.args, **kwargs: P.kwargs) -> R:
            service: Any = args[0]
            changes: Changes = service.changes
            with changes.gathered():
                result = method(*args, **kwargs)
                changes.announce(change)
            return result

        announcing.announces = change  # type: ignore[attr-defined]
        return announcing

    return decorate
