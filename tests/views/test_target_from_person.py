"""Add Their Organisation as a Target, from the person's editor: enabled only when the
person's organisation is not a target yet, says so in the status bar, Ctrl+Z undoes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.main_window import CONTACTS_PAGE, SEARCH_PAGE
from tests.views.windows import build_window, settle


@pytest.fixture
def window(qtbot, qapp, services):
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    tasks.wait(10_000)


def test_add_their_organisation_as_a_target_and_undo(qtbot, window, services) -> None:
    ana = services.contacts.save(ContactRecord(display_name="Ana Silva", organisation="Northwind"))
    bo = services.contacts.save(ContactRecord(display_name="Bo Berg"))
    settle()
    window.show_page(CONTACTS_PAGE)
    button = window.target_from_person
    window.open_contact(bo.id)
    settle()
    assert button.isVisible() and not button.isEnabled()  # no organisation

    window.open_contact(ana.id)
    settle()
    assert button.isEnabled()
    assert button.text() == "Add Their Organisation as a Target"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle()
    target = services.targets.find("Northwind")
    assert target is not None and target.stage == "exploring"
    assert window.statusBar().currentMessage() == "Northwind is now a target: Search page"
    assert not button.isEnabled()  # it is a target now
    window.show_page(SEARCH_PAGE)  # the page reads its lists when shown
    settle()
    targets = window.search_page.target_model
    assert [targets.index(r, 0).data() for r in range(targets.rowCount())] == ["Northwind"]

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert services.targets.find("Northwind") is None
    qtbot.waitUntil(lambda: targets.rowCount() == 0)
    window.show_page(CONTACTS_PAGE)
    qtbot.waitUntil(button.isEnabled)  # a target no more
