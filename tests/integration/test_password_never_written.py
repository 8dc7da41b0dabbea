"""The mail password never reaches a file or a log line.

Runs every flow that handles it, through the real window against real servers, with no
usable keyring (so the session-only fallback is what holds it) and logging at DEBUG into
a file in the data folder; then reads every byte the app wrote, looking for the password
and for its usual disguises (UTF-16, base64, hex).
"""

from __future__ import annotations

import base64
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog

from netdesk.app import build_services
from netdesk.paths import Paths
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import KeyringCredentialStore, Secret
from netdesk.services.mail.transport import MailTransport
from netdesk.services.meetings.records import MeetingRecord
from netdesk.tasks import QtTaskRunner
from netdesk.views.drafts.dialog import DraftDialog
from netdesk.views.main_window import MEETINGS_PAGE, MainWindow
from tests.mailservers import HOST, PASSWORD, USER

WRONG = "Wr0ng-but-also-secret!"


def disguises(secret: str) -> list[bytes]:
    raw = secret.encode()
    return [
        raw,
        secret.encode("utf-16-le"),
        base64.b64encode(raw),
        base64.b64encode(f"\0{USER}\0{secret}".encode()),  # SASL PLAIN, as sent to servers
        raw.hex().encode(),
    ]


@pytest.mark.slow
def test_no_file_or_log_line_holds_the_password(
    qtbot, qapp, tmp_path, certificates, smtp_server, dovecot_server, monkeypatch, caplog
) -> None:
    data_dir = tmp_path / "data"
    services = build_services(
        Paths(data_dir),
        credentials=KeyringCredentialStore(fail.Keyring()),  # no keyring: session only
        transport=MailTransport(ssl_context=certificates.client_context, timeout=5),
    )
    log_file = data_dir / "netdesk.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    caplog.set_level(logging.DEBUG)
    opened = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True)
    )
    tasks = QtTaskRunner(qapp, cleanup=services.db.close)
    settings = QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)
    try:
        mia = services.contacts.save(
            ContactRecord(display_name="Mia Chen", given_name="Mia", emails=["mia@example.org"])
        )
        meeting = services.meetings.save(
            MeetingRecord(
                title="Coffee with Mia",
                status="held",
                starts_at=datetime(2026, 11, 24, 10, tzinfo=timezone(timedelta(hours=1))),
                people=[mia.id],
            )
        )
        window = MainWindow(services, tasks, settings)
        qtbot.addWidget(window)
        window.show()

        # Settings: type the wrong password, test, save; then the right one, test, save.
        dialog = window.mail.open_settings()
        page = dialog.mail_page
        page.display_name.setText("Ada Example")
        page.address.setText(USER)
        page.smtp_host.setText(HOST)
        page.smtp_port.setValue(smtp_server.port)
        page.imap_host.setText(HOST)
        page.imap_port.setValue(dovecot_server.imaps_port)
        page.username.setText(USER)
        for password in (WRONG, PASSWORD):
            page.password.setText(password)
            qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=10_000)
            assert password not in page.test_result.text()
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert "No system keyring" in page.keyring_label.text()
        dialog.done(0)

        # A refused send (wrong password typed when asked), the retry, a saved draft,
        # and the hand-over to the mail app.
        services.mail.accounts.set_password(services.mail.accounts.get(), Secret(WRONG))
        window.show_page(MEETINGS_PAGE)
        window.meetings_page.open_meeting(meeting.id)
        draft = window.mail.write_thank_you(meeting.id)
        assert isinstance(draft, DraftDialog)
        qtbot.mouseClick(draft.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "rejected" in draft.status.text(), timeout=10_000)
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: (PASSWORD, True)))
        qtbot.mouseClick(draft.drafts_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Saved in your" in draft.status.text(), timeout=10_000)
        draft.attach_ics.setChecked(True)
        draft.open_in_mail_app()
        with qtbot.waitSignal(draft.sent, timeout=10_000):
            qtbot.mouseClick(draft.send_button, Qt.MouseButton.LeftButton)
        assert len(smtp_server.received) == 1

        # Reading the mailbox in the background, with the password kept for the session.
        services.mail.scan.set_enabled(True)
        window.mail_scan.read_now()
        qtbot.waitUntil(lambda: not window.mail_scan.running, timeout=15_000)
        assert window.statusBar().currentMessage().startswith("Mail read")
        window.close()  # writes window geometry to QSettings
        settings.sync()
    finally:
        tasks.wait(10_000)
        services.close()
        root.removeHandler(handler)
        handler.close()
        root.setLevel(old_level)

    written = [p for p in data_dir.rglob("*") if p.is_file()]
    names = {p.name for p in written}
    assert {"netdesk.sqlite3", "settings.ini", "netdesk.log"} <= names, names
    assert any(p.suffix == ".eml" for p in written)
    assert log_file.stat().st_size > 0  # the flows did log something
    for secret in (PASSWORD, WRONG):
        for needle in disguises(secret):
            for path in written:
                assert needle not in path.read_bytes(), f"{secret!r} found in {path}"
            assert needle.decode("latin-1") not in caplog.text
    # Nor in the outgoing mail itself.
    assert PASSWORD.encode() not in smtp_server.received[0].data


def test_disguises_would_be_found(tmp_path: Path) -> None:
    """The scan above is not vacuous: each disguise is a distinct, findable string."""
    found = disguises(PASSWORD)
    assert len(set(found)) == len(found) and all(len(n) >= len(PASSWORD) for n in found)
