"""Undoable commands for the Edit menu."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from netdesk.services.contacts.deletion import DeletedContacts
from netdesk.services.contacts.service import ContactService

log = logging.getLogger(__name__)


class DeleteContactsCommand(QUndoCommand):
    """Deleting people; undo puts them back with their ids, tags and links. The pages
    showing them hear of it from the contact service."""

    def __init__(
        self,
        contacts: ContactService,
        ids: list[int],
        names: list[str],
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        text = f"Delete {names[0]}" if len(ids) == 1 else f"Delete {len(ids):,} people"
        super().__init__(text)
        self._contacts = contacts
        self._ids = ids
        self._on_error = on_error
        self._snapshot: DeletedContacts | None = None

    def redo(self) -> None:
        self._snapshot = self._contacts.delete(self._ids)

    def undo(self) -> None:
        if self._snapshot is not None:
            try:
                self._contacts.restore(self._snapshot)
            except Exception as error:  # shown to the user; the stack drops this step
                log.exception("could not restore deleted people")
                self.setObsolete(True)
                self._on_error(f"Could not bring back {self.text()[7:]}: {error}")
                return
            self._snapshot = None
