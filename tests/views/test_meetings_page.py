"""Planning and recording a meeting in the real window, as a person would."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.views.main_window import MEETINGS_PAGE
from netdesk.views.meetings import editor as meeting_editor
from netdesk.views.meetings.question_picker import QuestionPickerDialog
from netdesk.views.meetings.referral_dialog import ReferralDialog


def committed(services, sql: str, *params):
    """Read through a separate connection: only what is committed on disk is visible."""
    conn = sqlite3.connect(services.paths.database)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_plan_hold_and_record_a_meeting(qtbot, window, services, monkeypatch) -> None:
    services.contacts.save(ContactRecord(display_name="Mia Chen", relation="mentor"))
    qtbot.keyClick(
        window,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    page = window.meetings_page
    editor = page.editor
    assert window.pages.currentWidget() is page and editor.meeting_id is not None
    editor.title.selectAll()
    qtbot.keyClicks(editor.title, "Coffee with Mia")
    qtbot.keyClicks(editor.when, "2026-11-24 14:30")
    qtbot.keyClicks(editor.add_person, "Mia Chen")
    qtbot.keyClick(editor.add_person, Qt.Key.Key_Return)
    assert editor.people_model.stringList() == ["Mia Chen"]

    def pick(dialog: QuestionPickerDialog) -> int:
        dialog.layer.setCurrentIndex(dialog.layer.findData("person"))
        dialog.list.selectAll()
        dialog.own.setText("How did the reorganisation change your team?")
        dialog.own_layer.setCurrentIndex(dialog.own_layer.findData("organisation"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QuestionPickerDialog, "exec", pick)
    qtbot.mouseClick(editor.add_questions, Qt.MouseButton.LeftButton)
    prepared = editor.questions_model.questions
    assert len(prepared) == 9 and prepared[-1].layer == "organisation"
    assert "9 prepared" in editor.nudge.text()
    editor.questions.selectRow(0)
    qtbot.keyClicks(editor.answer, "Night classes and a patient mentor.")
    qtbot.keyClicks(editor.notes, "She moved teams in spring.")
    assert editor.words.text() == "5 words"
    editor.status.setCurrentIndex(editor.status.findData("held"))
    # Autosave: nothing to click; within a second the text is committed on disk.
    qtbot.waitUntil(
        lambda: (
            committed(services, "SELECT count(*) FROM meeting_question WHERE answer LIKE 'Night%'")
            == [(1,)]
        ),
        timeout=3000,
    )
    rows = committed(services, "SELECT title, status, notes FROM meeting")
    assert rows == [("Coffee with Mia", "held", "She moved teams in spring.")]
    assert page.model.rowCount() == 1

    def refer(dialog: ReferralDialog) -> int:
        dialog.name.setText("Omar Haddad")
        dialog.organisation.setText("Cobalt Health")
        dialog.permission.setCurrentIndex(dialog.permission.findData("yes"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ReferralDialog, "exec", refer)
    qtbot.mouseClick(editor.referral_button, Qt.MouseButton.LeftButton)
    assert "Mia Chen suggested Omar Haddad" in editor.referrals.text()
    assert services.contacts.counts().people == 2
    (omar,) = services.contacts.records(services.contacts.query_ids(ContactFilter(text="omar")))
    assert omar.organisation == "Cobalt Health" and "Suggested by Mia Chen" in omar.notes
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("2 people"))


def test_switching_meetings_and_closing_save_at_once(qtbot, window, services) -> None:
    page = window.meetings_page
    window.new_meeting()
    first = page.editor.meeting_id
    page.editor.research.setPlainText("Series B last spring; hiring in Lisbon.")
    window.new_meeting()  # switching saves before the autosave delay
    assert committed(services, "SELECT research FROM meeting WHERE id = ?", first) == [
        ("Series B last spring; hiring in Lisbon.",)
    ]
    page.editor.takeaways.setPlainText("Send her the survey article.")
    window.close()
    assert committed(
        services, "SELECT takeaways FROM meeting WHERE id = ?", page.editor.meeting_id
    ) == [("Send her the survey article.",)]


def test_invalid_date_is_explained_and_other_text_still_saved(qtbot, window, services) -> None:
    window.new_meeting()
    editor = window.meetings_page.editor
    editor.when.setText("next tuesday")
    editor.purpose.setPlainText("Understand the team's plans")
    assert not editor.save_now()
    assert "Not a date and time" in editor.error.text()
    assert committed(services, "SELECT purpose, starts_at FROM meeting") == [
        ("Understand the team's plans", None)
    ]


def test_pasted_html_becomes_clean_markdown(qtbot, window) -> None:
    from PySide6.QtCore import QMimeData

    window.new_meeting()
    notes = window.meetings_page.editor.notes
    mime = QMimeData()
    mime.setHtml(
        '<div style="color:red"><h2>Plans</h2><script>x()</script>'
        "<ul><li><b>Hiring</b> in Q1</li></ul></div>"
    )
    notes.insertFromMimeData(mime)
    markdown = notes.toMarkdown()
    assert "## Plans" in markdown and "**Hiring** in Q1" in markdown
    assert "color" not in markdown and "script" not in markdown and "<" not in markdown
    assert meeting_editor.AUTOSAVE_DELAY_MS <= 1000


def test_add_to_calendar_writes_an_ics_and_opens_it(qtbot, window, monkeypatch) -> None:
    import icalendar
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(
        QDesktopServices,
        "openUrl",
        staticmethod(lambda url: opened.append(url.toLocalFile()) or True),
    )
    window.new_meeting()
    editor = window.meetings_page.editor
    qtbot.mouseClick(editor.calendar_button, Qt.MouseButton.LeftButton)
    assert "no date" in editor.error.text() and opened == []
    editor.title.setText("Coffee / with Mia?")
    editor.when.setText("2026-11-24 14:30")
    qtbot.mouseClick(editor.calendar_button, Qt.MouseButton.LeftButton)
    (path,) = opened
    assert path.endswith("Coffee  with Mia.ics")
    (event,) = icalendar.Calendar.from_ical(Path(path).read_bytes()).walk("VEVENT")
    assert str(event["summary"]) == "Coffee / with Mia?"


def test_person_shows_meetings_and_the_introduction_chain(qtbot, window, services) -> None:
    aunt = services.contacts.save(ContactRecord(display_name="Aunt Ingrid", relation="family"))
    mia = services.meetings.record_referral(
        aunt.id, new_person=ContactRecord(display_name="Mia Chen"), permission="yes"
    )
    services.meetings.record_referral(
        mia.to_contact_id, new_person=ContactRecord(display_name="Omar Haddad")
    )
    page = window.contacts_page
    page.reload()
    page.select_contact(mia.to_contact_id)
    text = page.editor.connections.text()
    assert "Introduced by Aunt Ingrid" in text and "Suggested you talk to Omar Haddad" in text
    qtbot.mouseClick(page.editor.plan_meeting, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.meetings_page
    editor = window.meetings_page.editor
    assert editor.title.text() == "Conversation with Mia Chen"
    assert editor.people_model.stringList() == ["Mia Chen"]
    window.show_page(0)
    page.select_contact(mia.to_contact_id)
    qtbot.waitUntil(lambda: "Conversation with Mia Chen (Idea)" in page.editor.connections.text())


def test_notes_formatting_keys_are_kept_as_markdown(qtbot, window, services, monkeypatch) -> None:
    opened = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName",
        staticmethod(lambda *args, **kwargs: opened.append(args) or ("", "")),
    )
    window.new_meeting()
    editor = window.meetings_page.editor
    notes = editor.notes
    notes.setFocus()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(notes, Qt.Key.Key_1, ctrl)
    qtbot.keyClicks(notes, "Trends")
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClick(notes, Qt.Key.Key_0, ctrl)
    qtbot.keyClick(notes, Qt.Key.Key_B, ctrl)
    qtbot.keyClicks(notes, "Consolidation")
    qtbot.keyClick(notes, Qt.Key.Key_B, ctrl)
    qtbot.keyClicks(notes, " and ")
    qtbot.keyClick(notes, Qt.Key.Key_I, ctrl)  # italic here, not File > Import
    qtbot.keyClicks(notes, "regulation")
    qtbot.keyClick(notes, Qt.Key.Key_I, ctrl)
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClicks(notes, "* read the annual report")
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClicks(notes, "call Omar")
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClick(notes, Qt.Key.Key_Return)  # an empty item ends the list
    notes.insert_link("example.org/report", "the report")
    assert editor.words.text() == "12 words"
    assert editor.save_now()
    ((stored,),) = committed(services, "SELECT notes FROM meeting WHERE id = ?", editor.meeting_id)
    assert stored.startswith("# Trends\n")
    assert "**Consolidation** and *regulation*" in stored
    assert "- read the annual report\n- call Omar" in stored
    assert "[the report](https://example.org/report)" in stored
    assert opened == []
    qtbot.keyClick(notes, Qt.Key.Key_Z, ctrl)  # undo takes the link back out
    assert "the report" not in notes.toPlainText()


def test_markdown_habits_at_line_start_format_the_line(qtbot, window) -> None:
    window.new_meeting()
    notes = window.meetings_page.editor.notes
    notes.setFocus()
    for line in ("## Next steps", "1. send the thank-you", "share the article"):
        qtbot.keyClicks(notes, line)
        qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClicks(notes, "see # 4 and - 5")  # inside a line they stay text
    markdown = notes.toMarkdown()
    assert markdown.startswith("## Next steps\n")
    assert re.search(r"1\.\s+send the thank-you\n2\.\s+share the article", markdown)
    assert markdown.rstrip().endswith("\nsee # 4 and - 5")
    qtbot.keyClick(notes, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "see" not in notes.toPlainText()


def test_no_meetings_says_what_to_do_and_plans_the_first(qtbot, window, services) -> None:
    window.show_page(MEETINGS_PAGE)
    page = window.meetings_page
    editor = page.editor
    assert editor.stack.currentIndex() == 0
    assert editor.empty_title.text() == "No meetings yet"
    assert "informational interview" in editor.empty_text.text()
    assert editor.empty_new.isVisible() and not editor.empty_new.icon().isNull()
    qtbot.mouseClick(editor.empty_new, Qt.MouseButton.LeftButton)
    assert editor.meeting_id is not None and editor.stack.currentIndex() == 1
    assert [row.id for row in services.meetings.list()] == [editor.meeting_id]

    editor.show_meeting(None)
    page.reload()
    assert editor.empty_title.text() == "No meeting open"
    page.search.setText("zebra")
    assert editor.empty_title.text() == "No meeting mentions “zebra”"
