"""Undoable steps of the events page: deleting an event."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from netdesk.errors import NetDeskError
from netdesk.services.events.deletion import DeletedEvent
from netdesk.services.events.service import EventService

log = logging.getLogger(__name__)


class DeleteEventCommand(QUndoCommand):
    """Delete an event when pushed; Ctrl+Z puts it back with who was met there, their
    notes, stars, introductions and the to-dos that followed it up."""

    def __init__(
        self,
        events: EventService,
        event_id: int,
        name: str,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        super().__init__(f"Delete event {name}")
        self._events = events
        self._event_id = event_id
        self._deleted: DeletedEvent | None = None
        self._on_error = on_error

    @property
    def event_id(self) -> int:
        return self._event_id

    def redo(self) -> None:
        try:
            self._deleted = self._events.delete(self._event_id)
        except KeyError:  # already gone (deleted from the command line, say)
            self.setObsolete(True)

    def undo(self) -> None:
        if self._deleted is None:
            return
        try:
            self._event_id = self._events.restore_event(self._deleted)
        except NetDeskError as error:
            log.exception("could not restore an event")
            self.setObsolete(True)
            self._on_error(f"Could not bring the event back: {error}")
            return
        self._deleted = None
