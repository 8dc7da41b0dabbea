"""The "nice to meet you" email after a networking event, from Today's to-do to the
timeline, and its template in Settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from netdesk.views.drafts.dialog import DraftDialog
from netdesk.views.settings.dialog import SettingsDialog
from tests.frozen_time import TODAY
from tests.views.boxes import press_in_next_box
from tests.views.windows import build_window, settle

MET = "* Aiko Tanaka, Kestrel, aiko@kestrel.example — wants intros to fintech\nBen Okafor"


@pytest.fixture
def guild(services, clock):
    """The Data Guild evening yesterday; the next day comes, when the notes are due."""
    held = TODAY - timedelta(days=1)
    event = services.events.add("Data Guild evening", held, place="Kantine")
    services.events.capture(event.id, MET)
    clock.advance(days=1)
    return event.id, held


@pytest.fixture
def window(qtbot, services, qapp):
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    for dialog in win.findChildren(DraftDialog) + win.findChildren(SettingsDialog):
        dialog.done(0)  # not close(): an edited form would ask first
    tasks.wait(10_000)


def test_write_email_on_a_nice_to_meet_you_names_the_event_and_ticks_it(
    qtbot, window, services, guild, monkeypatch
) -> None:
    event_id, held = guild
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: True))
    page = window.today_page
    group = page.todo_model.index(0, 0)
    page.todo_list.setCurrentIndex(group)
    page.todo_list.setFocus()
    qtbot.keyClick(page.todo_list, Qt.Key.Key_Right)  # opens the event's line
    qtbot.keyClick(page.todo_list, Qt.Key.Key_Down)  # Aiko
    assert page.todo_model.todo(page.todo_list.currentIndex()).contact_name == "Aiko Tanaka"
    qtbot.mouseClick(page.todo_email, Qt.MouseButton.LeftButton)

    dialog = window.last_dialog
    assert isinstance(dialog, DraftDialog)
    assert dialog.template.currentText() == "Nice to meet you (after an event)"
    assert dialog.subject.text() == "Nice to meet you at Data Guild evening"
    day = f"{held.day} {held:%B}" + ("" if held.year == TODAY.year else f" {held.year}")
    body = dialog.body.toPlainText()
    assert f"It was good to meet you at Data Guild evening on {day}" in body
    assert "[Your note: wants intros to fintech." in body
    # With "[your name]" (no account yet), the note is one of the two asked about.
    assert dialog.notes_hint.text().endswith(
        "2 notes to yourself to fill in or delete before it goes."
    )

    # Handed to the mail app (the note left in on purpose), then "I sent it": the
    # event's to-do is done, Aiko's proposed conversation stays.
    press_in_next_box("goAheadButton")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.sent_myself.isVisible)
    qtbot.mouseClick(dialog.sent_myself, Qt.MouseButton.LeftButton)
    aiko = page.todo_model.todo(page.todo_list.currentIndex()).contact_id
    qtbot.waitUntil(
        lambda: not any(t.kind == "check_in" for t in services.todos.list(contact_id=aiko))
    )
    assert [(t.kind, t.event_id) for t in services.todos.list(contact_id=aiko)] == [
        ("outreach", event_id)
    ]
    assert [i.summary for i in services.interactions.for_contact(aiko)] == [
        "Email: Nice to meet you at Data Guild evening"
    ]
    settle()  # Today hears of it: Ben is still waiting for his note
    assert page.todo_model.index(0, 0).data() == (
        f"1 person from {held:%A}'s Data Guild evening still waiting for a note"
    )


def test_the_template_is_listed_in_settings_with_a_preview(qtbot, window) -> None:
    dialog = window.mail.open_settings(page=1)
    page = dialog.templates_page
    names = [page.model.index(row, 0).data() for row in range(page.model.rowCount())]
    row = names.index("Nice to meet you (after an event)")
    page.list.setCurrentIndex(page.model.index(row, 0))
    assert page.purpose.currentText() == "Nice to meet you (after an event)"
    preview = page.preview.toPlainText()
    assert preview.startswith("Subject: Nice to meet you at Data Guild evening\n\nHi Mia,")
    assert "on 27 October, and I enjoyed our conversation. [Your note: wants intros" in preview
    assert page.preview_error.text() == ""
