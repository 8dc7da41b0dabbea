"""Every small item model (the ones on the shared row base) through Qt's model tester:
empty, with a few rows, after its rows are replaced, and emptied again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt

from netdesk.services.backup import DAILY, MANUAL, Backup
from netdesk.services.followups.keep_in_touch import LapsedPerson
from netdesk.services.followups.outreach import OutreachEntry
from netdesk.services.followups.timeline import TimelineEntry
from netdesk.services.followups.today import WeekMeeting
from netdesk.services.followups.todos import Todo
from netdesk.services.imports.summary import Problem
from netdesk.services.meetings.bank import BankQuestion
from netdesk.services.meetings.records import Answer, PreparedQuestion
from netdesk.services.network.warm_paths import PathStep, WarmPath
from netdesk.services.templates import EmailTemplate
from netdesk.services.vocabulary import LINKEDIN_ONLY
from netdesk.views.map.paths_panel import WarmPathListModel
from netdesk.views.models.backup_models import BackupListModel
from netdesk.views.models.followup_models import (
    LapsedTableModel,
    OutreachTableModel,
    TimelineListModel,
    WeekMeetingListModel,
)
from netdesk.views.models.meeting_models import QuestionListModel
from netdesk.views.models.problem_table_model import ProblemTableModel
from netdesk.views.models.question_models import AnswerTableModel, BankTableModel
from netdesk.views.models.roles import CONTACT_ID_ROLE, ID_ROLE, PATH_ROLE
from netdesk.views.models.rows import Column, RowTableModel
from netdesk.views.models.template_models import TemplateListModel
from netdesk.views.models.todo_models import TodoListModel
from netdesk.views.today.dialogs import RelationDefaultsModel
from netdesk.views.welcome.added_people_model import AddedPeopleModel

TODAY = date(2026, 3, 10)


def _today() -> date:
    return TODAY


def _todo(todo_id: int, title: str, due_on: date | None, done: bool = False) -> Todo:
    return Todo(todo_id, title, "other", None, None, None, due_on, None, "x" if done else None, "")


def _lapsed(contact_id: int, name: str, closeness: int, touched: bool) -> LapsedPerson:
    return LapsedPerson(
        contact_id, name, "Acme", "friend", closeness, date(2025, 9, 1), 90, date(2025, 11, 30),
        touched,
    )  # fmt: skip


def _outreach(entry_id: int, name: str, sent_on: date, warm: bool) -> OutreachEntry:
    return OutreachEntry(
        entry_id, entry_id + 100, name, sent_on, "email", warm, 7 if warm else None,
        "Ines" if warm else None, "none", None, None, "about the role",
    )  # fmt: skip


def _path(name: str, via: str | None) -> WarmPath:
    people = [PathStep(1, via, "friend")] if via else []
    steps = (PathStep(None, "You"), *people, PathStep(2, name))
    sentences = tuple(f"{a.name} knows {b.name}" for a, b in pairwise(steps))
    return WarmPath(steps, cost=len(steps), sentences=sentences)


class FakeKeepInTouch:
    """What RelationDefaultsModel asks of the keep-in-touch service."""

    def __init__(self) -> None:
        self.defaults: dict[str, int | None] = {"friend": 60, LINKEDIN_ONLY: None}

    def relation_defaults(self) -> dict[str, int | None]:
        return dict(self.defaults)

    def set_relation_default(self, relation: str, days: int | None) -> None:
        self.defaults[relation] = days


@dataclass
class Case:
    """How to build one model and fill it (``fill(model, rows)``), and two sets of rows."""

    build: Callable[[], QAbstractItemModel]
    fill: Callable[[QAbstractItemModel, list], None]
    rows: list
    other_rows: list


def _set_rows(model, rows) -> None:
    model.set_rows(rows)


def _add_people(model: AddedPeopleModel, rows) -> None:
    while model.rowCount():
        model.take(0)
    for row in rows:
        model.add(*row)


def _refresh_defaults(model: RelationDefaultsModel, rows) -> None:
    model._keep_in_touch.defaults = dict(rows)
    model.refresh()


CASES = {
    "backups": Case(
        BackupListModel,
        _set_rows,
        [Backup(Path("/b/one.sqlite3"), datetime(2026, 3, 9, 8, 0), DAILY, 2048)],
        [
            Backup(Path("/b/two.sqlite3"), datetime(2026, 3, 10, 9, 0), MANUAL, 4096),
            Backup(Path("/b/one.sqlite3"), datetime(2026, 3, 9, 8, 0), DAILY, 2048),
        ],
    ),
    "import problems": Case(
        lambda: ProblemTableModel([]),
        _set_rows,
        [Problem(3, "no name"), Problem(None, "a bad date", "warning")],
        [Problem(9, "duplicate row")],
    ),
    "templates": Case(
        TemplateListModel,
        _set_rows,
        [
            EmailTemplate(1, "thanks", "thank_you", "Thank you", "Thanks", "Hi"),
            EmailTemplate(2, None, "outreach", "Coffee?", "Coffee", "Hello"),
        ],
        [EmailTemplate(3, None, "custom_purpose", "Mine", "s", "b")],
    ),
    "to-dos": Case(
        lambda: TodoListModel(),
        _set_rows,
        [_todo(1, "Call Mia", TODAY), _todo(2, "Send notes", None, done=True)],
        [_todo(3, "Write to Omar", date(2026, 3, 1))],
    ),
    "week meetings": Case(
        lambda: WeekMeetingListModel(today=_today),
        _set_rows,
        [
            WeekMeeting(1, "Coffee", "scheduled", datetime(2026, 3, 10, 9, tzinfo=UTC), "Mia"),
            WeekMeeting(2, "Call with Omar", "held", datetime(2026, 3, 9, 15, tzinfo=UTC), "Omar"),
        ],
        [WeekMeeting(3, "Lunch", "cancelled", datetime(2026, 3, 12, 12, tzinfo=UTC), "Aiko")],
    ),
    "lapsed people": Case(
        lambda: LapsedTableModel(today=_today),
        _set_rows,
        [_lapsed(1, "Mia", 5, True), _lapsed(2, "Omar", 2, False)],
        [_lapsed(3, "Aiko", 4, False)],
    ),
    "outreach": Case(
        lambda: OutreachTableModel(today=_today),
        _set_rows,
        [_outreach(1, "Mia", date(2026, 2, 1), True), _outreach(2, "Omar", TODAY, False)],
        [_outreach(3, "Aiko", date(2026, 3, 9), True)],
    ),
    "timeline": Case(
        lambda: TimelineListModel(today=_today),
        _set_rows,
        [
            TimelineEntry("2026-03-09 10:00:00", "email", "Intro", "give", 4, None),
            TimelineEntry("2026-03-12 09:00:00", "meeting", "", None, None, 8, planned=True),
        ],
        [TimelineEntry("2025-01-02 10:00:00", "call", "Catch-up", "ask", 5, None)],
    ),
    "prepared questions": Case(
        QuestionListModel,
        _set_rows,
        [
            PreparedQuestion("person", "How did you start?", "By chance"),
            PreparedQuestion("closing", "Who else?"),
        ],
        [PreparedQuestion("industry", "Where is it going?")],
    ),
    "question bank": Case(
        lambda: BankTableModel(editable=True),
        lambda model, rows: model.set_questions(rows, {1: 2}),
        [BankQuestion(1, "person", "How did you start?", 0), BankQuestion(2, "odd", "Why?", 1)],
        [BankQuestion(3, "closing", "Who else should I talk to?", 0)],
    ),
    "answers across people": Case(
        AnswerTableModel,
        _set_rows,
        [Answer(1, "Mia", "2026-03-01 10:00", " By chance "), Answer(2, "", None, "")],
        [Answer(3, "Omar", "2026-02-01", "Slowly")],
    ),
    "warm paths": Case(
        WarmPathListModel,
        _set_rows,
        [_path("Aiko", "Mia"), _path("Omar", None)],
        [_path("Ines", "Omar")],
    ),
    "keep-in-touch defaults": Case(
        lambda: RelationDefaultsModel(FakeKeepInTouch()),
        _refresh_defaults,
        [("friend", 30), ("family", None)],
        [(LINKEDIN_ONLY, 14)],
    ),
    "people added on the welcome screen": Case(
        AddedPeopleModel,
        _add_people,
        [(1, "Rosa Diaz", "family"), (2, "Mr. Okafor", "teacher")],
        [(3, "Someone", "no-such-relation")],
    ),
}


def _column_count(model: QAbstractItemModel) -> int:
    # A list model's columnCount() is private in PySide6: it has one column.
    return 1 if isinstance(model, QAbstractListModel) else model.columnCount()


@pytest.mark.parametrize("force_py", [False, True], ids=["qt tester", "python tester"])
@pytest.mark.parametrize("name", list(CASES))
def test_model_passes_the_model_tester(qtmodeltester, name: str, force_py: bool) -> None:
    case = CASES[name]
    model = case.build()
    # Checked empty, then watched: the tester checks every reset, insert and removal below.
    qtmodeltester.check(model, force_py=force_py)
    for rows in (case.rows, case.other_rows, [], case.rows):
        case.fill(model, rows)
        for row in range(model.rowCount()):
            for column in range(_column_count(model)):
                assert model.data(model.index(row, column)) is not None
    filled = case.build()
    case.fill(filled, case.other_rows)
    qtmodeltester.check(filled, force_py=force_py)


def test_every_cell_answers_what_it_did_before_the_shared_base(qapp) -> None:
    """A few cells and roles spelled out, so a change in the base shows up here."""
    lapsed = LapsedTableModel(today=_today)
    lapsed.set_rows([_lapsed(1, "Mia", 5, True)])
    assert [lapsed.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Person",
        "How I know them",
        "Last in touch",
        "Keep in touch",
    ]
    cell = lapsed.index(0, 0)
    assert cell.data() == "Mia · Acme"
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == "Mia · Acme"
    assert cell.data(ID_ROLE) == cell.data(CONTACT_ID_ROLE) == 1
    assert cell.data(Qt.ItemDataRole.FontRole).bold()
    assert lapsed.index(0, 1).data(Qt.ItemDataRole.FontRole) is None

    bank = BankTableModel(editable=True)
    bank.set_questions([BankQuestion(1, "person", "How did you start?", 0)], {1: 2})
    assert [bank.index(0, c).data() for c in range(3)] == ["Person", "How did you start?", "2"]
    assert bank.index(0, 2).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignCenter
    )
    assert bank.flags(bank.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not bank.flags(bank.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert not BankTableModel().flags(bank.index(0, 1)) & Qt.ItemFlag.ItemIsEditable

    paths = WarmPathListModel()
    path = _path("Aiko", "Mia")
    paths.set_rows([path])
    assert paths.index(0).data() == "You knows Mia\nMia knows Aiko"
    assert paths.index(0).data(Qt.ItemDataRole.AccessibleTextRole) == (
        "You knows Mia. Mia knows Aiko"
    )
    assert paths.index(0).data(PATH_ROLE) is path

    defaults = RelationDefaultsModel(FakeKeepInTouch())
    linkedin = defaults.row_where(lambda row: row[0] == LINKEDIN_ONLY)
    assert not defaults.flags(defaults.index(linkedin, 1)) & Qt.ItemFlag.ItemIsEditable

    questions = QuestionListModel()
    questions.set_rows([PreparedQuestion("person", "Q1")])
    assert questions.flags(QModelIndex()) == Qt.ItemFlag.ItemIsDropEnabled
    assert questions.flags(questions.index(0, 0)) & Qt.ItemFlag.ItemIsDragEnabled


def test_the_base_holds_rows_and_finds_them(qapp) -> None:
    class Pairs(RowTableModel[tuple[str, int]]):
        def columns(self):
            return (Column("Name", lambda row: row[0]), Column("Count", lambda row: row[1]))

    model = Pairs(rows=[("a", 1), ("b", 2)])
    assert model.row_at(1) == ("b", 2)
    assert model.row_at(model.index(0, 1)) == ("a", 1)
    assert model.row_at(5) is None and model.row_at(-1) is None
    assert model.row_at(QModelIndex()) is None
    assert model.row_where(lambda row: row[1] == 2) == 1
    assert model.row_where(lambda row: row[1] == 9) is None
    model.append_row(("c", 3))
    assert model.take_row(0) == ("a", 1)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["b", "c"]
    assert model.index(0, 5).data() is None
