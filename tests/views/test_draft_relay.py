"""Sending through a relay on this computer (no encryption, often no login): nothing asks
for a password unless the relay wants one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.mail.account import MailAccount
from netdesk.services.meetings.records import MeetingRecord
from netdesk.views.drafts.dialog import DraftDialog
from tests.frozen_time import TEST_NOW
from tests.mailservers import HOST, PASSWORD, USER, start_smtp
from tests.views.windows import build_window

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def relay_window(qtbot, qapp, services):
    """The window with an account on a plain relay; the draft is a thank-you to Mia."""
    settings = QSettings(str(services.paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    win, tasks = build_window(qtbot, qapp, services, settings)
    mia = services.contacts.save(
        ContactRecord(display_name="Mia Chen", given_name="Mia", emails=["mia@example.org"])
    )
    meeting = services.meetings.save(
        MeetingRecord(title="Coffee", status="held", starts_at=TEST_NOW, people=[mia.id])
    )
    yield win, meeting.id
    for dialog in win.findChildren(DraftDialog):
        dialog.done(0)
    tasks.wait(10_000)


def relay_account(services, port: int) -> None:
    services.mail.accounts.save(
        MailAccount(
            display_name="Ada Example",
            address=USER,
            smtp_host=HOST,
            smtp_port=port,
            smtp_security="plain",
            username=USER,
        )
    )


def open_draft(window, meeting_id: int) -> DraftDialog:
    dialog = window.mail.write_thank_you(meeting_id)
    dialog.body.setPlainText("Dear Mia,\n\nThank you!\n\nAda\n")
    return dialog


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("login_required", [False, True], ids=["no-login", "login"])
def test_a_relay_on_this_computer_asks_for_a_password_only_if_it_wants_one(
    qtbot, relay_window, services, certificates, monkeypatch, login_required
) -> None:
    window, meeting_id = relay_window
    record, stop = start_smtp(certificates, security="plain", login_required=login_required)
    try:
        relay_account(services, record.port)
        asked: list[str] = []

        def type_password(parent, title, label, echo=QLineEdit.EchoMode.Normal, *args):
            asked.append(title)
            return PASSWORD, True

        monkeypatch.setattr(QInputDialog, "getText", staticmethod(type_password))
        dialog = open_draft(window, meeting_id)
        if login_required:
            qtbot.mouseClick(dialog.send_button, LEFT)
            qtbot.waitUntil(lambda: "wants a login" in dialog.status.text(), timeout=10_000)
            assert asked == [] and record.received == []
            assert "type the password" in dialog.status.text()
        with qtbot.waitSignal(dialog.sent, timeout=10_000):
            qtbot.mouseClick(dialog.send_button, LEFT)
        assert len(record.received) == 1
        assert asked == (["Mail password"] if login_required else [])
        assert record.logins == ([USER] if login_required else [])
    finally:
        stop()
