"""The calendar from the window, against a real Radicale the test starts (TLS verified
with the test's CA): Settings → Calendar filled in, its calendars found off the GUI
thread and one chosen, the password in the credential store only; File → Sync Calendar
Now writing a scheduled meeting to the calendar; no password saved; removing the
account."""

from __future__ import annotations

import logging
import sqlite3
import threading
from datetime import timedelta

import caldav
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from netdesk.services.calendar.account import CalendarAccount
from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.calendar.sync import SyncResult
from netdesk.services.changes import Change
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion
from netdesk.views.settings.dialog import SettingsDialog
from netdesk.views.window import calendar_sync_flow
from netdesk.views.window.calendar_sync_flow import describe
from tests.calendarservers import CALENDAR_PASSWORD, CALENDAR_USER, start_radicale, stop_radicale
from tests.views.windows import build_window


@pytest.fixture
def radicale(certificates):
    server = start_radicale(certificates)
    yield server
    stop_radicale(server)


@pytest.fixture
def phone(radicale, certificates):
    """The user's calendars as another client (a phone) made them."""
    client = caldav.DAVClient(
        url=radicale.url,
        username=CALENDAR_USER,
        password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificates.ca),
    )
    principal = client.principal()
    return {name: principal.make_calendar(name=name) for name in ("Personal", "Work")}


@pytest.fixture
def make_window(qtbot, qapp, services, certificates):
    """The real window over services whose calendar transport trusts the test's CA."""
    services.calendar.transport = CalendarTransport(ca_file=str(certificates.ca), timeout=10)
    built = []

    def make():
        window, tasks = build_window(qtbot, qapp, services)
        built.append((window, tasks))
        return window

    yield make
    for window, tasks in built:
        for dialog in window.findChildren(SettingsDialog):
            dialog.done(0)
        window.calendar_sync.stop_for_close()
        window.mail_scan.stop_for_close()
        tasks.wait(10_000)


def save_account(services, url: str, calendar_url: str = "", password: str | None = None):
    services.calendar.accounts.save(
        CalendarAccount(server_url=url, username=CALENDAR_USER, calendar_url=calendar_url),
        Secret(password) if password else None,
    )


def file_action(window, name: str) -> QAction:
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(file_menu, QMenu)
    return next(a for a in file_menu.actions() if a.objectName() == name)


def open_calendar_page(qtbot, window) -> SettingsDialog:
    window.findChild(QAction, "settingsAction").trigger()  # Edit → Settings…
    dialog = window.last_dialog
    assert isinstance(dialog, SettingsDialog)
    navigation = dialog.navigation
    row = dialog.titles.index("Calendar")
    rect = navigation.visualRect(navigation.model().index(row, 0))
    qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.pages.currentWidget() is dialog.calendar_page
    return dialog


def stored_setting(services, key: str) -> str | None:
    conn = sqlite3.connect(services.paths.database)  # what was committed
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def test_filling_the_page_finding_the_calendars_and_saving(
    qtbot, make_window, services, radicale, phone, monkeypatch
) -> None:
    transport = services.calendar.transport
    threads = []
    real_calendars = transport.calendars

    def calendars_recording_the_thread(*args):
        threads.append(threading.current_thread())
        return real_calendars(*args)

    monkeypatch.setattr(transport, "calendars", calendars_recording_the_thread)
    window = make_window()
    assert not window.calendar_sync.timer.isActive()  # nothing set up: no sync
    dialog = open_calendar_page(qtbot, window)
    page = dialog.calendar_page
    assert "Nextcloud, Radicale, Fastmail or iCloud" in page.server.placeholderText()
    assert not page.remove_button.isEnabled()
    qtbot.keyClicks(page.server, radicale.url)
    qtbot.keyClicks(page.username, CALENDAR_USER)
    qtbot.keyClicks(page.password, CALENDAR_PASSWORD)

    qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.calendars.count() == 2, timeout=10_000)
    assert threads and threads[0] is not threading.main_thread()
    names = [page.calendars.itemText(row) for row in range(page.calendars.count())]
    assert sorted(names) == ["Personal", "Work"]
    assert page.find_note.text() == "2 calendars found: choose the one for meetings and save."
    page.calendars.setFocus()
    while page.calendars.currentText() != "Work":
        qtbot.keyClick(page.calendars, Qt.Key.Key_Down)
    page.minutes.lineEdit().selectAll()
    qtbot.keyClicks(page.minutes.lineEdit(), "15")

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    account = services.calendar.accounts.get()
    assert account is not None and page.error.text() == ""
    assert (account.server_url, account.username) == (radicale.url, CALENDAR_USER)
    assert (account.calendar_name, account.calendar_url) == ("Work", str(phone["Work"].url))
    stored = services.mail.credentials.get(account.keyring_service, CALENDAR_USER)
    assert stored == Secret(CALENDAR_PASSWORD)  # the in-memory store the tests use
    assert CALENDAR_PASSWORD.encode() not in services.paths.database.read_bytes()
    assert page.password.text() == "" and "Stored" in page.password.placeholderText()
    assert page.keyring_label.text().startswith("⚠ ")  # kept in memory only: said so
    assert stored_setting(services, "calendar.sync.minutes") == "15"
    assert not page.is_dirty() and page.remove_button.isEnabled()
    # The window heard: a sync comes shortly.
    qtbot.waitUntil(window.calendar_sync.timer.isActive, timeout=2000)
    assert window.calendar_sync.timer.interval() == calendar_sync_flow.START_DELAY_MS


def test_each_field_says_what_is_wrong_with_it(qtbot, make_window, services) -> None:
    window = make_window()
    dialog = open_calendar_page(qtbot, window)
    page = dialog.calendar_page
    qtbot.keyClicks(page.server, "http://cloud.example.org")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert page.server_error.isVisible() and "use https://" in page.server_error.text()
    assert page.username_error.text() == "The calendar login is missing."
    assert services.calendar.accounts.get() is None

    page.server.clear()
    qtbot.keyClicks(page.server, "cloud.example.org")
    qtbot.keyClicks(page.username, "ada")
    qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)  # no password anywhere
    qtbot.waitUntil(lambda: "password" in page.find_note.text(), timeout=5000)
    assert not page.server_error.isVisible() and not page.username_error.isVisible()


def plan_meeting(services) -> MeetingRecord:
    dana = services.contacts.save(
        ContactRecord(display_name="Dana Cruz", emails=["dana@x.example"])
    ).id
    starts = (services.clock.now() + timedelta(days=3)).replace(hour=10, minute=0, second=0)
    return services.meetings.save(
        MeetingRecord(
            title="Coffee with Dana",
            status="scheduled",
            starts_at=starts.replace(microsecond=0),
            people=[dana],
            questions=[PreparedQuestion("person", "How did you move into data?")],
        )
    )


def test_sync_calendar_now_writes_the_meeting_to_the_calendar(
    qtbot, make_window, services, radicale, phone
) -> None:
    work = phone["Work"]
    save_account(services, radicale.url, str(work.url), CALENDAR_PASSWORD)
    plan_meeting(services)
    window = make_window()
    flow = window.calendar_sync
    assert flow.timer.isActive()  # the start-up sync is waiting its turn
    sync, stop = (
        file_action(window, "syncCalendarAction"),
        file_action(window, "stopSyncingCalendarAction"),
    )
    assert sync.text() == "S&ync Calendar Now" and not stop.isEnabled()

    sync.trigger()
    assert flow.running and stop.isEnabled() and not sync.isEnabled()
    assert not flow.timer.isActive()  # no second sync meanwhile
    qtbot.waitUntil(lambda: not flow.running, timeout=10_000)
    assert window.statusBar().currentMessage() == "Calendar: 1 meeting written"
    (event,) = work.events()
    component = event.icalendar_component
    assert str(component["summary"]) == "Coffee with Dana"
    assert "How did you move into data?" in str(component["description"])
    assert phone["Personal"].events() == []  # the calendar chosen, not the first
    assert sync.isEnabled() and not stop.isEnabled() and not flow.progress.isVisible()
    assert flow.timer.isActive() and flow.timer.interval() == 30 * 60_000  # the next one

    sync.trigger()  # again: nothing to write
    qtbot.waitUntil(lambda: not flow.running, timeout=10_000)
    assert window.statusBar().currentMessage() == "Calendar in step"


def test_no_password_saved_is_one_status_bar_line(
    qtbot, make_window, services, monkeypatch
) -> None:
    save_account(services, "https://calendar.invalid")  # never reached
    monkeypatch.setattr(calendar_sync_flow, "START_DELAY_MS", 50)
    window = make_window()  # the start-up sync runs by itself
    status = window.statusBar()
    qtbot.waitUntil(lambda: status.currentMessage() == calendar_sync_flow.NO_PASSWORD, timeout=5000)
    assert window.last_dialog is None and QApplication.activeModalWidget() is None
    assert not window.calendar_sync.running and window.calendar_sync.timer.isActive()


def test_without_an_account_sync_now_says_where_to_set_it_up(qtbot, make_window) -> None:
    window = make_window()
    file_action(window, "syncCalendarAction").trigger()
    assert window.statusBar().currentMessage() == calendar_sync_flow.NOT_SET_UP
    assert not window.calendar_sync.running


def test_remove_account_asks_first(qtbot, make_window, services, monkeypatch) -> None:
    save_account(services, "https://calendar.invalid", password="secret words")
    account = services.calendar.accounts.get()
    window = make_window()
    assert window.calendar_sync.timer.isActive()
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a: asked.append(a[1]) or answers.pop(0))
    )
    page = open_calendar_page(qtbot, window).calendar_page
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert asked == ["Remove the calendar account?"] and services.calendar.accounts.get()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert services.calendar.accounts.get() is None
    assert services.mail.credentials.get(account.keyring_service, CALENDAR_USER) is None
    assert page.server.text() == "" and not page.remove_button.isEnabled()
    qtbot.waitUntil(lambda: not window.calendar_sync.timer.isActive(), timeout=2000)


def test_the_status_bar_says_what_the_sync_did() -> None:
    assert describe(SyncResult()) == "Calendar in step"
    assert describe(SyncResult(events=3)) == "Calendar in step"
    assert (
        describe(SyncResult(pushed=2, moved=1, prompts=1))
        == "Calendar: 2 meetings written, 1 moved, 1 question for Today"
    )
    assert describe(SyncResult(cancelled=1, deleted=2)) == "Calendar: 1 cancelled, 2 events deleted"


def test_a_refused_login_is_said_in_the_status_bar_and_the_log_without_the_password(
    qtbot, make_window, services, radicale, phone, caplog
) -> None:
    caplog.set_level(logging.DEBUG)  # every record, the worker's traceback too
    save_account(services, radicale.url, str(phone["Work"].url), "wrong horse battery")
    window = make_window()
    flow = window.calendar_sync
    file_action(window, "syncCalendarAction").trigger()
    qtbot.waitUntil(lambda: not flow.running, timeout=10_000)
    said = window.statusBar().currentMessage()
    assert said.startswith("Calendar not synced: ") and "refused the login 'ada'" in said
    assert window.last_dialog is None and QApplication.activeModalWidget() is None
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "refused the login" in logged and "wrong horse battery" not in logged + said
    assert flow.timer.isActive()  # tried again at the usual time


def test_how_often_is_kept_within_bounds_and_announced(services) -> None:
    heard = []
    services.changes.subscribe(heard.append)
    sync = services.calendar.sync
    assert sync.minutes == 30
    sync.set_minutes(2)
    assert sync.minutes == 5 and heard == [Change.SETTINGS]
    sync.set_minutes(100_000)
    assert sync.minutes == 1440
