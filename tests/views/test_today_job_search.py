"""Today's "Job search": a next action due shows, Done clears it and Ctrl+Z brings it
back; an application silent for two weeks is asked about once the clock gets there;
Write Email… is offered only when there is someone to write to."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.main_window import CONTACTS_PAGE, TODAY_PAGE
from tests.frozen_time import TODAY
from tests.views.windows import build_window, settle

DAY = timedelta(days=1)


@pytest.fixture
def window(qtbot, qapp, services):
    services.applications.add(
        "Tidewater Bank", "Data Engineer", next_action="Send the portfolio", due_on=TODAY
    )
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(TODAY_PAGE)
    yield win
    tasks.wait(10_000)


def lines(page) -> list[str]:
    model = page.job_search_model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def test_done_clears_the_next_action_and_ctrl_z_brings_it_back(qtbot, window, services):
    page = window.today_page
    assert page.job_search_section.isVisible()
    assert lines(page) == ["Tidewater Bank · Data Engineer: send the portfolio — due today"]
    assert not page.job_email_button.isEnabled()  # nobody to write to
    assert "Nobody to write to" in page.job_email_button.toolTip()
    qtbot.mouseClick(page.job_done_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lines(page) == [])
    assert not page.job_search_section.isVisible()
    (app,) = services.applications.list()
    assert (app.next_action, app.due_on) == ("", None)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    qtbot.waitUntil(lambda: len(lines(page)) == 1)
    (app,) = services.applications.list()
    assert (app.next_action, app.due_on) == ("Send the portfolio", TODAY.isoformat())


def test_a_silent_application_is_asked_about_after_14_days(qtbot, window, services):
    page, apps = window.today_page, services.applications
    (bank,) = apps.list()
    apps.update(bank.id, next_action="", due_on=None)
    priya = services.contacts.save(
        ContactRecord(display_name="Priya Wei", organisation="Northwind")
    )
    apps.add("Northwind", "Data Lead", applied_on=TODAY - 10 * DAY)
    settle()
    qtbot.waitUntil(lambda: lines(page) == [])
    window.show_page(CONTACTS_PAGE)
    services.clock.advance(days=6)  # applied 16 days ago, Tidewater Bank 6 days ago
    window.show_page(TODAY_PAGE)  # shown on a new day: read again
    qtbot.waitUntil(lambda: len(lines(page)) == 1)
    assert lines(page) == ["No answer from Northwind (Data Lead) for 16 days: follow up?"]
    assert not page.job_done_button.isEnabled()  # nothing planned to be done
    assert page.job_email_button.isEnabled()
    requested: list[int] = []
    page.email_requested.connect(requested.append)
    qtbot.mouseClick(page.job_email_button, Qt.MouseButton.LeftButton)
    assert requested == [priya.id]
    qtbot.mouseClick(page.job_snooze_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: lines(page) == [])
    northwind = next(a for a in apps.list() if a.organisation == "Northwind")
    assert northwind.next_action == "Follow up"
    assert northwind.due_on == (services.clock.today() + 7 * DAY).isoformat()
