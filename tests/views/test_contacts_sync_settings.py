"""Settings → Contacts sync has what Settings → Calendar has, pressed as a user would: a
server with a certificate of its own (a real Radicale) is offered with its fingerprint and
trusted, and Save keeps it so a sync logs in; Remove Account asks first (the real message
box) and forgets the password in the keyring; how often it syncs is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.carddav.account import ContactsAccount
from netdesk.services.carddav.client import CardDavTransport
from netdesk.services.credentials import Secret
from netdesk.services.mail.security import short_fingerprint
from netdesk.views.settings.dialog import SettingsDialog
from tests.calendarservers import (
    CALENDAR_PASSWORD,
    CALENDAR_USER,
    make_addressbook,
    start_radicale,
    stop_radicale,
)
from tests.mailservers import make_self_signed
from tests.views.test_calendar_window import stored_setting
from tests.views.test_contacts_sync_window import file_action, open_contacts_page
from tests.views.windows import build_window


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """A Radicale with a certificate of its own (no authority signed it), one address
    book."""
    certificate = make_self_signed(tmp_path_factory.mktemp("own"))
    server = start_radicale(certificate)
    make_addressbook(server, certificate.cert, "Family")  # its own file as the authority
    yield server, certificate
    stop_radicale(server)


@pytest.fixture
def window(qtbot, qapp, services, certificates):
    """The real window; its CardDAV transport trusts only the tests' CA, which did not
    sign the server's certificate."""
    services.contact_sync.transport = CardDavTransport(
        CalendarTransport(ca_file=str(certificates.ca), timeout=10)
    )
    built, tasks = [], []

    def make():
        window, runner = build_window(qtbot, qapp, services)
        built.append(window)
        tasks.append(runner)
        return window

    yield make
    for window, runner in zip(built, tasks, strict=True):
        for dialog in window.findChildren(SettingsDialog):
            dialog.done(0)
        window.contacts_sync.stop_for_close()
        window.calendar_sync.stop_for_close()
        window.mail_scan.stop_for_close()
        runner.wait(10_000)


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def answer_next_box(qtbot, button: QMessageBox.StandardButton, asked: list[str]) -> None:
    """Press *button* on the message box about to open (the real one, modal)."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)  # not open yet
            return
        asked.append(box.text())
        qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def save_account(services, url: str, password: str | None = CALENDAR_PASSWORD):
    account, _ = services.contact_sync.accounts.save(
        ContactsAccount(server_url=url, username=CALENDAR_USER),
        Secret(password) if password else None,
    )
    return account


def test_a_certificate_of_its_own_is_offered_trusted_and_saved(
    qtbot, window, services, own
) -> None:
    server, certificate = own
    main = window()
    dialog = open_contacts_page(qtbot, main)
    page = dialog.contacts_page
    shown = page.certificate
    assert not shown.isVisible()  # nothing trusted, nothing offered
    qtbot.keyClicks(page.server, server.url)
    qtbot.keyClicks(page.username, CALENDAR_USER)
    qtbot.keyClicks(page.password, CALENDAR_PASSWORD)

    click(qtbot, page.find_button)
    qtbot.waitUntil(shown.panel.isVisible, timeout=10_000)
    assert page.find_note.text() == (
        "Could not list the address books: the server's certificate is not trusted (below)."
    )
    text = shown.panel_text.text()
    assert f"address book server 127.0.0.1:{server.port}" in text
    assert "could not be verified" in text and "calendar" not in text
    assert shown.fingerprint_label.text().replace("\n", ":") == certificate.fingerprint
    assert page.books.count() == 1 and services.contact_sync.accounts.get() is None

    click(qtbot, shown.trust_button)
    qtbot.waitUntil(lambda: page.books.currentText() == "Family", timeout=10_000)
    assert (
        page.find_note.text() == "One address book found: choose the one for your people and save."
    )
    assert not shown.panel.isVisible() and shown.note.isVisible()
    assert shown.note_text.text() == (
        f"Trusting the certificate SHA-256 {short_fingerprint(certificate.fingerprint)}"
    )
    assert services.contact_sync.accounts.get() is None  # kept on the page until Save

    click(qtbot, dialog.save_button)
    saved = services.contact_sync.accounts.get()
    assert saved is not None and saved.cert_sha256 == certificate.fingerprint
    assert saved.addressbook_name == "Family" and not page.is_dirty()
    assert shown.note.isVisible()  # still said after the page reloads the saved account
    dialog.done(0)

    # The pinned certificate lets the sync log in (no authority signed it).
    sync = file_action(main, "syncContactsAction")
    qtbot.waitUntil(sync.isEnabled, timeout=10_000)  # any start-up sync done
    sync.trigger()
    qtbot.waitUntil(lambda: not main.contacts_sync.running, timeout=10_000)
    assert main.statusBar().currentMessage() == "Contacts in step"


def test_remove_account_asks_first_and_forgets_the_password(qtbot, window, services) -> None:
    account = save_account(services, "https://contacts.invalid")
    assert services.mail.credentials.get(account.keyring_service, CALENDAR_USER)
    main = window()
    assert main.contacts_sync.timer.isActive()
    page = open_contacts_page(qtbot, main).contacts_page
    assert page.server.text() == "https://contacts.invalid/"
    asked: list[str] = []

    answer_next_box(qtbot, QMessageBox.StandardButton.Cancel, asked)
    click(qtbot, page.remove_button)
    assert asked and "password in the keyring" in asked[0]
    assert services.contact_sync.accounts.get() == account  # Cancel: nothing gone

    answer_next_box(qtbot, QMessageBox.StandardButton.Yes, asked)
    click(qtbot, page.remove_button)
    assert len(asked) == 2 and services.contact_sync.accounts.get() is None
    assert services.mail.credentials.get(account.keyring_service, CALENDAR_USER) is None
    assert page.server.text() == "" and not page.remove_button.isEnabled()
    assert page.find_note.text() == "The address book account was removed."
    assert not page.is_dirty()
    qtbot.waitUntil(lambda: not main.contacts_sync.timer.isActive(), timeout=2000)


def test_how_often_is_saved(qtbot, window, services) -> None:
    save_account(services, "https://contacts.invalid")
    main = window()
    dialog = open_contacts_page(qtbot, main)
    page = dialog.contacts_page
    assert page.minutes.value() == 30 and not page.is_dirty()
    page.minutes.lineEdit().selectAll()
    qtbot.keyClicks(page.minutes.lineEdit(), "15")
    assert page.is_dirty()

    click(qtbot, dialog.save_button)
    assert stored_setting(services, "contacts.sync.minutes") == "15"
    assert services.contact_sync.sync.minutes == 15
    assert page.minutes.value() == 15 and not page.is_dirty()
    assert stored_setting(services, "calendar.sync.minutes") is None  # its own, not the calendar's
