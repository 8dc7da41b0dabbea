"""Undoable steps of the job search: removing or adding a target, adding, deleting or
editing an application."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from netdesk.errors import NetDeskError
from netdesk.services.jobsearch.applications import ApplicationService
from netdesk.services.jobsearch.records import Deleted
from netdesk.services.jobsearch.targets import TargetService

log = logging.getLogger(__name__)


class DeleteSearchItemCommand(QUndoCommand):
    """Removes a target or deletes an application (with its steps) when pushed; Ctrl+Z
    brings it back, id and all. *service* is the TargetService or ApplicationService."""

    def __init__(
        self,
        service: TargetService | ApplicationService,
        item_id: int,
        text: str,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        super().__init__(text)
        self._service = service
        self._item_id = item_id
        self._deleted: Deleted | None = None
        self._on_error = on_error

    def redo(self) -> None:
        try:
            if isinstance(self._service, TargetService):
                self._deleted = self._service.remove(self._item_id)
            else:
                self._deleted = self._service.delete(self._item_id)
        except KeyError:  # already gone (from the command line, say)
            self.setObsolete(True)

    def undo(self) -> None:
        if self._deleted is None:
            return
        try:
            self._item_id = self._service.restore(self._deleted).id
        except (KeyError, NetDeskError) as error:
            log.exception("could not restore a search item")
            self.setObsolete(True)
            self._on_error(f"Could not bring it back: {error}")
            return
        self._deleted = None


class EditApplicationCommand(QUndoCommand):
    """An edit already saved (the dialog saved it, showing any refusal): pushing it does
    nothing more; Ctrl+Z writes *before* back, Ctrl+Shift+Z *after* again."""

    def __init__(
        self,
        service: ApplicationService,
        application_id: int,
        before: dict[str, object],
        after: dict[str, object],
        text: str,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        super().__init__(text)
        self._service, self._id, self._on_error = service, application_id, on_error
        self._before = {name: before[name] for name in after}
        self._after = dict(after)
        self._saved = True  # by the dialog

    def redo(self) -> None:
        if self._saved:
            self._saved = False
            return
        self._write(self._after)

    def undo(self) -> None:
        self._write(self._before)

    def _write(self, values: dict[str, object]) -> None:
        try:
            self._service.update(self._id, **values)
        except (KeyError, NetDeskError) as error:  # deleted, or its link taken meanwhile
            self.setObsolete(True)
            self._on_error(f"Could not change the application back: {error}")


class AddTargetCommand(QUndoCommand):
    """Targets an organisation when pushed; Ctrl+Z removes that target again."""

    def __init__(
        self,
        service: TargetService,
        organisation: str,
        text: str,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        super().__init__(text)
        self._service, self._organisation, self._on_error = service, organisation, on_error
        self._deleted: Deleted | None = None
        self.target_id: int | None = None

    def redo(self) -> None:
        try:
            if self._deleted is None:
                self.target_id = self._service.add(self._organisation).id
            else:
                self.target_id = self._service.restore(self._deleted).id
                self._deleted = None
        except (KeyError, NetDeskError) as error:  # targeted meanwhile, say
            self.setObsolete(True)
            self._on_error(f"Could not add the target: {error}")

    def undo(self) -> None:
        if self.target_id is None:
            return
        try:
            self._deleted = self._service.remove(self.target_id)
        except KeyError:  # removed meanwhile
            self.setObsolete(True)


class AddedApplicationCommand(QUndoCommand):
    """An application the Add Application dialog already added (showing any refusal):
    pushing it does nothing more; Ctrl+Z deletes it, Ctrl+Shift+Z brings it back."""

    def __init__(
        self,
        service: ApplicationService,
        application_id: int,
        text: str,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        super().__init__(text)
        self._service, self._id, self._on_error = service, application_id, on_error
        self._deleted: Deleted | None = None
        self._added = True  # by the dialog

    def redo(self) -> None:
        if self._added:
            self._added = False
            return
        if self._deleted is None:
            return
        try:
            self._id = self._service.restore(self._deleted).id
        except (KeyError, NetDeskError) as error:  # its link taken meanwhile, say
            self.setObsolete(True)
            self._on_error(f"Could not add the application again: {error}")
            return
        self._deleted = None

    def undo(self) -> None:
        try:
            self._deleted = self._service.delete(self._id)
        except KeyError:  # deleted meanwhile
            self.setObsolete(True)
