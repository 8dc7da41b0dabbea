"""Today's "Job search": applications' next actions due by today and applications
without an answer for two weeks. *Done* clears the next action, *Snooze a Week* moves
it (a silent application gets "Follow up" a week later), both undone with Ctrl+Z;
*Write Email…* (or Enter) opens a draft to the referrer or someone there. A mixin of
`TodayPage`; hidden while the search asks nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QAbstractItemView, QWidget

from netdesk.errors import NetDeskError
from netdesk.services.jobsearch.today import JobSearchItem, job_search_today, snoozed
from netdesk.views.models.roles import CONTACT_ID_ROLE, ID_ROLE
from netdesk.views.models.rows import Column, RowListModel
from netdesk.views.today.sections import MAX_TODO_ROWS, _button, _FittingList, _row_layout, _Section

SHOWN = 10  # the soonest due and the longest silent; hundreds would slow Today down
TITLE = "Job search"
HINT = "Next actions on your applications, and applications without an answer for two weeks."
NO_ONE = "Nobody to write to: no referrer, and you know nobody there now"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.services.jobsearch.applications import ApplicationService


class JobSearchListModel(RowListModel[JobSearchItem]):
    def columns(self):
        return (Column(text=lambda item: item.text, accessible=True),)

    def row_roles(self):
        return {
            int(ID_ROLE): lambda item: item.application_id,
            int(CONTACT_ID_ROLE): lambda item: item.write_to,
        }


class NextActionCommand(QUndoCommand):
    """An application's next action and due day set (cleared: ""/None); undo puts the
    ones it had back."""

    def __init__(
        self,
        applications: ApplicationService,
        item: JobSearchItem,
        action: str,
        due_on: str | None,
        text: str,
    ) -> None:
        super().__init__(text)
        self._apps, self._id = applications, item.application_id
        self._after = {"next_action": action, "due_on": due_on}
        self._before = {"next_action": item.next_action, "due_on": item.due_on}

    def redo(self) -> None:
        self._apps.update(self._id, **self._after)

    def undo(self) -> None:
        self._apps.update(self._id, **self._before)


class TodayJobSearch:
    """For TodayPage: the "Job search" section."""

    _application_service: Callable[[], ApplicationService] | None

    def _build_job_search(self) -> QWidget:
        section = _Section(TITLE, "jobSearchSection", "")
        section.set_hint(HINT)
        self.job_search_section = section
        self.job_search_model = JobSearchListModel(self)
        self.job_search_list = _FittingList(MAX_TODO_ROWS)
        self.job_search_list.setObjectName("jobSearch")
        self.job_search_list.setAccessibleName("Job search: next actions and silences")
        self.job_search_list.setModel(self.job_search_model)
        self.job_search_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.job_search_list.activated.connect(lambda _index: self.write_job_email())
        self.job_done_button = _button(
            "Done", "jobSearchDone", "Clear this next action (Ctrl+Z brings it back)",
            self.job_action_done,
        )  # fmt: skip
        self.job_snooze_button = _button(
            "Snooze a Week", "jobSearchSnooze", "Ask again in a week (Ctrl+Z undoes)",
            self.snooze_job_action,
        )  # fmt: skip
        self.job_email_button = _button(
            "Write Email…", "jobSearchEmail", "", self.write_job_email, "send"
        )
        self.job_search_list.selectionModel().currentChanged.connect(
            lambda *_: self._update_job_buttons()
        )
        section.body.addWidget(self.job_search_list)
        section.body.addLayout(
            _row_layout(self.job_done_button, self.job_snooze_button, self.job_email_button)
        )
        section.hide()
        return section

    def _refresh_job_search(self) -> None:
        """Two indexed queries and one for the people there, read with the page."""
        if self._application_service is None:
            return
        found = job_search_today(self._application_service(), self._today(), SHOWN)
        self._show_job_search(*found)

    def _show_job_search(self, items: list[JobSearchItem], total: int) -> None:
        chosen = self._current_job_item()
        self.job_search_model.set_rows(items)
        self.job_search_section.set_title(TITLE, total)
        more = total - len(items)
        more_text = f" {more:,} more after these." if more > 0 else ""
        self.job_search_section.set_hint(HINT + more_text)
        self.job_search_section.setVisible(bool(items))
        self.job_search_list.fit()
        row = self.job_search_model.row_where(
            lambda i: chosen is not None and i.application_id == chosen.application_id
        )
        self.job_search_list.setCurrentIndex(self.job_search_model.index(row or 0, 0))
        self._update_job_buttons()

    def _current_job_item(self) -> JobSearchItem | None:
        return self.job_search_model.row_at(self.job_search_list.currentIndex())

    def _update_job_buttons(self) -> None:
        item = self._current_job_item()
        self.job_done_button.setEnabled(item is not None and item.kind == "next_action")
        self.job_snooze_button.setEnabled(item is not None)
        self.job_email_button.setEnabled(item is not None and item.write_to is not None)
        if item is not None and item.write_to is None:
            self.job_email_button.setToolTip(NO_ONE)
        else:
            name = item.write_to_name if item is not None else "them"
            self.job_email_button.setToolTip(f"A follow-up email to {name}")

    def _set_next_action(self, item: JobSearchItem, action: str, due: str | None, text: str):
        try:
            self._undo.push(NextActionCommand(self._application_service(), item, action, due, text))
        except (NetDeskError, KeyError) as error:
            self.status_message.emit(f"Could not change the application: {error}")
            return False
        return True

    def job_action_done(self) -> None:
        item = self._current_job_item()
        if item is None or item.kind != "next_action" or self._application_service is None:
            return
        if self._set_next_action(item, "", None, f"Done: {item.next_action}"):
            self.status_message.emit(f"Done: {item.next_action} (Ctrl+Z brings it back).")

    def snooze_job_action(self) -> None:
        item = self._current_job_item()
        if item is None or self._application_service is None:
            return
        action, due = snoozed(item, self._today())
        if self._set_next_action(item, action, due, f"Snooze: {action}"):
            self.status_message.emit(f"{action}: asked again on {due} (Ctrl+Z undoes).")

    def write_job_email(self) -> None:
        item = self._current_job_item()
        if item is not None and item.write_to is not None:
            self.email_requested.emit(item.write_to)
