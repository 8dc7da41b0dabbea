"""Quick-log from anywhere (Ctrl+L): who, how, when, what about, and whether it was a give
or an ask. Plus the person picker it shares with the other follow-up dialogs."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from netdesk.errors import ValidationError
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ContactFilter, ContactRow, Scope
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups.interactions import KINDS, Interaction, InteractionService
from netdesk.views.appearance import tone_sheet

MAX_SUGGESTIONS = 12


def person_label(row: ContactRow) -> str:
    """'Sam Lee · Data engineer, Northwind': enough to tell two Sam Lees apart."""
    about = ", ".join(part for part in (row.role, row.organisation) if part)
    return f"{row.name} · {about}" if about else row.name


class PersonPicker(QLineEdit):
    """Type a few letters of a name: people the user really knows come first, LinkedIn-only
    connections after. Searches the index as the user types, so 30,000 people stay fast."""

    person_chosen = Signal(int)

    def __init__(self, contacts: ContactService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contacts = contacts
        self._ids: list[int] = []
        self._chosen: int | None = None
        self.setPlaceholderText("Start typing a name")
        self.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        # The list is already filtered by the search index; the completer only shows it.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # activated is overloaded (text and index): the index says which person.
        self._completer.activated[QModelIndex].connect(self._on_activated)
        self.setCompleter(self._completer)
        self.textEdited.connect(self._on_text_edited)

    def contact_id(self) -> int | None:
        """The chosen person, or the only (or exactly named) match of what was typed."""
        if self._chosen is not None:
            return self._chosen
        text = self.text().strip()
        if not text:
            return None
        matches = self._search(text)
        exact = [
            cid for cid, label in matches if label.split(" · ")[0].casefold() == text.casefold()
        ]
        if exact:
            return exact[0]
        return matches[0][0] if len(matches) == 1 else None

    def set_contact(self, contact_id: int | None) -> None:
        self._chosen = None
        if contact_id is None:
            self.clear()
            return
        try:
            name = self._contacts.get(contact_id).display_name
        except KeyError:
            self.clear()
            return
        self.setText(name)
        self._chosen = contact_id

    def _search(self, text: str) -> list[tuple[int, str]]:
        ids = self._contacts.query_ids(ContactFilter(text=text, scope=Scope.REAL))
        ids = ids[:MAX_SUGGESTIONS]
        if len(ids) < MAX_SUGGESTIONS:
            others = self._contacts.query_ids(ContactFilter(text=text, scope=Scope.LINKEDIN_ONLY))
            ids += others[: MAX_SUGGESTIONS - len(ids)]
        rows = self._contacts.rows(ids)
        return [(cid, person_label(rows[cid])) for cid in ids if cid in rows]

    def chosen_id(self) -> int | None:
        """The person picked from the list (not merely typed)."""
        return self._chosen

    def _on_text_edited(self, text: str) -> None:
        self._chosen = None
        found = self._search(text) if text.strip() else []
        self._ids = [cid for cid, _label in found]
        self._model.setStringList([label for _cid, label in found])
        if found:
            self._completer.complete()

    def _on_activated(self, index) -> None:
        if 0 <= index.row() < len(self._ids):
            contact_id = self._ids[index.row()]
            # The completer writes the label after this signal; put the name back after it.
            QTimer.singleShot(0, lambda: self.set_contact(contact_id))
            self._chosen = contact_id
            self.person_chosen.emit(contact_id)


def date_edit(initial: date, maximum: date | None = None) -> QDateEdit:
    edit = QDateEdit(QDate(initial.year, initial.month, initial.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    if maximum is not None:
        edit.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day))
    return edit


def picked_date(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class QuickLogDialog(QDialog):
    """Log one interaction; Enter logs it. Restarts the person's keep-in-touch interval."""

    logged = Signal(object)  # Interaction

    def __init__(
        self,
        contacts: ContactService,
        interactions: InteractionService,
        parent: QWidget | None = None,
        contact_id: int | None = None,
        kind: str = "note",
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("quickLogDialog")
        self.setWindowTitle("Log an interaction")
        self._interactions = interactions
        self._clock = clock
        self._today = clock.today()
        self.interaction: Interaction | None = None
        self.person = PersonPicker(contacts, self)
        self.person.setObjectName("logPerson")
        self.person.setAccessibleName("Person")
        if contact_id is not None and contact_id == contacts.me_id():
            contact_id = None  # the user themselves: nobody to log an interaction with
        self.person.set_contact(contact_id)
        self.kind = QComboBox()
        self.kind.setObjectName("logKind")
        self.kind.setAccessibleName("How")
        labels = {"note": "We talked (note)"}
        for key, label in KINDS.items():
            self.kind.addItem(labels.get(key, label), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.when = date_edit(self._today, maximum=self._today)
        self.when.setObjectName("logWhen")
        self.when.setAccessibleName("When")
        self.summary = QLineEdit()
        self.summary.setObjectName("logSummary")
        self.summary.setAccessibleName("What about")
        self.summary.setPlaceholderText("What was it about? (optional)")
        self.give_ask = QComboBox()
        self.give_ask.setObjectName("logGiveAsk")
        self.give_ask.setAccessibleName("Give or ask")
        self.give_ask.addItem("Neither", None)
        self.give_ask.addItem("I gave something (an article, an introduction, help)", "give")
        self.give_ask.addItem("I asked for something (advice, an introduction, a favour)", "ask")
        self.error = QLabel()
        self.error.setObjectName("logError")
        self.error.setStyleSheet(tone_sheet("error", self))
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Log")
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Person", self.person)
        form.addRow("How", self.kind)
        form.addRow("When", self.when)
        form.addRow("What about", self.summary)
        form.addRow("Give or ask", self.give_ask)
        form.addRow(self.error)
        form.addRow(buttons)
        self.resize(520, self.sizeHint().height())
        (self.summary if contact_id is not None else self.person).setFocus()

    def _on_accepted(self) -> None:
        contact_id = self.person.contact_id()
        if contact_id is None:
            typed = self.person.text().strip()
            self.error.setText(
                f"Choose someone from the list: several people match “{typed}”."
                if typed
                else "Who was it with? Type a name and choose them from the list."
            )
            self.person.setFocus()
            return
        day = picked_date(self.when)
        # Today's entry keeps the time it was logged; an earlier day sits at midday.
        moment = (
            self._clock.now() if day == self._clock.today() else datetime.combine(day, time(12))
        )
        try:
            self.interaction = self._interactions.log(
                contact_id,
                self.kind.currentData(),
                " ".join(self.summary.text().split()),
                give_ask=self.give_ask.currentData(),
                occurred_at=moment,
            )
        except ValidationError as error:
            self.error.setText(str(error))
            return
        self.logged.emit(self.interaction)
        self.accept()


class LoggedInteractionCommand(QUndoCommand):
    """Pushed after a quick log: Ctrl+Z removes the entry (and the date it moved), Ctrl+Y
    logs it again as it was."""

    def __init__(self, interactions: InteractionService, entry: Interaction) -> None:
        super().__init__("Log interaction")
        self._interactions = interactions
        self._entry = entry
        self._done = True  # already logged when pushed

    def redo(self) -> None:
        if self._done:
            return
        entry = self._entry
        self._entry = self._interactions.log(
            entry.contact_id,
            entry.kind,
            entry.summary,
            meeting_id=entry.meeting_id,
            give_ask=entry.give_ask,
            occurred_at=datetime.fromisoformat(entry.occurred_at),
        )
        self._done = True

    def undo(self) -> None:
        self._interactions.delete(self._entry.id)
        self._done = False
