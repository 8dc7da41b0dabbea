"""Capture People Met (Ctrl+Shift+M) in the real window over a real database: a new
event, three lines (a known person, a starred one, one with an email), the preview,
capturing, the status bar, then Ctrl+Z and Ctrl+Shift+Z."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.events.capture_dialog import CaptureDialog
from netdesk.views.events.preview_model import CapturePreviewModel
from tests.views.windows import build_window, settle

LINES = (
    "Mia Chen, Northwind — asked about the platform team\n"
    "* Aiko Tanaka, Kestrel Aerospace, data platform — wants intros to fintech\n"
    "Sam Lee, sam.lee@northwind.example — met at the coffee stand\n"
)


def committed(services, sql: str, *params):
    return services.db.execute_sql(sql, params).fetchall()


@pytest.fixture
def mia(services) -> int:
    saved = services.contacts.save(
        ContactRecord(display_name="Mia Chen", organisation="Northwind", relation="friend")
    )
    return saved.id


@pytest.fixture
def window(qtbot, qapp, services, mia):
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    tasks.wait(10_000)


def open_capture(qtbot, window) -> CaptureDialog:
    window.activateWindow()  # as the window manager does
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.last_dialog
    assert isinstance(dialog, CaptureDialog) and dialog.isVisible()
    dialog.activateWindow()  # its keys (Ctrl+Return, Escape) go to the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def preview_rows(dialog: CaptureDialog) -> list[list[str]]:
    model = dialog.preview_model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_capture_from_the_menu_then_undo_and_redo(qtbot, window, services, clock, mia) -> None:
    dialog = open_capture(qtbot, window)
    assert dialog.chosen_event_id() is None  # no events yet: a new one
    assert dialog.relation.currentText() == "Met at an event"
    yesterday = clock.today() - timedelta(days=1)
    assert dialog.event_date.date().toPython() == yesterday
    assert not dialog.capture_button.isEnabled()

    qtbot.keyClicks(dialog.event_name, "Data Engineering Meetup")
    dialog.event_kind.setCurrentIndex(dialog.event_kind.findData("conference"))
    qtbot.keyClicks(dialog.event_place, "Lisbon")
    dialog.people_text.setFocus()
    dialog.people_text.insertPlainText(LINES)  # as pasted
    qtbot.waitUntil(lambda: dialog.preview_model.rowCount() == 3)
    assert preview_rows(dialog) == [
        ["Mia Chen", "Northwind", "", "asked about the platform team", "", "Matches Mia Chen"],
        ["Aiko Tanaka", "Kestrel Aerospace", "", "wants intros to fintech", "★", "New"],
        ["Sam Lee", "", "sam.lee@northwind.example", "met at the coffee stand", "", "New"],
    ]
    assert dialog.capture_button.text() == "Capture 3 people"

    qtbot.mouseClick(dialog.capture_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    (event,) = services.events.list()
    assert (event.name, event.held_on, event.kind, event.place, event.people) == (
        "Data Engineering Meetup",
        yesterday.isoformat(),
        "conference",
        "Lisbon",
        3,
    )
    people = dict(
        committed(services, "SELECT display_name, relation FROM contact ORDER BY display_name")
    )
    assert people == {"Aiko Tanaka": "event", "Mia Chen": "friend", "Sam Lee": "event"}
    assert committed(services, "SELECT emails FROM contact WHERE display_name = 'Sam Lee'") == [
        ("sam.lee@northwind.example",)
    ]
    assert committed(
        services,
        "SELECT c.display_name, ep.note, ep.starred FROM event_person ep "
        "JOIN contact c ON c.id = ep.contact_id ORDER BY c.display_name",
    ) == [
        ("Aiko Tanaka", "wants intros to fintech", 1),
        ("Mia Chen", "asked about the platform team", 0),
        ("Sam Lee", "met at the coffee stand", 0),
    ]
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    nice = committed(services, "SELECT contact_id FROM todo WHERE due_on = ?", tomorrow)
    assert len(nice) == 3
    assert window.statusBar().currentMessage() == (
        "Captured 3 people from Data Engineering Meetup: 2 new, 1 matched; "
        "3 nice-to-meet-you to-dos for tomorrow (Ctrl+Z undoes it)"
    )

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert committed(services, "SELECT id FROM contact") == [(mia,)]
    assert committed(services, "SELECT count(*) FROM todo") == [(0,)]
    assert committed(services, "SELECT count(*) FROM event_person") == [(0,)]
    # The window added the event for this capture: it goes too.
    assert committed(services, "SELECT count(*) FROM event") == [(0,)]
    assert window.statusBar().currentMessage() == ""  # "Captured …" is no longer true

    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert committed(services, "SELECT count(*) FROM contact") == [(3,)]
    assert len(committed(services, "SELECT id FROM todo WHERE due_on = ?", tomorrow)) == 3
    assert services.events.get(event.id).people == 3
    settle()


def test_nothing_to_capture_and_a_line_without_a_name(qtbot, window, services) -> None:
    dialog = open_capture(qtbot, window)
    dialog.people_text.setPlainText("   \n# a comment\n")
    dialog.refresh_preview()
    assert dialog.preview_model.rowCount() == 0
    assert not dialog.capture_button.isEnabled()

    dialog.people_text.setPlainText(", aiko@kestrel.example — no name typed")
    qtbot.waitUntil(lambda: dialog.preview_model.rowCount() == 1)
    (row,) = preview_rows(dialog)
    assert row[-1].startswith("Skipped: no name")
    assert not dialog.capture_button.isEnabled()
    qtbot.keyClick(dialog.people_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and services.events.list() == []


def test_a_new_event_without_a_name_is_said_in_the_dialog(qtbot, window, services) -> None:
    dialog = open_capture(qtbot, window)
    dialog.people_text.setPlainText("Aiko Tanaka, Kestrel Aerospace")
    qtbot.keyClick(dialog.people_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.error.text() == "An event needs a name."
    assert committed(
        services, "SELECT count(*) FROM contact WHERE display_name = 'Aiko Tanaka'"
    ) == [(0,)]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_an_event_of_yesterday_is_chosen_and_the_preview_model_passes(
    qtbot, qtmodeltester, window, services, clock
) -> None:
    services.events.add("Old Meetup", clock.today() - timedelta(days=30))
    recent = services.events.add("Fintech Evening", clock.today() - timedelta(days=1))
    dialog = open_capture(qtbot, window)
    assert dialog.chosen_event_id() == recent.id
    assert dialog.event_chooser.itemText(2).startswith("Old Meetup")
    assert not dialog.event_name.isVisible()
    dialog.people_text.setPlainText("Mia Chen\n* Ana Souza, ana@bank.example\n, nobody")
    dialog.refresh_preview()
    qtmodeltester.check(dialog.preview_model)
    assert isinstance(dialog.preview_model, CapturePreviewModel)
    assert dialog.preview_model.people() == 2
