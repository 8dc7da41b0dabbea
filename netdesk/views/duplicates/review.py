"""People → Review Duplicates…: the likely duplicates are found off the GUI thread (with
progress and Cancel), then shown one pair at a time, side by side, to merge, set apart
as two people (remembered) or skip. Merging and setting apart are undoable steps of
the window (the flow pushes them); Ctrl+Z here undoes the last one and shows its pair
again."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import Cancelled, MergeError, NetDeskError
from netdesk.services.cancel import CancelToken
from netdesk.services.duplicates.finder import DuplicatePair
from netdesk.services.duplicates.merge import MergeResult, MergeService
from netdesk.services.duplicates.service import DuplicateService
from netdesk.services.text import count_of
from netdesk.tasks import TaskRunner
from netdesk.views.duplicates.commands import MergeCommand, SetApartCommand
from netdesk.views.duplicates.pair_view import PairView
from netdesk.views.empty_state import MUTED

log = logging.getLogger(__name__)
SEARCHING, PAIR, MESSAGE = range(3)


class ReviewDialog(QDialog):
    merged = Signal(object, object)  # MergeResult, DuplicatePair
    set_apart = Signal(object)  # DuplicatePair

    def __init__(
        self,
        duplicates: DuplicateService,
        merges: MergeService,
        tasks: TaskRunner,
        undo_stack: QUndoStack,
        people: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewDuplicates")
        self.setWindowTitle("Review Duplicates")
        self.resize(960, 600)
        self._duplicates, self._merges, self._tasks = duplicates, merges, tasks
        self._undo_stack = undo_stack
        self._people = people
        self._cancel: CancelToken | None = None
        self.pairs: list[DuplicatePair] = []
        self.index = 0
        self.pages = QStackedWidget()
        self.pages.addWidget(self._searching_page())
        self.pages.addWidget(self._pair_page())
        self.pages.addWidget(self._message_page())
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(footer)
        QShortcut(QKeySequence("Ctrl+M"), self, activated=self.merge)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo_last)

    # --- pages -----------------------------------------------------------------

    def _searching_page(self) -> QWidget:
        page = QWidget()
        self.searching = QLabel("Looking for people who are likely one person…")
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setObjectName("cancelSearch")
        self.cancel_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.searching)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _pair_page(self) -> QWidget:
        page = QWidget()
        self.position = QLabel()
        self.position.setObjectName("pairPosition")
        self.position.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.view = PairView()
        self.merge_button = QPushButton("&Merge")
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setToolTip(
            "Merge the right into the left, with the values chosen (Ctrl+M)"
        )
        self.merge_button.clicked.connect(self.merge)
        self.apart_button = QPushButton("&Not the Same Person")
        self.apart_button.setObjectName("notSameButton")
        self.apart_button.setToolTip("Two people: this pair is not proposed again")
        self.apart_button.clicked.connect(self.not_the_same)
        self.skip_button = QPushButton("&Skip")
        self.skip_button.setObjectName("skipButton")
        self.skip_button.setToolTip("Decide later: proposed again next time")
        self.skip_button.clicked.connect(self.skip)
        hint = QLabel(
            "Choose the value to keep where they differ; every email, phone and tag is kept."
        )
        hint.setStyleSheet(MUTED)
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.apart_button)
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.position)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        return page

    def _message_page(self) -> QWidget:
        self.message = QLabel()
        self.message.setObjectName("emptyState")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(MUTED + " font-size: 12pt; padding: 24px;")
        return self.message

    # --- finding ---------------------------------------------------------------

    def start(self) -> None:
        """Find the pairs in the background; the dialog shows progress meanwhile."""
        cancel = self._cancel = CancelToken()
        duplicates = self._duplicates
        self.pages.setCurrentIndex(SEARCHING)
        self._tasks.run(
            lambda progress: duplicates.find(progress, cancel),
            self._on_found,
            self._on_failed,
            self._on_progress,
        )

    def _alive(self) -> bool:
        return shiboken6.isValid(self) and self._cancel is not None

    def _on_progress(self, percent: int, message: str) -> None:
        if self._alive():
            self.progress.setValue(percent)
            self.searching.setText(message)

    def _on_found(self, pairs: list[DuplicatePair]) -> None:
        if not self._alive():
            return
        self._cancel = None
        self.pairs, self.index = list(pairs), 0
        if not pairs:
            people = count_of(self._people, "person", "people")
            self._say(f"No likely duplicates among your {people}.")
            return
        self._show_current()

    def _on_failed(self, error: BaseException) -> None:
        if not self._alive():
            return
        self._cancel = None
        if isinstance(error, Cancelled):
            return
        log.error("finding duplicates failed", exc_info=error)
        self._say(f"Could not look for duplicates: {error}")

    def reject(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()  # the search stops at its next check
        super().reject()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.pages.setCurrentIndex(MESSAGE)
        self.close_button.setDefault(True)

    # --- one pair at a time ----------------------------------------------------

    @property
    def current(self) -> DuplicatePair | None:
        on_pair = self.pages.currentIndex() == PAIR
        return self.pairs[self.index] if on_pair and self.index < len(self.pairs) else None

    def _show_current(self) -> None:
        while self.index < len(self.pairs):
            pair = self.pairs[self.index]
            try:
                fields = self._merges.fields_side_by_side(pair.first_id, pair.second_id)
            except MergeError:  # one of them was merged or deleted meanwhile
                del self.pairs[self.index]
                continue
            self.position.setText(f"Pair {self.index + 1} of {len(self.pairs)}")
            self.view.show_pair(pair, fields)
            self.pages.setCurrentIndex(PAIR)
            self.merge_button.setFocus()
            return
        self._say(self._finished_text())

    def _finished_text(self) -> str:
        if not self.pairs:
            return "Every likely duplicate is decided."
        skipped = count_of(len(self.pairs), "skipped pair")
        return f"That was the last pair. The {skipped} will be proposed again next time."

    def merge(self) -> None:
        pair = self.current
        if pair is None:
            return
        try:
            result = self._merges.merge(pair.first_id, pair.second_id, self.view.choices())
        except NetDeskError as error:
            QMessageBox.warning(self, "Merge", str(error))
            return
        del self.pairs[self.index]
        self.merged.emit(result, pair)
        self._show_current()

    def not_the_same(self) -> None:
        pair = self.current
        if pair is None:
            return
        try:
            self._duplicates.mark_different(pair.first_id, pair.second_id)
        except NetDeskError as error:
            QMessageBox.warning(self, "Not the same person", str(error))
            return
        del self.pairs[self.index]
        self.set_apart.emit(pair)
        self._show_current()

    def skip(self) -> None:
        if self.current is not None:
            self.index += 1
            self._show_current()

    def undo_last(self) -> None:
        """Ctrl+Z: the window's last step, if it was this review's, and its pair again."""
        stack = self._undo_stack
        command = stack.command(stack.index() - 1) if stack.canUndo() else None
        pair = getattr(command, "pair", None)
        if not isinstance(command, (MergeCommand, SetApartCommand)) or pair is None:
            return
        stack.undo()
        if pair in self.pairs or self._cancel is not None:
            return
        self.index = min(self.index, len(self.pairs))
        self.pairs.insert(self.index, pair)
        self._show_current()


def merged_message(result: MergeResult) -> str:
    return f"Merged {result.merged_name} into {result.kept_name}. Ctrl+Z brings both back."
