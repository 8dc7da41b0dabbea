"""One informational interview from plan to referral, in the real window, as a person would."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.services.meetings.records import MeetingRecord
from netdesk.views.bank.answers_dialog import AnswersAcrossPeopleDialog
from netdesk.views.main_window import CONTACTS_PAGE, MEETINGS_PAGE
from netdesk.views.meetings.question_picker import QuestionPickerDialog
from netdesk.views.meetings.referral_dialog import ReferralDialog
from tests.frozen_time import TODAY

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def committed(services, sql: str, *params):
    """Read through a separate connection: only what is committed on disk is visible."""
    conn = sqlite3.connect(services.paths.database)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def click_row(qtbot, view, row: int, column: int = 1, modifier=Qt.KeyboardModifier.NoModifier):
    rect = view.visualRect(view.model().index(row, column))
    qtbot.mouseClick(view.viewport(), LEFT, modifier, rect.center())


def run_modal(qtbot, dialog, steps) -> int:
    """Stand-in for a modal exec(): show the dialog, let the 'user' act, return the result."""
    dialog.show()
    qtbot.waitExposed(dialog)
    steps(dialog)
    return dialog.result()


def test_plan_prepare_hold_and_grow_the_network(qtbot, window, services, monkeypatch) -> None:
    mia = services.contacts.save(
        ContactRecord(display_name="Mia Chen", organisation="Northwind", relation="mentor")
    )

    # Plan: a new meeting from the keyboard, with Mia.
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    page = window.meetings_page
    editor = page.editor
    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "Coffee with Mia about data teams")
    qtbot.keyClicks(editor.when, "2026-11-24 14:30")
    qtbot.keyClicks(editor.add_person, "Mia")
    qtbot.keyClick(editor.add_person, Qt.Key.Key_Return)
    assert editor.people_model.stringList() == ["Mia Chen"]

    # Prepare: search the bank, Ctrl+click three questions, add them.
    bank = services.meetings.bank
    wanted = [q for q in bank("person") if "enjoy" in q.text or "helped you" in q.text]
    closing = bank("closing")[0]

    def pick(dialog: QuestionPickerDialog) -> None:
        dialog.layer.setCurrentIndex(dialog.layer.findData("person"))
        click_row(qtbot, dialog.list, dialog.model.row_of(wanted[0].id))
        click_row(qtbot, dialog.list, dialog.model.row_of(wanted[1].id), modifier=CTRL)
        dialog.layer.setCurrentIndex(0)
        qtbot.keyClicks(dialog.search, "who else")
        assert dialog.model.rowCount() == 1
        click_row(qtbot, dialog.list, 0, modifier=CTRL)
        button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(button, LEFT)

    monkeypatch.setattr(QuestionPickerDialog, "exec", lambda dialog: run_modal(qtbot, dialog, pick))
    qtbot.mouseClick(editor.add_questions, LEFT)
    prepared = editor.questions_model.questions
    assert [q.question_id for q in prepared] == [wanted[0].id, wanted[1].id, closing.id]

    # Reorder: "who helped you" should come first.
    click_row(qtbot, editor.questions, 1)
    editor.questions.setFocus()
    qtbot.keyClick(editor.questions, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [q.question_id for q in prepared] == [wanted[1].id, wanted[0].id, closing.id]

    # Hold: type answers under two questions; autosave does the rest.
    assert editor.questions.currentIndex().row() == 0
    qtbot.keyClicks(editor.answer, "Her first manager, who let her fail safely.")
    click_row(qtbot, editor.questions, 2)
    qtbot.keyClicks(editor.answer, "Omar Haddad at Cobalt Health.")
    qtbot.waitUntil(
        lambda: (
            committed(
                services,
                "SELECT question_id, answer FROM meeting_question WHERE meeting_id = ? "
                "ORDER BY position",
                editor.meeting_id,
            )
            == [
                (wanted[1].id, "Her first manager, who let her fail safely."),
                (wanted[0].id, ""),
                (closing.id, "Omar Haddad at Cobalt Health."),
            ]
        ),
        timeout=3000,
    )

    # Grow: record the referral Mia gave.
    def refer(dialog: ReferralDialog) -> None:
        assert dialog.permission_question.text() == (
            "May I mention Mia's name when I contact them?"
        )
        assert "Mia is at Northwind" in dialog.organisation.placeholderText()
        qtbot.keyClicks(dialog.name, "Omar Haddad")
        assert dialog.match.text() == "Someone new: they join your contacts."
        qtbot.keyClicks(dialog.organisation, "Cobalt Health")
        dialog.permission.setCurrentIndex(dialog.permission.findData("yes"))
        qtbot.keyClicks(dialog.note, "Runs their analytics team")
        button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(button, LEFT)

    monkeypatch.setattr(ReferralDialog, "exec", lambda dialog: run_modal(qtbot, dialog, refer))
    qtbot.mouseClick(editor.referral_button, LEFT)
    assert "Mia Chen suggested Omar Haddad (yes, mention them)" in editor.referrals.text()
    due = TODAY + timedelta(days=3)
    assert editor.referral_notice.isVisible()
    assert editor.referral_notice.text().startswith(
        f"Omar Haddad is now in your contacts. Added an outreach to-do: reach out to "
        f"Omar Haddad by {due:%a %d %b}."
    )
    assert "outreach to-do" in window.statusBar().currentMessage()

    (omar,) = services.contacts.records(services.contacts.query_ids(ContactFilter(text="omar")))
    assert committed(
        services, "SELECT from_contact_id, permission, note, meeting_id FROM referral"
    ) == [(mia.id, "yes", "Runs their analytics team", editor.meeting_id)]
    assert committed(services, "SELECT from_contact_id, to_contact_id, kind FROM link") == [
        (mia.id, omar.id, "introduced")
    ]
    assert committed(
        services, "SELECT kind, contact_id, meeting_id, due_on, done_at FROM todo"
    ) == [("outreach", omar.id, editor.meeting_id, due.isoformat(), None)]

    # The new person: introduced by Mia, with the outreach to-do on their page.
    window.show_page(CONTACTS_PAGE)
    contacts = window.contacts_page
    contacts.select_contact(omar.id)
    assert contacts.editor.connections.text().startswith("Introduced by Mia Chen")
    todos = contacts.editor.todo_list
    assert todos.isVisible()
    assert (
        todos.model()
        .data(todos.model().index(0, 0))
        .startswith("Reach out to Omar Haddad (you may mention Mia Chen)")
    )

    # Answers across people: Mia's answer to the bank question, from the meeting editor.
    window.navigation.setCurrentIndex(window.navigation.model().index(MEETINGS_PAGE, 0))
    shown = []

    def look(dialog: AnswersAcrossPeopleDialog) -> None:
        model = dialog.model
        shown.extend(
            tuple(model.data(model.index(row, column)) for column in range(3))
            for row in range(model.rowCount())
        )
        dialog.reject()

    monkeypatch.setattr(
        AnswersAcrossPeopleDialog, "exec", lambda dialog: run_modal(qtbot, dialog, look)
    )
    click_row(qtbot, editor.questions, 0)
    qtbot.mouseClick(editor.answers_button, LEFT)
    assert shown == [("24 Nov 2026", "Mia Chen", "Her first manager, who let her fail safely.")]


def test_a_referral_tells_two_people_of_the_same_name_apart(
    qtbot, window, services, monkeypatch
) -> None:
    mia = services.contacts.save(ContactRecord(display_name="Mia Chen", given_name="Mia"))
    sams = [
        services.contacts.save(
            ContactRecord(display_name="Sam Lee", role=role, organisation=organisation)
        )
        for role, organisation in (("Data engineer", "Northwind"), ("Recruiter", "Contoso"))
    ]
    meeting = services.meetings.save(MeetingRecord(title="Coffee", people=[mia.id]))
    window.show_page(MEETINGS_PAGE)
    window.meetings_page.open_meeting(meeting.id)
    ok = QDialogButtonBox.StandardButton.Ok

    def refer(dialog: ReferralDialog) -> None:
        qtbot.keyClicks(dialog.name, "Sam Lee")
        labels = dialog.name.completer().model().stringList()
        assert labels == ["Sam Lee · Data engineer, Northwind", "Sam Lee · Recruiter, Contoso"]
        assert dialog.match.text().startswith("2 people are called Sam Lee")
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(ok), LEFT)
        assert dialog.isVisible() and "Choose one from the list" in dialog.error.text()
        # The user picks the recruiter from the list: their organisation is filled in.
        popup = dialog.name.completer().popup()
        popup.setCurrentIndex(popup.model().index(1, 0))
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert dialog.organisation.text() == "Contoso"
        assert dialog.match.text() == "Already in your contacts: Sam Lee · Recruiter, Contoso."
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(ok), LEFT)

    monkeypatch.setattr(ReferralDialog, "exec", lambda dialog: run_modal(qtbot, dialog, refer))
    qtbot.mouseClick(window.meetings_page.editor.referral_button, LEFT)
    (referral,) = services.meetings.referrals(meeting_id=meeting.id)
    assert referral.to_contact_id == sams[1].id
    assert len(services.contacts.query_ids(ContactFilter(text="Sam Lee"))) == 2  # no third
