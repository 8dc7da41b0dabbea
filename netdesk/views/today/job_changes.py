"""Today's "New jobs": moves and promotions a newer LinkedIn export showed ("Priya Wei
moved from Northwind to Tidewater Bank (seen in your export of 2 Dec)"). *Congratulate*
opens a congratulation draft (sending it answers the question); *Dismiss* asks no more
(Ctrl+Z asks again); Enter or a double-click opens the person. A mixin of `TodayPage`;
hidden while there is no job change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QAbstractItemView, QWidget

from netdesk.errors import NetDeskError
from netdesk.services.positions.history import JobChange
from netdesk.views.models.roles import CONTACT_ID_ROLE, ID_ROLE
from netdesk.views.models.rows import Column, RowListModel
from netdesk.views.today.sections import MAX_TODO_ROWS, _button, _FittingList, _row_layout, _Section

JOBS_SHOWN = 8  # newest first; a big network's first newer export may bring hundreds
HINT = "Seen in your LinkedIn exports: a short congratulation keeps a tie warm."

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.services.positions.history import PositionService


def seen_words(seen_on: str, today: date) -> str:
    """ "2 Dec" this year, "2 Dec 2025" before."""
    try:
        day = date.fromisoformat(seen_on[:10])
    except ValueError:
        return seen_on
    return f"{day.day} {day:%b}" + (f" {day.year}" if day.year != today.year else "")


def job_change_line(change: JobChange, today: date) -> str:
    return f"{change.sentence()} (seen in your export of {seen_words(change.seen_on, today)})"


class JobChangeListModel(RowListModel[JobChange]):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.today = date.min

    def columns(self):
        return (Column(text=lambda change: job_change_line(change, self.today), accessible=True),)

    def row_roles(self):
        return {
            int(ID_ROLE): lambda change: change.position_id,
            int(CONTACT_ID_ROLE): lambda change: change.contact_id,
        }


class DismissJobChangeCommand(QUndoCommand):
    """Not worth a word; undo asks again (whatever the answer was before)."""

    def __init__(self, positions: PositionService, change: JobChange) -> None:
        super().__init__(f"Dismiss: {change.sentence()}")
        self._positions, self._id = positions, change.position_id
        self._before = "open"

    def redo(self) -> None:
        self._before = self._positions.answer(self._id, "dismissed")

    def undo(self) -> None:
        self._positions.answer(self._id, self._before)


class TodayJobChanges:
    """For TodayPage: the "New jobs" section."""

    _position_service: Callable[[], PositionService] | None

    def _build_job_changes(self) -> QWidget:
        section = _Section("New jobs", "jobChangesSection", "")
        section.set_hint(HINT)
        self.jobs_section = section
        self.jobs_model = JobChangeListModel(self)
        self.jobs_list = _FittingList(MAX_TODO_ROWS)
        self.jobs_list.setObjectName("jobChanges")
        self.jobs_list.setAccessibleName("People who changed jobs")
        self.jobs_list.setModel(self.jobs_model)
        self.jobs_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.jobs_list.activated.connect(lambda _index: self.open_job_change_person())
        self.congratulate_button = _button(
            "Congratulate…",
            "jobCongratulateButton",
            "Write a congratulation (sending it answers this)",
            self.congratulate,
            "send",
        )
        self.dismiss_job_button = _button(
            "Dismiss",
            "jobDismissButton",
            "Do not ask about this job change again (Ctrl+Z asks again)",
            self.dismiss_job_change,
        )
        section.body.addWidget(self.jobs_list)
        section.body.addLayout(_row_layout(self.congratulate_button, self.dismiss_job_button))
        section.hide()
        return section

    def _refresh_job_changes(self) -> None:
        """One indexed query, read with the rest of the page."""
        if self._position_service is None:
            return
        self._show_job_changes(self._position_service().job_changes())

    def _show_job_changes(self, changes: list[JobChange]) -> None:
        chosen = self._current_job_change()
        self.jobs_model.today = self._today()
        self.jobs_model.set_rows(changes[:JOBS_SHOWN])  # laying out hundreds slows Today
        self.jobs_section.set_title("New jobs", len(changes))
        more = len(changes) - JOBS_SHOWN
        self.jobs_section.set_hint(HINT + (f" {more:,} more after these." if more > 0 else ""))
        self.jobs_section.setVisible(bool(changes))
        self.jobs_list.fit()
        row = self.jobs_model.row_where(
            lambda c: chosen is not None and c.position_id == chosen.position_id
        )
        self.jobs_list.setCurrentIndex(self.jobs_model.index(row or 0, 0))

    def _current_job_change(self) -> JobChange | None:
        return self.jobs_model.row_at(self.jobs_list.currentIndex())

    def congratulate(self) -> None:
        change = self._current_job_change()
        if change is not None:
            self.congratulate_requested.emit(change.contact_id)

    def open_job_change_person(self) -> None:
        change = self._current_job_change()
        if change is not None:
            self.person_requested.emit(change.contact_id)

    def dismiss_job_change(self) -> None:
        change = self._current_job_change()
        if change is None or self._position_service is None:
            return
        try:
            self._undo.push(DismissJobChangeCommand(self._position_service(), change))
        except (NetDeskError, KeyError) as error:
            self.status_message.emit(f"Could not dismiss it: {error}")
            return
        self.status_message.emit(f"{change.name}: not asked again (Ctrl+Z asks again).")
