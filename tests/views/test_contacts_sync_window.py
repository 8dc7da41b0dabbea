"""The address book from the window, against a real Radicale the test starts (TLS
verified with the test's CA): Settings → Contacts sync filled in, its address books found
off the GUI thread and one chosen, the password in the credential store only; File →
Sync Contacts Now writing a person's card to the address book and saying so."""

from __future__ import annotations

import re
import threading

import caldav
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMenu

from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.carddav.account import ContactsAccount
from netdesk.services.carddav.client import CardDavTransport
from netdesk.services.carddav.sync import ContactSyncResult
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.views.settings.dialog import SettingsDialog
from netdesk.views.window import contacts_sync_flow
from netdesk.views.window.contacts_sync_flow import describe
from tests.calendarservers import (
    CALENDAR_PASSWORD,
    CALENDAR_USER,
    make_addressbook,
    start_radicale,
    stop_radicale,
)
from tests.views.windows import build_window


@pytest.fixture
def radicale(certificates):
    server = start_radicale(certificates)
    yield server
    stop_radicale(server)


@pytest.fixture
def books(radicale, certificates) -> dict[str, str]:
    """Two address books, as the user's phone and webmail made them: name -> URL."""
    return {name: make_addressbook(radicale, certificates.ca, name) for name in ("Family", "Work")}


@pytest.fixture
def make_window(qtbot, qapp, services, certificates):
    """The real window over services whose CardDAV transport trusts the test's CA."""
    services.contact_sync.transport = CardDavTransport(
        CalendarTransport(ca_file=str(certificates.ca), timeout=10)
    )
    built = []

    def make():
        window, tasks = build_window(qtbot, qapp, services)
        built.append((window, tasks))
        return window

    yield make
    for window, tasks in built:
        for dialog in window.findChildren(SettingsDialog):
            dialog.done(0)
        window.contacts_sync.stop_for_close()
        window.calendar_sync.stop_for_close()
        window.mail_scan.stop_for_close()
        tasks.wait(10_000)


def file_action(window, name: str) -> QAction:
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(file_menu, QMenu)
    return next(a for a in file_menu.actions() if a.objectName() == name)


def open_contacts_page(qtbot, window) -> SettingsDialog:
    window.findChild(QAction, "settingsAction").trigger()  # Edit → Settings…
    dialog = window.last_dialog
    assert isinstance(dialog, SettingsDialog)
    assert dialog.titles.index("Contacts sync") == dialog.titles.index("Calendar") + 1
    navigation = dialog.navigation
    rect = navigation.visualRect(navigation.model().index(dialog.titles.index("Contacts sync"), 0))
    qtbot.mouseClick(navigation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.pages.currentWidget() is dialog.contacts_page
    return dialog


def choose(qtbot, combo, text: str) -> None:
    combo.setFocus()
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_filling_the_page_finding_the_address_books_and_saving(
    qtbot, make_window, services, radicale, books, monkeypatch
) -> None:
    transport = services.contact_sync.transport
    threads = []
    real_session = transport.session

    def session_recording_the_thread(*args):
        threads.append(threading.current_thread())
        return real_session(*args)

    monkeypatch.setattr(transport, "session", session_recording_the_thread)
    window = make_window()
    assert not window.contacts_sync.timer.isActive()  # nothing set up: no sync
    dialog = open_contacts_page(qtbot, window)
    page = dialog.contacts_page
    text = page.findChild(QLabel, "contactsSyncExplanation").text()
    for said in ("Both ways", "vCard 3.0", "X-NETDESK", "Photos", "asks you"):
        assert said in text
    assert not page.tag_row.isVisibleTo(page)  # only for "People with a tag"
    qtbot.keyClicks(page.server, radicale.url)
    qtbot.keyClicks(page.username, CALENDAR_USER)
    qtbot.keyClicks(page.password, CALENDAR_PASSWORD)

    qtbot.mouseClick(page.find_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.books.count() == 2, timeout=10_000)
    assert threads and threads[0] is not threading.main_thread()
    names = sorted(page.books.itemText(row) for row in range(page.books.count()))
    assert names == ["Family", "Work"]
    assert (
        page.find_note.text() == "2 address books found: choose the one for your people and save."
    )
    choose(qtbot, page.books, "Work")
    choose(qtbot, page.scope, "People with a tag")
    assert page.tag_row.isVisibleTo(page)

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # the tag is missing
    assert page.tag_error.text() == "Name the tag of the people to sync."
    assert services.contact_sync.accounts.get() is None
    qtbot.keyClicks(page.tag, "mentor")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    account = services.contact_sync.accounts.get()
    assert account is not None and page.error.text() == ""
    assert (account.server_url, account.username) == (radicale.url, CALENDAR_USER)
    assert (account.addressbook_name, account.addressbook_url) == ("Work", books["Work"])
    assert (account.scope, account.scope_tag) == ("tag", "mentor")
    stored = services.mail.credentials.get(account.keyring_service, CALENDAR_USER)
    assert stored == Secret(CALENDAR_PASSWORD)  # the in-memory store the tests use
    assert CALENDAR_PASSWORD.encode() not in services.paths.database.read_bytes()
    assert page.password.text() == "" and "Stored" in page.password.placeholderText()
    assert not page.is_dirty()
    # The window heard: a sync comes shortly.
    qtbot.waitUntil(window.contacts_sync.timer.isActive, timeout=2000)
    assert window.contacts_sync.timer.interval() == contacts_sync_flow.START_DELAY_MS


def text_of(raw: str | bytes) -> str:
    return raw.decode() if isinstance(raw, bytes) else raw


def cards(client: caldav.DAVClient, book: str) -> list[str]:
    """The cards in *book*, read as a phone reads them: plain WebDAV requests."""
    body = (
        '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'
    )
    listing = text_of(client.request(book, "PROPFIND", body, {"Depth": "1"}).raw)
    hrefs = re.findall(r"<(?:\w+:)?href>([^<]+\.vcf)</(?:\w+:)?href>", listing)
    return [text_of(client.request(f"{book}{h.rsplit('/', 1)[-1]}", "GET").raw) for h in hrefs]


def test_sync_contacts_now_writes_the_person_to_the_address_book(
    qtbot, make_window, services, radicale, books, certificates
) -> None:
    services.contact_sync.accounts.save(
        ContactsAccount(
            server_url=radicale.url, username=CALENDAR_USER, addressbook_url=books["Work"]
        ),
        Secret(CALENDAR_PASSWORD),
    )
    services.contacts.save(
        ContactRecord(display_name="Dana Cruz", relation="friend", emails=["dana@x.example"])
    )
    window = make_window()
    flow = window.contacts_sync
    assert flow.timer.isActive()  # the start-up sync is waiting its turn
    sync = file_action(window, "syncContactsAction")
    stop = file_action(window, "stopSyncingContactsAction")
    assert sync.text() == "Sync C&ontacts Now" and not stop.isEnabled()

    sync.trigger()
    assert flow.running and stop.isEnabled() and not sync.isEnabled()
    qtbot.waitUntil(lambda: not flow.running, timeout=10_000)
    assert window.statusBar().currentMessage() == "Contacts: 1 written"
    client = caldav.DAVClient(
        url=radicale.url,
        username=CALENDAR_USER,
        password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificates.ca),
    )
    (card,) = cards(client, books["Work"])
    assert "FN:Dana Cruz" in card and "dana@x.example" in card and "VERSION:3.0" in card
    assert cards(client, books["Family"]) == []  # the address book chosen, not the first
    assert sync.isEnabled() and not stop.isEnabled() and not flow.progress.isVisible()
    assert flow.timer.isActive() and flow.timer.interval() == 30 * 60_000  # the next one

    sync.trigger()  # again: nothing to write
    qtbot.waitUntil(lambda: not flow.running, timeout=10_000)
    assert window.statusBar().currentMessage() == "Contacts in step"


def test_no_password_saved_is_one_status_bar_line(
    qtbot, make_window, services, monkeypatch
) -> None:
    services.contact_sync.accounts.save(
        ContactsAccount(server_url="https://contacts.invalid", username=CALENDAR_USER)
    )
    monkeypatch.setattr(contacts_sync_flow, "START_DELAY_MS", 50)
    window = make_window()  # the start-up sync runs by itself
    status = window.statusBar()
    qtbot.waitUntil(lambda: status.currentMessage() == contacts_sync_flow.NO_PASSWORD, timeout=5000)
    assert window.last_dialog is None and QApplication.activeModalWidget() is None
    assert not window.contacts_sync.running and window.contacts_sync.timer.isActive()


def test_without_an_account_sync_now_says_where_to_set_it_up(qtbot, make_window) -> None:
    window = make_window()
    file_action(window, "syncContactsAction").trigger()
    assert window.statusBar().currentMessage() == contacts_sync_flow.NOT_SET_UP
    assert not window.contacts_sync.running


def test_the_status_bar_says_what_the_sync_did() -> None:
    assert describe(ContactSyncResult()) == "Contacts in step"
    assert (
        describe(ContactSyncResult(pushed=3, pulled=2, conflicts=1))
        == "Contacts: 3 written, 2 read, 1 conflict"
    )
    assert (
        describe(ContactSyncResult(pulled=1, merged=2, conflicts=2, deleted=1))
        == "Contacts: 1 read, 2 people updated, 2 conflicts, 1 deleted on the server"
    )
