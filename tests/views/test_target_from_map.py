"""Add Their Organisation as a Target, from a person on the map: right click them, pick
it in their menu; the organisation becomes a target (once), and the map says why not
when they have no organisation or it is a target already."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.main_window import MAP_PAGE
from netdesk.views.map.node_menu import ADD_TARGET
from netdesk.views.map.page import MapPage
from tests.views.windows import build_window, settle


@pytest.fixture
def window(qtbot, qapp, services):
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    tasks.wait(10_000)


@pytest.fixture
def people(services) -> dict[str, int]:
    """A small network in the test's database file: one person at an organisation, one
    at an organisation already targeted, one with none."""
    services.targets.add("Harbour Labs")
    saved = [
        ContactRecord(display_name="Ana Silva", organisation="Northwind", closeness=4),
        ContactRecord(display_name="Cy Okafor", organisation="Harbour Labs"),
        ContactRecord(display_name="Bo Berg"),
    ]
    return {r.display_name: services.contacts.save(r).id for r in saved}


@pytest.fixture
def map_page(qtbot, window, people) -> MapPage:
    settle()
    window.resize(1200, 800)
    page = window.map_page
    # The window offers the job search's action on the map as it does in the editor.
    window.target_from_person.attach_map(page)
    with qtbot.waitSignal(page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    return page


def right_click(qtbot, page: MapPage, contact_id: int) -> QMenu:
    """Right click the person's node, as the user does; the menu that opens."""
    page.view.centre_on(contact_id, zoom=1.0)
    point: QPoint = page.view.mapFromScene(page.scene.points[page.data.index[contact_id]])
    viewport = page.view.viewport()
    QTest.mouseMove(viewport, point)
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point), Qt.NoModifier
    )
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    return QApplication.activePopupWidget()


def choose(qtbot, menu: QMenu, text: str) -> None:
    [action] = [a for a in menu.actions() if a.text() == text]
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    settle()


def test_their_organisation_becomes_a_target_once(qtbot, window, map_page, services, people):
    assert services.targets.find("Northwind") is None
    menu = right_click(qtbot, map_page, people["Ana Silva"])
    assert menu.objectName() == "mapNodeMenu" and "Open Ana Silva" in [
        a.text() for a in menu.actions()
    ]
    choose(qtbot, menu, ADD_TARGET)
    target = services.targets.find("Northwind")
    assert target is not None and target.stage == "exploring"
    assert window.statusBar().currentMessage() == "Northwind is now a target: Search page"

    # Asked again (through the map reloaded for the change), it says so and adds none.
    qtbot.waitUntil(lambda: not map_page.is_loading(), timeout=20_000)
    choose(qtbot, right_click(qtbot, map_page, people["Ana Silva"]), ADD_TARGET)
    assert "Northwind is already a target" in map_page.status.text()
    assert [t.organisation for t in services.targets.list()] == ["Harbour Labs", "Northwind"]


def test_no_organisation_or_already_a_target_is_said(qtbot, map_page, services, people):
    choose(qtbot, right_click(qtbot, map_page, people["Bo Berg"]), ADD_TARGET)
    assert map_page.status.text() == "Bo Berg has no organisation to target."

    choose(qtbot, right_click(qtbot, map_page, people["Cy Okafor"]), ADD_TARGET)
    assert map_page.status.text() == "Harbour Labs is already a target: Search page"
    assert [t.organisation for t in services.targets.list()] == ["Harbour Labs"]
