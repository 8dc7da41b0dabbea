"""Reading the mailbox from the window, against a real dovecot the test starts (TLS
verified with the test's CA): the switch in Settings with folders chosen from the server,
File → Read Mailbox Now off the GUI thread, stopping it, and no password saved."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.transport import MailTransport
from netdesk.views.settings.dialog import SettingsDialog
from netdesk.views.settings.mail_scan_section import FolderChooser
from netdesk.views.window import mail_scan_flow
from tests.mailboxes import ME, append, message
from tests.mailservers import HOST, PASSWORD, USER, start_dovecot, stop_dovecot
from tests.views.windows import build_window


@pytest.fixture
def dovecot(certificates):
    server = start_dovecot(certificates)
    yield server
    stop_dovecot(server)


def save_account(services, port: int, password: str | None = PASSWORD) -> None:
    services.mail.accounts.save(
        MailAccount(
            display_name="Ada Example",
            address=ME,
            imap_host=HOST,
            imap_port=port,
            imap_security="tls",
            username=USER,
        ),
        Secret(password) if password else None,
    )


@pytest.fixture
def make_window(qtbot, qapp, services, certificates):
    """The real window over services whose transport trusts the test's CA."""
    services.mail.transport = MailTransport(ssl_context=certificates.client_context, timeout=10)
    built = []

    def make():
        window, tasks = build_window(qtbot, qapp, services)
        built.append((window, tasks))
        return window

    yield make
    for window, tasks in built:
        for dialog in window.findChildren(SettingsDialog):
            dialog.done(0)
        window.mail_scan.stop_for_close()
        tasks.wait(10_000)


@pytest.fixture
def dana(services) -> int:
    record = ContactRecord(display_name="Dana Cruz", emails=["dana.cruz@example.org"])
    return services.contacts.save(record).id


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 10, tzinfo=UTC)


def file_action(window, name: str) -> QAction:
    """The File menu's action called *name* (as the user finds it there)."""
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert isinstance(file_menu, QMenu)
    return next(a for a in file_menu.actions() if a.objectName() == name)


def click_box(qtbot, box) -> None:
    """Click a check box on its box (the widget is wider than its box and words)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def stored_setting(services, key: str) -> str | None:
    conn = sqlite3.connect(services.paths.database)  # what was committed
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    finally:
        conn.close()
    return row[0] if row else None


def test_turning_reading_on_in_settings_with_an_archive_chosen_from_the_server(
    qtbot, make_window, services, dovecot, certificates
) -> None:
    save_account(services, dovecot.imaps_port)
    append(dovecot, certificates, "Archive", [message(ME, "x@example.org", at(2), "a@x")])
    window = make_window()
    window.findChild(QAction, "settingsAction").trigger()  # Edit → Settings…
    dialog = window.last_dialog
    assert isinstance(dialog, SettingsDialog)
    section = dialog.mail_page.scan_section
    explanation = section.findChild(type(section.note), "mailScanExplanation").text()
    for said in ("From, To, Cc, Date, Message-ID, In-Reply-To", "References", "nothing leaves"):
        assert said in explanation
    assert "never reads subjects, message bodies or attachments" in explanation
    assert not section.enabled.isChecked() and not section.minutes.isEnabled()
    assert stored_setting(services, "mail.scan") is None  # off by default

    click_box(qtbot, section.enabled)
    assert section.enabled.isChecked() and section.choose.isEnabled()
    section.minutes.lineEdit().selectAll()
    qtbot.keyClicks(section.minutes.lineEdit(), "15")
    qtbot.mouseClick(section.choose, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.findChild(FolderChooser) is not None, timeout=5000)
    chooser = section.findChild(FolderChooser)
    names = [chooser.folders.item(row).text() for row in range(chooser.folders.count())]
    assert "Archive" in names and "INBOX" in names
    chooser.folders.setCurrentRow(names.index("Archive"))
    qtbot.keyClick(chooser.folders, Qt.Key.Key_Space)  # ticks it
    ok = chooser.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert section.archives.toPlainText() == "Archive"

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.mail_page.error.text() == ""
    assert stored_setting(services, "mail.scan") == "1"
    assert stored_setting(services, "mail.scan.minutes") == "15"
    assert stored_setting(services, "mail.scan.archives") == "Archive"
    assert not dialog.mail_page.is_dirty()
    # The window heard: a scan comes shortly.
    qtbot.waitUntil(window.mail_scan.timer.isActive, timeout=2000)
    assert window.mail_scan.timer.interval() == mail_scan_flow.START_DELAY_MS


def test_the_switch_needs_an_imap_server(qtbot, make_window, services) -> None:
    window = make_window()
    dialog = window.mail.open_settings()
    page = dialog.mail_page
    qtbot.keyClicks(page.address, ME)
    click_box(qtbot, page.scan_section.enabled)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "needs the IMAP server" in page.error.text()
    assert stored_setting(services, "mail.scan") is None


def test_read_mailbox_now_puts_the_email_on_the_timeline(
    qtbot, make_window, services, dovecot, certificates, dana, monkeypatch
) -> None:
    save_account(services, dovecot.imaps_port)
    append(dovecot, certificates, "Sent", [message(ME, "dana.cruz@example.org", at(2), "s@a")])
    append(dovecot, certificates, "INBOX", [
        message("Dana <dana.cruz@example.org>", ME, at(5), "r@d"),
        message("stranger@else.example", ME, at(6), "x@s"),
    ])  # fmt: skip
    services.mail.scan.set_enabled(True)
    scan = services.mail.scan
    threads = []
    real_scan = scan.scan

    def scan_recording_its_thread(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_scan(*args, **kwargs)

    monkeypatch.setattr(scan, "scan", scan_recording_its_thread)
    window = make_window()
    flow = window.mail_scan
    assert flow.timer.isActive()  # the start-up scan is waiting its turn
    read, stop = (
        file_action(window, "readMailboxAction"),
        file_action(window, "stopReadingMailboxAction"),
    )
    assert read.text() == "Read &Mailbox Now" and not stop.isEnabled()

    read.trigger()
    assert flow.running and stop.isEnabled() and not read.isEnabled()
    assert not flow.timer.isActive()  # no second scan meanwhile
    qtbot.waitUntil(lambda: not flow.running, timeout=5000)
    assert window.statusBar().currentMessage() == "Mail read: 2 new emails on timelines"
    assert threads and threads[0] is not threading.main_thread()
    timeline = [(i.occurred_at[:10], i.summary) for i in services.interactions.for_contact(dana)]
    day = lambda n: at(n).astimezone().date().isoformat()  # noqa: E731 (the user's day)
    assert timeline == [(day(5), "Email received"), (day(2), "Email sent")]
    assert read.isEnabled() and not stop.isEnabled() and not flow.progress.isVisible()
    assert flow.timer.isActive() and flow.timer.interval() == 30 * 60_000  # the next one

    read.trigger()  # again: nothing new
    qtbot.waitUntil(lambda: not flow.running, timeout=5000)
    assert window.statusBar().currentMessage() == "Mail read: nothing new"
    assert len(services.interactions.for_contact(dana)) == 2


def test_stop_reading_keeps_what_was_read_and_the_next_scan_resumes(
    qtbot, make_window, services, dovecot, certificates, dana
) -> None:
    save_account(services, dovecot.imaps_port)
    append(dovecot, certificates, "Sent", [message(ME, "dana.cruz@example.org", at(2), "s@a")])
    append(dovecot, certificates, "INBOX", [message("dana.cruz@example.org", ME, at(5), "r@d")])
    services.mail.scan.set_enabled(True)
    window = make_window()
    flow = window.mail_scan
    file_action(window, "readMailboxAction").trigger()
    file_action(window, "stopReadingMailboxAction").trigger()  # before its first batch
    qtbot.waitUntil(lambda: not flow.running, timeout=5000)
    assert window.statusBar().currentMessage().startswith("Stopped reading your mailbox")
    assert services.interactions.for_contact(dana) == []

    file_action(window, "readMailboxAction").trigger()
    qtbot.waitUntil(lambda: not flow.running, timeout=5000)
    assert window.statusBar().currentMessage() == "Mail read: 2 new emails on timelines"


def test_no_password_saved_is_said_once_in_the_status_bar(
    qtbot, make_window, services, monkeypatch
) -> None:
    save_account(services, 993, password=None)  # the server is never reached
    services.mail.scan.set_enabled(True)
    monkeypatch.setattr(mail_scan_flow, "START_DELAY_MS", 50)
    window = make_window()  # the start-up scan runs by itself
    flow = window.mail_scan
    status = window.statusBar()
    qtbot.waitUntil(lambda: status.currentMessage() == mail_scan_flow.NO_PASSWORD, timeout=5000)
    assert window.last_dialog is None and QApplication.activeModalWidget() is None
    assert not flow.running and flow.timer.isActive()  # tried again later, quietly

    status.clearMessage()
    flow.timer.start(10)  # the next background scan, sooner
    # It ran and scheduled the next at the usual interval.
    qtbot.waitUntil(lambda: flow.timer.interval() != 10 and not flow.running, timeout=5000)
    assert flow.timer.isActive()
    assert status.currentMessage() == ""  # said once is enough
    file_action(window, "readMailboxAction").trigger()  # asked for: said again
    qtbot.waitUntil(lambda: status.currentMessage() == mail_scan_flow.NO_PASSWORD, timeout=5000)


def test_closing_the_window_stops_a_scan_and_starts_no_other(
    qtbot, make_window, services, dovecot, certificates, dana
) -> None:
    save_account(services, dovecot.imaps_port)
    append(dovecot, certificates, "INBOX", [message("dana.cruz@example.org", ME, at(5), "r@d")])
    services.mail.scan.set_enabled(True)
    window = make_window()
    flow = window.mail_scan
    file_action(window, "readMailboxAction").trigger()
    assert flow.running
    window.close()  # cancels, then waits for the task runner
    qtbot.waitUntil(lambda: not flow.running, timeout=5000)
    assert not flow.timer.isActive()
    assert services.interactions.for_contact(dana) == []  # stopped before its first batch
