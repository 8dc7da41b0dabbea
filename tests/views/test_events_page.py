"""The Events page in the real window over a real database: a capture lands on the event's
page, the user stars, opens and follows up people there, adds an introduction, edits,
deletes (Ctrl+Z brings it back) and adds an event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from netdesk.views.events.event_dialog import EventDialog
from netdesk.views.events.introduction_dialog import IntroductionDialog
from netdesk.views.main_window import CONTACTS_PAGE, EVENTS_PAGE
from tests.views.test_event_capture import open_capture
from tests.views.windows import build_window, settle

LINES = (
    "Aiko Tanaka, Kestrel Aerospace, data platform — wants intros to fintech\n"
    "Ben Okafor, Ledgerly — runs the Berlin chapter\n"
    "Cleo Park, cleo@northwind.example\n"
)


@pytest.fixture
def window(qtbot, qapp, services):
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    tasks.wait(10_000)


def table(window) -> list[list[str]]:
    model = window.events_page.detail.model
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def events_listed(window) -> list[str]:
    model = window.events_page.model
    return [model.index(row, 0).data().split("\n")[0] for row in range(model.rowCount())]


def capture(qtbot, window, text: str = LINES) -> None:
    dialog = open_capture(qtbot, window)
    if dialog.chosen_event_id() is None:
        qtbot.keyClicks(dialog.event_name, "Data Guild evening")
    dialog.people_text.setFocus()
    dialog.people_text.insertPlainText(text)
    qtbot.waitUntil(lambda: dialog.capture_button.isEnabled())
    qtbot.keyClick(dialog.people_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def choose_person(qtbot, window, name: str) -> None:
    detail = window.events_page.detail
    row = detail.model.row_where(lambda person: person.name == name)
    assert row is not None
    window.activateWindow()  # as the window manager does: shortcuts need it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    detail.table.setFocus()
    detail.table.setCurrentIndex(detail.model.index(row, 1))


def test_no_events_says_how_to_capture_people(qtbot, window) -> None:
    window.show_page(EVENTS_PAGE)
    page = window.events_page
    assert page.is_empty
    assert "capture the people you met" in page.empty_message.text()
    button = page.findChild(QPushButton, "emptyCaptureButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.last_dialog
    assert dialog.isVisible() and dialog.chosen_event_id() is None  # a new event


def test_a_capture_lands_on_the_events_page_and_shows_what_came_of_it(
    qtbot, window, services, clock
) -> None:
    capture(qtbot, window)
    assert window.current_page() == EVENTS_PAGE
    page, detail = window.events_page, window.events_page.detail
    assert events_listed(window) == ["Data Guild evening"]
    assert detail.title.text() == "Data Guild evening"
    yesterday = clock.today() - timedelta(days=1)
    assert detail.subtitle.text().startswith(f"{yesterday:%a} {yesterday.day} {yesterday:%b}")
    assert [row[1:4] for row in table(window)] == [
        ["Aiko Tanaka", "Kestrel Aerospace", "wants intros to fintech"],
        ["Ben Okafor", "Ledgerly", "runs the Berlin chapter"],
        ["Cleo Park", "", ""],
    ]
    assert detail.summary.text() == (
        "3 met · 0 followed up · 0 conversations · 0 referrals · 0 real relationships"
    )

    # Ben's "nice to meet you" done on Today: the event's page ticks him as followed up.
    (nice,) = [t for t in services.todos.list() if t.contact_name == "Ben Okafor"]
    services.todos.complete(nice.id)
    qtbot.waitUntil(lambda: table(window)[1][4] == "✓")
    assert detail.summary.text().startswith("3 met · 1 followed up")
    assert page.current_event_id() is not None


def test_starring_with_the_s_key_plans_a_conversation(qtbot, window, services) -> None:
    capture(qtbot, window)
    detail = window.events_page.detail
    choose_person(qtbot, window, "Cleo Park")
    assert detail.star_button.text() == "Star"
    qtbot.keyClick(detail.table, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: table(window)[2][0] == "★")
    assert detail.star_button.text() == "Unstar"
    titles = [t.title for t in services.todos.list() if t.kind == "outreach"]
    assert titles == ["Propose a 20–30 minute conversation to Cleo Park"]
    qtbot.mouseClick(detail.star_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: table(window)[2][0] == "")
    assert [t for t in services.todos.list() if t.kind == "outreach"] == []


def test_enter_on_a_person_opens_them_in_contacts(qtbot, window) -> None:
    capture(qtbot, window)
    choose_person(qtbot, window, "Ben Okafor")
    qtbot.keyClick(window.events_page.detail.table, Qt.Key.Key_Return)
    assert window.current_page() == CONTACTS_PAGE
    qtbot.waitUntil(lambda: window.contacts_page.editor.display_name.text() == "Ben Okafor")


def test_an_introduction_is_added_and_shown(qtbot, window) -> None:
    capture(qtbot, window)
    detail = window.events_page.detail
    qtbot.mouseClick(detail.introduction_button, Qt.MouseButton.LeftButton)
    dialog = window.events_page.last_dialog
    assert isinstance(dialog, IntroductionDialog) and dialog.isVisible()
    assert dialog.introducer.currentText() == "Aiko Tanaka · Kestrel Aerospace"
    dialog.introduced.setCurrentIndex(dialog.introduced.findText("Ben Okafor · Ledgerly"))
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.introductions.isVisible())
    assert (
        detail.introductions.text()
        == "Introductions here: Aiko Tanaka introduced you to Ben Okafor"
    )


def test_editing_deleting_and_undoing_the_delete(qtbot, window, services) -> None:
    capture(qtbot, window)
    page, detail = window.events_page, window.events_page.detail
    qtbot.mouseClick(detail.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert isinstance(dialog, EventDialog)
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "Data Guild winter evening")
    qtbot.keyClicks(dialog.place, "Berlin, ")
    dialog.place.insert("Factory Görlitzer Park")  # pasted: QTest types ASCII only
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.title.text() == "Data Guild winter evening")
    assert detail.subtitle.text().endswith("· Meetup · Berlin, Factory Görlitzer Park")

    qtbot.mouseClick(detail.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: events_listed(window) == [])
    assert page.is_empty
    assert "Deleted Data Guild winter evening" in window.statusBar().currentMessage()
    assert services.contacts.counts().people == 3  # the people stay

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: events_listed(window) == ["Data Guild winter evening"])
    assert [row[1] for row in table(window)] == ["Aiko Tanaka", "Ben Okafor", "Cleo Park"]


def test_new_event_from_the_page_then_capture_into_it(qtbot, window) -> None:
    window.show_page(EVENTS_PAGE)
    page = window.events_page
    new = page.findChild(QPushButton, "emptyNewEventButton")
    assert new.isVisible() and not page.new_button.isVisible()
    qtbot.mouseClick(new, Qt.MouseButton.LeftButton)
    dialog = page.last_dialog
    assert isinstance(dialog, EventDialog) and dialog.windowTitle() == "New event"
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "An event needs a name."
    qtbot.keyClicks(dialog.name, "Alumni night")
    dialog.kind.setCurrentIndex(dialog.kind.findData("alumni"))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: events_listed(window) == ["Alumni night"])
    assert page.new_button.isVisible()
    detail = page.detail
    assert detail.title.text() == "Alumni night" and "· Alumni" in detail.subtitle.text()
    assert detail.people.is_empty

    button = detail.findChild(QPushButton, "eventCaptureButton")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.last_dialog
    assert dialog.event_chooser.currentText().startswith("Alumni night")
    dialog.people_text.insertPlainText("Dana Cruz, Tidewater Bank")
    qtbot.waitUntil(lambda: dialog.capture_button.isEnabled())
    qtbot.mouseClick(dialog.capture_button, Qt.MouseButton.LeftButton)
    settle()
    qtbot.waitUntil(lambda: [row[1] for row in table(window)] == ["Dana Cruz"])
    assert page.model.index(0, 0).data().endswith("· Alumni · 1 person")
