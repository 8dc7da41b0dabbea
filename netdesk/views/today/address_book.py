"""Today's "From your address book": what the CardDAV sync asks the user. A card deleted
there: *Delete* the person here too (Ctrl+Z brings them back and asks again) or *Keep*
them (their card is written again). A field both sides changed differently: *Keep Mine*
or *Use Theirs*. A mixin of `TodayPage`; hidden while there is no question."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QAbstractItemView, QWidget

from netdesk.errors import NetDeskError
from netdesk.services.carddav.questions import CardConflict, DeletedCard
from netdesk.views.models.rows import Column, RowListModel
from netdesk.views.today.sections import _button, _FittingList, _row_layout, _Section

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.services.carddav.answers import ContactAnswerService, DeletedWithCard

MAX_ROWS = 6


class DeletedCardModel(RowListModel[DeletedCard]):
    def columns(self):
        return (Column(text=DeletedCard.question, accessible=True),)


class CardConflictModel(RowListModel[CardConflict]):
    def columns(self):
        return (Column(text=CardConflict.question, accessible=True),)


class DeleteWithCardCommand(QUndoCommand):
    """The person goes as their card did; undo brings them back and asks again."""

    def __init__(self, answers: ContactAnswerService, card: DeletedCard) -> None:
        super().__init__(f"Delete {card.name}")
        self._answers, self._id = answers, card.contact_id
        self._deleted: DeletedWithCard | None = None

    def redo(self) -> None:
        self._deleted = self._answers.delete_deleted(self._id)

    def undo(self) -> None:
        if self._deleted is not None:
            self._answers.restore_deleted(self._deleted)
            self._deleted = None


def _list(name: str, accessible: str, model: RowListModel) -> _FittingList:
    view = _FittingList(MAX_ROWS)
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


class TodayAddressBook:
    """For TodayPage: the "From your address book" section."""

    _answer_service: Callable[[], ContactAnswerService] | None

    def _build_address_book(self) -> QWidget:
        section = _Section("From your address book", "addressBookSection", "")
        self.book_section = section
        self.deleted_model = DeletedCardModel(self)
        self.deleted_list = _list(
            "deletedCards", "Cards deleted in your address book", self.deleted_model
        )
        self.delete_card_button = _button(
            "Delete", "deletedCardDelete", "Delete this person here too (Ctrl+Z brings them back)",
            self.delete_with_card,
        )  # fmt: skip
        self.keep_card_button = _button(
            "Keep", "deletedCardKeep", "Keep this person: their card is written again next sync",
            self.keep_without_card,
        )  # fmt: skip
        self.conflict_model = CardConflictModel(self)
        self.conflict_list = _list(
            "cardConflicts", "Changed here and in your address book", self.conflict_model
        )
        self.keep_mine_button = _button(
            "Keep Mine", "conflictKeepMine", "Keep what you have here (the card gets it)",
            lambda: self.answer_conflict(take_theirs=False),
        )  # fmt: skip
        self.use_theirs_button = _button(
            "Use Theirs", "conflictUseTheirs", "Take what your address book says",
            lambda: self.answer_conflict(take_theirs=True),
        )  # fmt: skip
        self._deleted_buttons = _row_layout(self.delete_card_button, self.keep_card_button)
        self._conflict_buttons = _row_layout(self.keep_mine_button, self.use_theirs_button)
        section.body.addWidget(self.deleted_list)
        section.body.addLayout(self._deleted_buttons)
        section.body.addWidget(self.conflict_list)
        section.body.addLayout(self._conflict_buttons)
        section.hide()
        return section

    def _show_address_book(self, deleted: list[DeletedCard], conflicts: list[CardConflict]) -> None:
        self.deleted_model.set_rows(deleted)
        self.conflict_model.set_rows(conflicts)
        self.book_section.set_title("From your address book", len(deleted) + len(conflicts))
        self.book_section.setVisible(bool(deleted or conflicts))
        pairs = (
            (self.deleted_list, (self.delete_card_button, self.keep_card_button)),
            (self.conflict_list, (self.keep_mine_button, self.use_theirs_button)),
        )
        for view, buttons in pairs:
            model = view.model()
            rows = model.rowCount()
            view.setVisible(rows > 0)
            for button in buttons:
                button.setVisible(rows > 0)
            view.fit()
            if rows:
                view.setCurrentIndex(model.index(0, 0))

    def delete_with_card(self) -> None:
        card = self.deleted_model.row_at(self.deleted_list.currentIndex())
        if card is None or self._answer_service is None:
            return
        self._undo.push(DeleteWithCardCommand(self._answer_service(), card))
        self.status_message.emit(f"Deleted {card.name}. Ctrl+Z brings them back.")

    def keep_without_card(self) -> None:
        card = self.deleted_model.row_at(self.deleted_list.currentIndex())
        if card is None or self._answer_service is None:
            return
        self._answer_service().keep_deleted(card.contact_id)
        self.status_message.emit(f"Kept {card.name}: their card is written again at the next sync.")

    def answer_conflict(self, take_theirs: bool) -> None:
        conflict = self.conflict_model.row_at(self.conflict_list.currentIndex())
        if conflict is None or self._answer_service is None:
            return
        try:
            self._answer_service().resolve_conflict(conflict.id, take_theirs)
        except (NetDeskError, KeyError) as error:
            self.status_message.emit(f"Could not answer it: {error}")
            return
        kept = "your address book's" if take_theirs else "yours"
        self.status_message.emit(f"{conflict.name}: kept {kept}.")
