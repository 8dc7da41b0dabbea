"""The services' change notifications, on the GUI thread, for pages to follow.

`ChangeRelay` hears every announcement (from the GUI thread or a background task) and
emits `changed` on the GUI thread once the code that made the change has returned to
the event loop: a page never refreshes in the middle of what the user is doing, and
one user action is one announcement (services gather nested calls into one).

`follow_changes` makes a page refresh itself: at once when it is on screen, else the
next time it is shown. The window never needs to know what a page shows.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from netdesk.services.changes import Change, Changes


class ChangeRelay(QObject):
    changed = Signal(object)  # Change
    _arrived = Signal(object)  # from any thread; queued to this object's (the GUI's)

    def __init__(self, changes: Changes, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued even from the GUI thread: pages refresh after the slot that made the
        # change has finished, never half-way through it.
        self._arrived.connect(self.changed, Qt.ConnectionType.QueuedConnection)
        # Held weakly, and no closure on this object's own signals: either would keep
        # its Python wrapper alive into the C++ destructor, which crashes.
        relay = weakref.ref(self)

        def listener(change: Change) -> None:
            alive = relay()
            if alive is None or not isValid(alive):  # the window is gone, services live on
                changes.unsubscribe(listener)
                return
            alive._arrived.emit(change)

        changes.subscribe(listener)


class Follower(QObject):
    """Refreshes one widget when what it shows changed: now if visible, else on show."""

    def __init__(
        self,
        widget: QWidget,
        relay: ChangeRelay,
        watched: Change,
        refresh: Callable[[], None],
        stale: bool,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._watched = watched
        self._refresh = refresh
        self.stale = stale
        relay.changed.connect(self._on_changed)
        widget.installEventFilter(self)

    def _on_changed(self, change: Change) -> None:
        if not change & self._watched:
            return
        if self._widget.isVisible():
            self.stale = False
            self._refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._refresh()
        return False


def follow_changes(
    widget: QWidget,
    relay: ChangeRelay,
    watched: Change,
    refresh: Callable[[], None],
    *,
    stale: bool = False,
) -> Follower:
    """Keep *widget* current: call *refresh* when any of *watched* changed, at once if
    the widget is on screen, or when it is next shown. *stale*: not read yet, so the
    first show reads it (a page that is expensive to fill waits until it is seen)."""
    return Follower(widget, relay, watched, refresh, stale)
