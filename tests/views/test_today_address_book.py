"""Today's "From your address book": Delete a person whose card was deleted there (Ctrl+Z
brings them back and asks again), Keep them, and Use Theirs / Keep Mine for a field
both sides changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.main_window import TODAY_PAGE
from tests.unit.test_contact_answers import card_deleted_on_server, conflict
from tests.views.windows import build_window, settle


@pytest.fixture
def people(services) -> dict[str, int]:
    save = services.contacts.save
    dana = save(ContactRecord(display_name="Dana Cruz", relation="friend")).id
    mia = save(ContactRecord(display_name="Mia Chen", relation="friend", role="Principal analyst"))
    card_deleted_on_server(services, dana)
    conflict(services, mia.id, "role", "Principal analyst", "Head of analytics")
    return {"dana": dana, "mia": mia.id}


@pytest.fixture
def window(qtbot, qapp, services, people):
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(TODAY_PAGE)
    yield win
    tasks.wait(10_000)


def lines(model) -> list[str]:
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_delete_then_ctrl_z_brings_the_person_back(qtbot, window, services, people) -> None:
    page = window.today_page
    assert page.book_section.isVisible()
    assert lines(page.deleted_model) == [
        "Dana Cruz's card was deleted in your address book. Delete Dana Cruz here too?"
    ]
    qtbot.mouseClick(page.delete_card_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.deleted_model.rowCount() == 0)
    with pytest.raises(KeyError):
        services.contacts.get(people["dana"])
    assert not page.deleted_list.isVisible() and page.conflict_list.isVisible()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    qtbot.waitUntil(lambda: page.deleted_model.rowCount() == 1)
    assert services.contacts.get(people["dana"]).display_name == "Dana Cruz"


def test_keep_keeps_the_person_and_asks_no_more(qtbot, window, services, people) -> None:
    page = window.today_page
    qtbot.mouseClick(page.keep_card_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.deleted_model.rowCount() == 0)
    assert services.contacts.get(people["dana"]).display_name == "Dana Cruz"


def test_use_theirs_changes_the_field(qtbot, window, services, people) -> None:
    page = window.today_page
    assert lines(page.conflict_model) == [
        "Mia Chen's role: you have “Principal analyst”, your address book says “Head of analytics”"
    ]
    assert page.use_theirs_button.isVisible() and page.keep_mine_button.isVisible()
    qtbot.mouseClick(page.use_theirs_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.conflict_model.rowCount() == 0)
    assert services.contacts.get(people["mia"]).role == "Head of analytics"


def test_keep_mine_leaves_the_field_and_the_section_goes(qtbot, window, services, people) -> None:
    page = window.today_page
    qtbot.mouseClick(page.keep_card_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.keep_mine_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.book_section.isVisible())
    assert services.contacts.get(people["mia"]).role == "Principal analyst"
    assert services.contact_sync.sync.answers.open_conflicts() == []


def test_nothing_to_ask_no_section(qtbot, qapp, services) -> None:
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(TODAY_PAGE)
    assert not win.today_page.book_section.isVisible()
    tasks.wait(10_000)
