"""The window's side of duplicates: People → Review Duplicates… (Ctrl+Shift+D),
Edit → Undo Last Merge (read from the database, so it works after a restart too), and a
quiet look for duplicates after each import and each contacts sync that read people,
said in the status bar."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from netdesk.errors import NetDeskError
from netdesk.services.changes import Change
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.duplicates.commands import MergeCommand, SetApartCommand
from netdesk.views.duplicates.review import ReviewDialog, merged_message
from netdesk.views.window.actions import make_action

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.services.duplicates.finder import DuplicatePair
    from netdesk.services.duplicates.merge import MergeResult
    from netdesk.views.main_window import MainWindow

log = logging.getLogger(__name__)
SHOWN_MS = 20_000
REVIEW_SHORTCUT = "Ctrl+Shift+D"


class DuplicatesFlow(QObject):
    def __init__(self, window: MainWindow, services: Services, tasks: TaskRunner) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._tasks = tasks
        self._looking = False
        self.review_action = make_action(
            window,
            "Review D&uplicates…",
            self.review,
            REVIEW_SHORTCUT,
            "reviewDuplicatesAction",
            "contacts",
        )
        self.undo_merge_action = make_action(
            window, "Undo Last &Merge", self.undo_last_merge, name="undoMergeAction"
        )
        window.changes.changed.connect(self._on_changed)
        window.imports.finished.connect(lambda _summary: self.look_in_background())
        window.contacts_sync.synced.connect(self._on_synced)
        self._update_undo_action()

    def _status(self, text: str, timeout_ms: int = SHOWN_MS) -> None:
        self._window.statusBar().showMessage(text, timeout_ms)

    # --- reviewing ---------------------------------------------------------------

    def review(self) -> ReviewDialog | None:
        window = self._window
        if not window.contacts_page.leave_editor():
            return None  # the person being edited comes first
        services = self._services
        dialog = ReviewDialog(
            services.duplicates,
            services.merges,
            self._tasks,
            window.undo_stack,
            services.contacts.counts().people,
            window,
        )
        dialog.merged.connect(self._on_merged)
        dialog.set_apart.connect(self._on_set_apart)
        window.show_dialog(dialog)
        dialog.start()
        return dialog

    def _on_merged(self, result: MergeResult, pair: DuplicatePair) -> None:
        window = self._window
        window.contacts_page.editor.clear()  # it may show the person merged away
        command = MergeCommand(
            self._services.merges,
            result,
            pair,
            lambda message: QMessageBox.warning(window, "Undo merge", message),
        )
        window.undo_stack.push(command)
        self._status(merged_message(result))

    def _on_set_apart(self, pair: DuplicatePair) -> None:
        self._window.undo_stack.push(SetApartCommand(self._services.duplicates, pair))
        self._status(
            f"{pair.first_name} and {pair.second_name} are two people: "
            "not proposed again (Ctrl+Z undoes it)."
        )

    # --- undoing the last merge, also after a restart -----------------------------

    def _on_changed(self, change: Change) -> None:
        if change & Change.PEOPLE:
            self._update_undo_action()

    def _update_undo_action(self) -> None:
        last = self._services.merges.last_merge()
        self.undo_merge_action.setEnabled(last is not None)
        name = f" of {last.merged_name}" if last is not None else ""
        self.undo_merge_action.setToolTip(f"Undo the last merge{name}")

    def undo_last_merge(self) -> None:
        merges, stack = self._services.merges, self._window.undo_stack
        last = merges.last_merge()
        if last is None:
            self._status("There is no merge to undo.", 8000)
            return
        top = stack.command(stack.index() - 1) if stack.canUndo() else None
        if isinstance(top, MergeCommand) and top.merge_id == last.merge_id:
            stack.undo()  # the same step as Ctrl+Z: the stack stays in step
        else:
            try:
                merges.undo(last.merge_id)
            except NetDeskError as error:
                QMessageBox.warning(self._window, "Undo merge", str(error))
                return
        self._status(f"Merge undone: {last.merged_name} is a separate person again.")

    # --- after an import or a sync --------------------------------------------------

    def _on_synced(self, result: object) -> None:
        if getattr(result, "pulled", 0) or getattr(result, "merged", 0):
            self.look_in_background()

    def look_in_background(self) -> None:
        """Find duplicates off the GUI thread; if there are any, say so (no dialog)."""
        if self._looking:
            return
        self._looking = True
        duplicates = self._services.duplicates
        self._tasks.run(lambda progress: duplicates.find(), self._on_found, self._on_failed)

    def _on_found(self, pairs: list) -> None:
        if not shiboken6.isValid(self):
            return
        self._looking = False
        if not pairs:
            return
        found = count_of(len(pairs), "likely duplicate")
        notice = f"{found}: People → Review Duplicates…"
        before = self._window.statusBar().currentMessage()
        fresh = before and "likely duplicate" not in before  # not an older notice again
        self._status(f"{before} · {notice}" if fresh else notice)

    def _on_failed(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            self._looking = False
            log.warning("looking for duplicates failed: %s", error)
