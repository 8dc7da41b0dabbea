"""The chosen target's or application's page: its stage (a combo that moves it), the
dated steps, notes, the warm paths into the organisation and the conversations held
there, and the buttons that ask someone for a referral or a conversation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.drafts.jobsearch import JobContext
from netdesk.services.jobsearch.records import ApplicationRecord, StepRecord, TargetRecord
from netdesk.services.jobsearch.warm import WayIn
from netdesk.services.network.warm_paths import WarmPath
from netdesk.views.empty_state import MUTED, EmptyState
from netdesk.views.icons import set_icon
from netdesk.views.jobsearch.models import (
    APPLICATION_STAGE_WORDS,
    TARGET_STAGE_WORDS,
    short_day,
)
from netdesk.views.models.rows import Column, Getter, RowListModel

CONTACT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def steps_line(steps: Iterable[StepRecord]) -> str:
    """'Applied 2 Dec · Screen 9 Dec · Interview 1 on 16 Dec'."""
    parts = []
    for step in steps:
        day = short_day(step.on_day).rsplit(" ", 1)[0]
        if step.round:
            parts.append(f"Interview {step.round} on {day}")
        else:
            parts.append(f"{APPLICATION_STAGE_WORDS.get(step.stage, step.stage)} {day}")
    return " · ".join(parts)


@dataclass(frozen=True)
class WayRow:
    """One way in: a warm path, its person to write to (the first one the user knows)."""

    text: str
    contact_id: int
    name: str


def way_rows(paths: Iterable[WarmPath]) -> list[WayRow]:
    rows = []
    for path in paths:
        people = [step for step in path.steps if step.contact_id is not None]
        if not people:
            continue
        first = people[0]
        text = "; ".join(path.sentences) if path.sentences else path.describe()
        rows.append(WayRow(text, int(first.contact_id), first.name))  # type: ignore[arg-type]
    return rows


class WayListModel(RowListModel[WayRow]):
    def columns(self) -> Iterable[Column]:
        return (Column(text=lambda row: row.text, tooltip=lambda row: row.text, accessible=True),)

    def row_roles(self) -> Mapping[int, Getter]:
        return {int(CONTACT_ID_ROLE): lambda row: row.contact_id}


class SearchDetail(QWidget):
    stage_chosen = Signal(str)
    notes_saved = Signal(str)
    delete_requested = Signal()
    edit_requested = Signal()  # the application shown
    email_requested = Signal(int, str, object)  # contact id, purpose, JobContext

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""  # target or application
        self._application_id: int | None = None  # what an ask from here is about
        self._organisation = ""
        self.title = QLabel()
        self.title.setObjectName("searchItemTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("searchItemSubtitle")
        self.subtitle.setStyleSheet(MUTED)
        self.subtitle.setWordWrap(True)
        self.subtitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.subtitle.setOpenExternalLinks(True)
        self.stage = QComboBox()
        self.stage.setObjectName("searchStage")
        self.stage.setAccessibleName("Stage")
        self.stage.activated.connect(self._on_stage_activated)
        self.steps = QLabel()
        self.steps.setObjectName("searchSteps")
        self.steps.setWordWrap(True)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("searchNotes")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("Notes: who you spoke to, what they said, what is next")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.save_notes = QPushButton("Save Notes")
        self.save_notes.setObjectName("searchSaveNotes")
        self.save_notes.clicked.connect(
            lambda _checked=False: self.notes_saved.emit(self.notes.toPlainText().strip())
        )
        self.edit_button = QPushButton("Edit…")
        self.edit_button.setObjectName("searchEdit")
        self.edit_button.setToolTip("Change the role, link, next action, files or notes")
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_requested.emit())
        self.delete_button = QPushButton("Delete")
        self.delete_button.setObjectName("searchDelete")
        self.delete_button.setToolTip("Delete it (Ctrl+Z brings it back)")
        set_icon(self.delete_button, "trash")
        self.delete_button.clicked.connect(lambda _checked=False: self.delete_requested.emit())
        self._build_ways()
        self._lay_out()

    def _build_ways(self) -> None:
        self.ways_model = WayListModel(self)
        self.ways = QListView()
        self.ways.setObjectName("searchWays")
        self.ways.setAccessibleName("Warm paths into the organisation")
        self.ways.setModel(self.ways_model)
        self.ways.setWordWrap(True)  # a path is a sentence or two: wrapped, never scrolled
        self.ways.setResizeMode(QListView.ResizeMode.Adjust)
        self.ways.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.ways.setStyleSheet("QListView::item { padding: 4px; }")
        self.ways.selectionModel().currentChanged.connect(self._on_way_chosen)
        self.ways_or_empty = EmptyState(self.ways)
        self.conversations = QLabel()
        self.conversations.setObjectName("searchConversations")
        self.conversations.setWordWrap(True)
        self.referral_button = QPushButton("Ask for a Referral…")
        self.referral_button.setObjectName("askReferralButton")
        set_icon(self.referral_button, "referral")
        self.referral_button.clicked.connect(lambda _c=False: self._ask("referral_request"))
        self.interview_button = QPushButton("Ask for an Informational Interview…")
        self.interview_button.setObjectName("askInterviewButton")
        set_icon(self.interview_button, "mail")
        self.interview_button.clicked.connect(lambda _c=False: self._ask("outreach"))

    def _lay_out(self) -> None:
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        form = QFormLayout()
        form.addRow("Stage", self.stage)
        form.addRow("Steps", self.steps)
        notes_row = QHBoxLayout()
        notes_row.addWidget(self.notes, 1)
        notes_row.addWidget(self.save_notes, 0, Qt.AlignmentFlag.AlignBottom)
        ways_title = QLabel("Ways in")
        ways_title.setStyleSheet("font-weight: 600;")
        asks = QHBoxLayout()
        asks.addWidget(self.referral_button)
        asks.addWidget(self.interview_button)
        asks.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.subtitle)
        layout.addLayout(form)
        layout.addLayout(notes_row)
        layout.addWidget(ways_title)
        layout.addWidget(self.ways_or_empty, 1)
        layout.addLayout(asks)
        layout.addWidget(self.conversations)

    # --- showing ------------------------------------------------------------------

    def show_target(self, target: TargetRecord, way: WayIn) -> None:
        self.kind = "target"
        self._application_id = None
        self.edit_button.hide()
        self.title.setText(target.organisation)
        now = ", ".join(p.name for p in target.people_now) or "nobody yet"
        before = ", ".join(p.name for p in target.people_before)
        line = f"You know there: {now}" + (f" · formerly: {before}" if before else "")
        self.subtitle.setText(line)
        self._fill_stages(TARGET_STAGE_WORDS, target.stage)
        self.steps.setText(f"{target.applications} application(s)")
        self.notes.setPlainText(target.notes)
        self._show_way(way)

    def show_application(
        self, application: ApplicationRecord, steps: list[StepRecord], way: WayIn
    ) -> None:
        self.kind = "application"
        self._application_id = application.id
        self.edit_button.show()
        at = f" at {application.organisation}" if application.organisation else ""
        self.title.setText(f"{application.role or 'Application'}{at}")
        source = application.source + (
            f" (referred by {application.referrer})" if application.referrer else ""
        )
        parts = [f"Source: {source}"]
        if application.next_action:
            due = f" by {short_day(application.due_on)}" if application.due_on else ""
            parts.append(f"Next: {application.next_action}{due}")
        if application.link:
            parts.append(f'<a href="{application.link}">the posting</a>')
        self.subtitle.setText(" · ".join(parts))
        self._fill_stages(APPLICATION_STAGE_WORDS, application.stage)
        self.steps.setText(steps_line(steps))
        self.notes.setPlainText(application.notes)
        self._show_way(way, prefer=application.referrer_id)

    def _fill_stages(self, words: dict[str, str], current: str) -> None:
        self.stage.clear()
        for key, label in words.items():
            self.stage.addItem(label, key)
        self.stage.setCurrentIndex(max(0, self.stage.findData(current)))
        self._current_stage = current

    def _show_way(self, way: WayIn, prefer: int | None = None) -> None:
        """The ways in, the first chosen, or the one through *prefer* (the referrer)."""
        self._organisation = way.organisation
        rows = way_rows(way.paths)
        self.ways_model.set_rows(rows)
        place = way.organisation or "this organisation"
        self.ways_or_empty.show_view_or(
            bool(rows), f"No warm path into {place} yet: nobody you know is linked to it."
        )
        if rows:
            ids = [row.contact_id for row in rows]
            first = ids.index(prefer) if prefer in ids else 0
            self.ways.setCurrentIndex(self.ways_model.index(first, 0))
        held = [
            f"{c.title} ({short_day(c.starts_at)}) with {', '.join(p.name for p in c.people)}"
            for c in way.conversations
        ]
        self.conversations.setText(
            "Informational interviews held there: " + "; ".join(held)
            if held
            else "No informational interview held there yet."
        )
        self._on_way_chosen()

    # --- acting -------------------------------------------------------------------

    def chosen_person(self) -> WayRow | None:
        return self.ways_model.row_at(self.ways.currentIndex())

    def _on_way_chosen(self, *_args) -> None:
        person = self.chosen_person()
        for button in (self.referral_button, self.interview_button):
            button.setEnabled(person is not None)
        if person is not None:
            self.referral_button.setToolTip(f"Write to {person.name} asking for a referral")
            self.interview_button.setToolTip(
                f"Write to {person.name} asking for a 20–30 minute conversation"
            )

    def _ask(self, purpose: str) -> None:
        person = self.chosen_person()
        if person is not None:
            job = JobContext(self._application_id, self._organisation)
            self.email_requested.emit(person.contact_id, purpose, job)

    def _on_stage_activated(self, _index: int) -> None:
        stage = self.stage.currentData()
        if stage and stage != self._current_stage:
            self.stage_chosen.emit(stage)
