"""Today's "Did you meet …?": the user's own calendar events with people NetDesk knows
that ended without a meeting (read by the calendar sync). *Record It* makes a held
meeting (its thank-you to-dos follow) and opens it for notes; *Not a Meeting* asks no
more (Ctrl+Z asks again). A mixin of `TodayPage`; hidden while there is no question."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QAbstractItemView, QWidget

from netdesk.errors import NetDeskError
from netdesk.services.calendar.questions import MeetPrompt
from netdesk.views.models.roles import ID_ROLE
from netdesk.views.models.rows import Column, RowListModel
from netdesk.views.today.sections import MAX_TODO_ROWS, _button, _FittingList, _row_layout, _Section

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.services.calendar.prompts import MeetPromptService


def _line(prompt: MeetPrompt) -> str:
    what = f" ({prompt.summary}, {prompt.starts_at:%H:%M})" if prompt.summary else ""
    return prompt.question() + what


class MeetPromptListModel(RowListModel[MeetPrompt]):
    def columns(self):
        return (Column(text=_line, accessible=True),)

    def row_roles(self):
        return {int(ID_ROLE): lambda prompt: prompt.id}


class DismissPromptCommand(QUndoCommand):
    def __init__(self, prompts: MeetPromptService, prompt: MeetPrompt) -> None:
        super().__init__(f"Not a meeting: {prompt.question()}")
        self._prompts, self._id = prompts, prompt.id

    def redo(self) -> None:
        self._prompts.dismiss(self._id)

    def undo(self) -> None:
        self._prompts.reopen(self._id)


class TodayMeetPrompts:
    """For TodayPage: the "Did you meet …?" section."""

    _prompt_service: Callable[[], MeetPromptService] | None

    def _build_meet_prompts(self) -> QWidget:
        section = _Section("Did you meet?", "meetPromptsSection", "")
        section.set_hint(
            "From your calendar: events with people you know that ended without a meeting."
        )
        self.meet_section = section
        self.meet_model = MeetPromptListModel(self)
        self.meet_list = _FittingList(MAX_TODO_ROWS)
        self.meet_list.setObjectName("meetPrompts")
        self.meet_list.setAccessibleName("Did you meet these people?")
        self.meet_list.setModel(self.meet_model)
        self.meet_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.meet_list.activated.connect(lambda _index: self.record_meeting())
        self.record_meeting_button = _button(
            "Record It",
            "meetRecordButton",
            "Yes: a held meeting with them (a thank-you to-do follows); opens it for notes",
            self.record_meeting,
        )
        self.dismiss_meeting_button = _button(
            "Not a Meeting",
            "meetDismissButton",
            "No: do not ask about this event again (Ctrl+Z asks again)",
            self.dismiss_meeting,
        )
        section.body.addWidget(self.meet_list)
        section.body.addLayout(_row_layout(self.record_meeting_button, self.dismiss_meeting_button))
        section.hide()
        return section

    def _show_meet_prompts(self, prompts: list[MeetPrompt]) -> None:
        chosen = self._current_prompt()
        self.meet_model.set_rows(prompts)
        self.meet_section.set_title("Did you meet?", len(prompts))
        self.meet_section.setVisible(bool(prompts))
        self.meet_list.fit()
        row = self.meet_model.row_where(lambda p: chosen is not None and p.id == chosen.id)
        self.meet_list.setCurrentIndex(self.meet_model.index(row or 0, 0))

    def _current_prompt(self) -> MeetPrompt | None:
        return self.meet_model.row_at(self.meet_list.currentIndex())

    def record_meeting(self) -> None:
        prompt = self._current_prompt()
        if prompt is None or self._prompt_service is None:
            return
        try:
            meeting = self._prompt_service().record(prompt.id)
        except NetDeskError as error:
            self.status_message.emit(f"Could not record it: {error}")
            return
        self.status_message.emit(
            f"Recorded “{meeting.title}” with {', '.join(prompt.names)} as held; a thank-you "
            "to-do is on Today."
        )
        self.meeting_requested.emit(meeting.id)

    def dismiss_meeting(self) -> None:
        prompt = self._current_prompt()
        if prompt is None or self._prompt_service is None:
            return
        self._undo.push(DismissPromptCommand(self._prompt_service(), prompt))
        self.status_message.emit("Not asked again (Ctrl+Z asks again).")
