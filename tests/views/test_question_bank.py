"""The question bank editor, answers across people, templates, reordering and to-dos."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
import shiboken6
from PySide6.QtCore import QItemSelectionModel, QMimeData, QModelIndex, Qt
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.followups.todos import Todo
from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion
from netdesk.views.bank.answers_dialog import AnswersAcrossPeopleDialog
from netdesk.views.bank.dialog import QuestionBankDialog
from netdesk.views.main_window import MEETINGS_PAGE
from netdesk.views.models.meeting_models import QUESTION_ROWS_MIME, QuestionListModel
from netdesk.views.models.question_models import AnswerTableModel, BankTableModel
from netdesk.views.models.todo_models import TodoListModel
from tests.frozen_time import TODAY
from tests.views.windows import settle

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def committed(services, sql: str, *params):
    conn = sqlite3.connect(services.paths.database)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def person(services, name: str) -> int:
    return services.contacts.save(ContactRecord(display_name=name)).id


def meeting_with_answer(services, name: str, day: int, question_id: int, answer: str) -> int:
    meetings = services.meetings
    record = meetings.save(
        MeetingRecord(
            title=f"Coffee with {name}",
            starts_at=datetime(2026, 10, day, 9, tzinfo=UTC),
            people=[person(services, name)],
            questions=[meetings.prepared_from(meetings.bank_question(question_id))],
        )
    )
    meetings.save_answer(record.questions[0].id, answer)
    return record.id


# --- models ----------------------------------------------------------------


def test_models_pass_the_model_tester(qtmodeltester, services) -> None:
    meetings = services.meetings
    bank = BankTableModel(editable=True)
    bank.set_questions(meetings.bank(), {meetings.bank()[0].id: 2})
    qtmodeltester.check(bank)
    answers = AnswerTableModel()
    question = meetings.bank("person")[0]
    meeting_with_answer(services, "Mia Chen", 3, question.id, "A mentor")
    answers.set_answers(meetings.answers_across_people(question.id))
    qtmodeltester.check(answers)
    todos = TodoListModel()
    todos.set_todos([Todo(1, "Thank Mia", "thank_you", None, None, None, None, None, None, "")])
    qtmodeltester.check(todos)
    prepared = QuestionListModel()
    prepared.set_questions([PreparedQuestion("industry", f"Q{i}") for i in range(4)])
    qtmodeltester.check(prepared)
    assert bank.data(bank.index(0, 2)) == "2"
    assert answers.data(answers.index(0, 0)) == "03 Oct 2026"


def test_a_dropped_question_moves_and_nothing_is_removed() -> None:
    model = QuestionListModel()
    model.set_questions([PreparedQuestion("industry", f"Q{i}") for i in range(5)])

    def drop(row: int, to: int, parent: QModelIndex = QModelIndex()) -> bool:
        data = model.mimeData([model.index(row, 0), model.index(row, 1)])
        assert model.canDropMimeData(data, Qt.DropAction.MoveAction, to, -1, parent)
        return model.dropMimeData(data, Qt.DropAction.MoveAction, to, -1, parent)

    # False tells the view not to remove the source row: the move already happened.
    assert drop(0, 3) is False
    assert [q.text for q in model.questions] == ["Q1", "Q2", "Q0", "Q3", "Q4"]
    drop(4, 0)
    assert [q.text for q in model.questions] == ["Q4", "Q1", "Q2", "Q0", "Q3"]
    drop(1, -1)  # on the empty space below the rows: to the end
    assert [q.text for q in model.questions] == ["Q4", "Q2", "Q0", "Q3", "Q1"]
    drop(2, 2)  # onto itself: nothing moves
    assert [q.text for q in model.questions] == ["Q4", "Q2", "Q0", "Q3", "Q1"]
    foreign = QMimeData()
    foreign.setText("Q9")
    assert not model.canDropMimeData(foreign, Qt.DropAction.MoveAction, 0, -1, QModelIndex())
    assert model.mimeTypes() == [QUESTION_ROWS_MIME]
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsDropEnabled


# --- the bank editor ---------------------------------------------------------


@pytest.fixture
def bank_undo(qapp):
    """The session's bank undo stack (the page owns it in the app)."""
    stack = QUndoStack()
    yield stack
    shiboken6.delete(stack)  # now, while Qt is alive; not at interpreter exit


@pytest.fixture
def bank_dialog(qtbot, services, bank_undo):
    dialog = QuestionBankDialog(services.meetings, bank_undo)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # keyboard shortcuts need the active window
        dialog.show()
        dialog.activateWindow()
    yield dialog
    dialog.close()


def bank_texts(services, layer: str) -> list[str]:
    return [q.text for q in services.meetings.bank(layer)]


def test_add_reword_archive_and_undo_with_the_keyboard(qtbot, services, bank_dialog) -> None:
    dialog = bank_dialog
    dialog.layer.setCurrentIndex(dialog.layer.findData("person"))
    assert dialog.new_layer.currentData() == "person"  # adding follows the shown layer
    qtbot.keyClicks(dialog.new_text, "What are you reading at the moment?")
    qtbot.keyClick(dialog.new_text, Qt.Key.Key_Return)
    assert bank_texts(services, "person")[-1] == "What are you reading at the moment?"
    assert dialog.selected_question().text == "What are you reading at the moment?"
    assert dialog.new_text.text() == ""

    # F2 rewords in place; Enter commits.
    dialog.table.setFocus()
    assert dialog.table.hasFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "What have you read lately that changed your mind?")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits on the next turn of the event loop.
    qtbot.waitUntil(lambda: dialog.table.state() == QAbstractItemView.State.NoState)
    assert bank_texts(services, "person")[-1] == "What have you read lately that changed your mind?"

    # Delete archives and moves the selection to the neighbour.
    dialog.table.selectRow(0)
    first, second = services.meetings.bank("person")[:2]
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert first.id not in [q.id for q in services.meetings.bank()]
    assert dialog.selected_question().id == second.id
    assert "Undo (Ctrl+Z) brings it back" in dialog.notice.text()
    assert dialog.undo_button.isEnabled() and "Archive" in dialog.undo_button.toolTip()

    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, CTRL)  # the archive
    assert services.meetings.bank("person")[0] == first
    assert dialog.selected_question().id == first.id
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, CTRL)  # the rewording
    assert bank_texts(services, "person")[-1] == "What are you reading at the moment?"
    assert dialog.model.data(dialog.model.index(dialog.model.rowCount() - 1, 1)) == (
        "What are you reading at the moment?"
    )
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)  # the addition
    assert "What are you reading at the moment?" not in bank_texts(services, "person")
    assert not dialog.undo_button.isEnabled()


def test_an_emptied_question_keeps_its_words(qtbot, services, bank_dialog) -> None:
    first = services.meetings.bank()[0]
    index = bank_dialog.model.index(0, 1)
    assert not bank_dialog.model.setData(index, "   ")
    assert services.meetings.bank()[0] == first
    qtbot.keyClick(bank_dialog.new_text, Qt.Key.Key_Return)
    assert bank_dialog.error.text() == "Write the question first."


def test_undo_outlives_the_dialog(qtbot, services, bank_undo) -> None:
    stack = bank_undo
    first = QuestionBankDialog(services.meetings, stack)
    qtbot.addWidget(first)
    first.show()
    question = first.selected_question()
    first.archive_selected()
    first.close()
    second = QuestionBankDialog(services.meetings, stack)
    qtbot.addWidget(second)
    assert second.undo_button.isEnabled()
    qtbot.mouseClick(second.undo_button, Qt.MouseButton.LeftButton)
    assert services.meetings.bank()[0] == question
    assert second.selected_question() == question
    assert first.model.row_of(question.id) is None  # closed: it stopped following the stack
    stack.redo()
    assert second.model.row_of(question.id) is None
    second.close()  # before the stack goes


def test_searching_to_nothing_says_so(qtbot, bank_dialog) -> None:
    qtbot.keyClicks(bank_dialog.search, "zebra crossing")
    assert bank_dialog.body.is_empty
    assert "No question in the bank matches “zebra crossing”" in bank_dialog.body.message.text()
    assert not bank_dialog.archive_button.isEnabled()
    bank_dialog.search.clear()
    assert not bank_dialog.body.is_empty and bank_dialog.archive_button.isEnabled()


# --- answers across people -----------------------------------------------------


def test_answers_across_people_lists_everyone_and_opens_a_meeting(
    qtbot, window, services, monkeypatch
) -> None:
    meetings = services.meetings
    question = meetings.bank("person")[0]
    mia = meeting_with_answer(services, "Mia Chen", 3, question.id, "A patient mentor")
    omar = meeting_with_answer(services, "Omar Haddad", 10, question.id, "Night school")
    seen = []

    def open_mias(dialog: AnswersAcrossPeopleDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        table = dialog.table
        seen.extend(
            tuple(dialog.model.data(dialog.model.index(row, col)) for col in range(3))
            for row in range(dialog.model.rowCount())
        )
        rect = table.visualRect(dialog.model.index(1, 2))
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        return dialog.result()

    monkeypatch.setattr(AnswersAcrossPeopleDialog, "exec", open_mias)
    page = window.meetings_page
    settle()  # the pages have heard of the meetings made above
    window.show_page(MEETINGS_PAGE)
    page.open_meeting(omar)
    editor = page.editor
    editor.questions.selectRow(0)
    editor.questions.setFocus()
    qtbot.keyClick(editor.questions, Qt.Key.Key_A, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert seen == [
        ("10 Oct 2026", "Omar Haddad", "Night school"),
        ("03 Oct 2026", "Mia Chen", "A patient mentor"),
    ]
    assert editor.meeting_id == mia
    assert page.model.meeting_id(page.table.currentIndex().row()) == mia


def test_nobody_answered_yet_is_said_plainly(qtbot, services) -> None:
    question = services.meetings.bank("industry")[0]
    dialog = AnswersAcrossPeopleDialog(services.meetings, question.id)
    qtbot.addWidget(dialog)
    assert dialog.body.is_empty
    assert dialog.body.message.text().startswith("Nobody has answered this question yet.")
    assert dialog.question.text() == question.text
    assert not dialog.open_button.isEnabled()


def test_one_off_questions_have_no_answers_across_people(qtbot, window, services) -> None:
    window.new_meeting()
    editor = window.meetings_page.editor
    editor.questions_model.append(PreparedQuestion("person", "Why bees?"))
    editor.questions.selectRow(0)
    assert not editor.answers_button.isEnabled()
    editor.show_answers_across_people()
    assert "written for this meeting only" in editor.question_notice.text()


def test_the_bank_is_reachable_from_the_menu_and_the_picker(qtbot, window, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(
        QuestionBankDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0
    )
    window.findChild(QAction, "questionBankAction").trigger()
    assert window.pages.currentWidget() is window.meetings_page
    from netdesk.views.meetings.question_picker import QuestionPickerDialog

    picker = QuestionPickerDialog(window.meetings_page._meetings, window)
    qtbot.addWidget(picker)
    qtbot.mouseClick(picker.edit_bank_button, Qt.MouseButton.LeftButton)
    assert opened == ["Question bank", "Question bank"]


# --- templates -------------------------------------------------------------------


def test_save_questions_as_a_template_and_apply_it(
    qtbot, window, services, monkeypatch, answer_yes
) -> None:
    meetings = services.meetings
    window.new_meeting()
    editor = window.meetings_page.editor
    chosen = meetings.bank("person")[:3]
    for question in chosen:
        editor.questions_model.append(meetings.prepared_from(question))
    names = iter(["First coffee", "first coffee"])
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *args, **kwargs: (next(names), True))
    )
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(
            lambda *args, **kwargs: asked.append(args[2]) or QMessageBox.StandardButton.Yes
        ),
    )
    template = editor.save_as_template()
    assert template.size == 3
    assert "Saved as template “First coffee”" in editor.question_notice.text()
    editor.questions_model.remove(2)
    replaced = editor.save_as_template()  # same name, other case: asks, then replaces
    assert asked and "already a template called “first coffee”" in asked[0]
    assert replaced.id == template.id and replaced.size == 2

    window.new_meeting()
    editor.questions_model.append(meetings.prepared_from(chosen[1]))
    editor._fill_templates_menu()
    apply = next(a for a in editor.templates_menu.actions() if a.text().startswith("first coffee"))
    apply.trigger()
    assert [q.question_id for q in editor.questions_model.questions] == [chosen[1].id, chosen[0].id]
    assert "1 question added, 1 already here" in editor.question_notice.text()
    editor.save_now()
    assert len(meetings.get(editor.meeting_id).questions) == 2


# --- reordering ------------------------------------------------------------------


def test_alt_arrows_reorder_and_the_order_is_saved(qtbot, window, services) -> None:
    meetings = services.meetings
    record = meetings.save(
        MeetingRecord(
            title="Call", questions=[PreparedQuestion("industry", f"Q{i}") for i in range(4)]
        )
    )
    page = window.meetings_page
    window.show_page(MEETINGS_PAGE)
    page.open_meeting(record.id)
    view = page.editor.questions
    view.selectRow(3)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Up, ALT)
    qtbot.keyClick(view, Qt.Key.Key_Up, ALT)
    assert view.currentIndex().row() == 1
    qtbot.keyClick(view, Qt.Key.Key_Down, ALT)
    assert [q.text for q in page.editor.questions_model.questions] == ["Q0", "Q1", "Q3", "Q2"]
    qtbot.waitUntil(
        lambda: (
            committed(
                services,
                "SELECT text FROM meeting_question WHERE meeting_id = ? ORDER BY position",
                record.id,
            )
            == [("Q0",), ("Q1",), ("Q3",), ("Q2",)]
        ),
        timeout=3000,
    )


def test_a_drop_selects_the_moved_question_with_its_answer(qtbot, window, services) -> None:
    meetings = services.meetings
    record = meetings.save(
        MeetingRecord(
            title="Call",
            questions=[PreparedQuestion("industry", f"Q{i}", f"A{i}") for i in range(4)],
        )
    )
    window.show_page(MEETINGS_PAGE)
    window.meetings_page.open_meeting(record.id)
    editor = window.meetings_page.editor
    model = editor.questions_model
    editor.questions.selectRow(0)
    dragged = model.mimeData([model.index(0, 0)])
    model.dropMimeData(dragged, Qt.DropAction.MoveAction, 3, -1, QModelIndex())
    assert [q.text for q in model.questions] == ["Q1", "Q2", "Q0", "Q3"]
    assert editor.questions.currentIndex().row() == 2
    assert editor.answer.toPlainText() == "A0"
    assert editor.save_now()
    assert [q.answer for q in meetings.get(record.id).questions] == ["A1", "A2", "A0", "A3"]


# --- to-dos on a person ------------------------------------------------------------


def test_a_persons_todos_tick_done_and_untick_to_undo(qtbot, window, services) -> None:
    aunt = person(services, "Aunt Ingrid")
    referral = services.meetings.record_referral(
        aunt, new_person=ContactRecord(display_name="Mia Chen"), permission="yes"
    )
    page = window.contacts_page
    page.reload()
    page.select_contact(aunt)
    assert not page.editor.todo_list.isVisible()  # nothing to do for Ingrid
    page.select_contact(referral.to_contact_id)
    todo_list = page.editor.todo_list
    assert todo_list.isVisible() and todo_list.model().rowCount() == 1
    text = todo_list.model().data(todo_list.model().index(0, 0))
    assert text.startswith("Reach out to Mia Chen (you may mention Aunt Ingrid) — due ")
    todo_list.setCurrentIndex(todo_list.model().index(0, 0))
    todo_list.setFocus()
    qtbot.keyClick(todo_list, Qt.Key.Key_Space)
    (todo,) = services.todos.list(contact_id=referral.to_contact_id, include_done=True)
    assert todo.is_done and services.todos.list(contact_id=referral.to_contact_id) == []
    assert todo_list.model().rowCount() == 1  # still listed, ticked, so it can be unticked
    qtbot.keyClick(todo_list, Qt.Key.Key_Space)
    assert not services.todos.get(todo.id).is_done
    assert todo.due_on > TODAY


def pick(picker, row: int) -> None:
    """Add a row to the picks as a Ctrl+click does. (selectRow would read the keyboard
    modifiers an earlier test's Ctrl+key left behind, and toggle instead.)"""
    flags = QItemSelectionModel.SelectionFlag
    picker.list.selectionModel().select(picker.model.index(row, 0), flags.Select | flags.Rows)


def test_picks_survive_searching_and_switching_layers(qtbot, services) -> None:
    from netdesk.views.meetings.question_picker import QuestionPickerDialog

    picker = QuestionPickerDialog(services.meetings)
    qtbot.addWidget(picker)
    assert not picker.add_button.isEnabled()
    picker.layer.setCurrentIndex(picker.layer.findData("person"))
    pick(picker, 0)
    person = picker.model.question(0)
    picker.layer.setCurrentIndex(picker.layer.findData("industry"))
    pick(picker, 1)
    industry = picker.model.question(1)
    qtbot.keyClicks(picker.search, "zebra")
    assert picker.body.is_empty and picker.add_button.text() == "Add 2"
    picker.search.clear()
    picker.layer.setCurrentIndex(picker.layer.findData("person"))
    assert [i.row() for i in picker.list.selectionModel().selectedRows()] == [0]
    qtbot.keyClicks(picker.own, "Why bees?")
    assert picker.add_button.text() == "Add 3"
    assert [(q.question_id, q.text) for q in picker.chosen()] == [
        (industry.id, industry.text),
        (person.id, person.text),
        (None, "Why bees?"),
    ]
