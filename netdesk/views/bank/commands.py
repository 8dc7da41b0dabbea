"""Undoable changes to the question bank: add, reword, archive.

The stack outlives any one bank dialog, so commands only talk to the service; an open
dialog follows the stack's indexChanged to show the result."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from netdesk.services.meetings.bank import BankQuestion
from netdesk.services.meetings.service import MeetingService


def short(text: str, limit: int = 48) -> str:
    """*text* cut to *limit* characters with an ellipsis, for undo labels and notices."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class BankCommand(QUndoCommand):
    def __init__(self, text: str, meetings: MeetingService, question_id: int | None) -> None:
        super().__init__(text)
        self._meetings = meetings
        self.question_id = question_id  # the question to show after redo or undo


class AddBankQuestionCommand(BankCommand):
    """Undo archives the new question; redo brings the same one back (same id)."""

    def __init__(self, meetings: MeetingService, layer: str, text: str) -> None:
        super().__init__(f"Add question “{short(text)}”", meetings, None)
        self._layer, self._words = layer, text

    def redo(self) -> None:
        if self.question_id is None:
            self.question_id = self._meetings.add_to_bank(self._layer, self._words).id
        else:
            self._meetings.archive_bank_question(self.question_id, archived=False)

    def undo(self) -> None:
        assert self.question_id is not None
        self._meetings.archive_bank_question(self.question_id)


class EditBankQuestionCommand(BankCommand):
    def __init__(self, meetings: MeetingService, question_id: int, old: str, new: str) -> None:
        super().__init__(f"Reword “{short(old)}”", meetings, question_id)
        self._old, self._new = old, new

    def redo(self) -> None:
        self._meetings.edit_bank_question(self.question_id, self._new)

    def undo(self) -> None:
        self._meetings.edit_bank_question(self.question_id, self._old)


class ArchiveBankQuestionCommand(BankCommand):
    def __init__(self, meetings: MeetingService, question: BankQuestion) -> None:
        super().__init__(f"Archive “{short(question.text)}”", meetings, question.id)

    def redo(self) -> None:
        self._meetings.archive_bank_question(self.question_id)

    def undo(self) -> None:
        self._meetings.archive_bank_question(self.question_id, archived=False)
