"""Settings and drafts in the real window, against real servers on loopback.

SMTP is aiosmtpd with STARTTLS and AUTH, IMAP is dovecot; both use a certificate the
test's own CA signed, and the app's transport trusts that CA (verification stays on).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.transport import MailTransport
from netdesk.services.meetings.records import MeetingRecord
from netdesk.views.drafts.dialog import DraftDialog
from netdesk.views.main_window import MEETINGS_PAGE
from netdesk.views.models.template_models import TemplateListModel
from netdesk.views.settings.dialog import SettingsDialog
from tests.frozen_time import TODAY
from tests.mailservers import (
    HOST,
    PASSWORD,
    USER,
    fetch_drafts,
    free_port,
    make_self_signed,
    start_smtp,
)
from tests.views.boxes import press_in_next_box
from tests.views.windows import build_window

WHEN = datetime(2026, 11, 24, 10, 0, tzinfo=timezone(timedelta(hours=1)))


@pytest.fixture
def mail_window(qtbot, services, qapp, certificates):
    """The real window with mail, a real background runner and a transport that trusts
    the test CA."""
    services.mail.transport = MailTransport(ssl_context=certificates.client_context, timeout=5)
    settings = QSettings(str(services.paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    win, tasks = build_window(qtbot, qapp, services, settings)
    yield win
    for dialog in win.findChildren(DraftDialog) + win.findChildren(SettingsDialog):
        dialog.done(0)  # not close(): an unsaved form would ask first
    tasks.wait(10_000)


@pytest.fixture
def coffee(services):
    """Mia (with an email), a held coffee with her, and Omar whom she suggested."""
    mia = services.contacts.save(
        ContactRecord(
            display_name="Mia Chen",
            given_name="Mia",
            organisation="Northwind Analytics",
            emails=["mia@example.org"],
        )
    )
    omar = services.contacts.save(
        ContactRecord(display_name="Omar Haddad", emails=["omar@example.org"])
    )
    meeting = services.meetings.save(
        MeetingRecord(
            title="Coffee with Mia",
            status="held",
            starts_at=WHEN,
            people=[mia.id],
            notes="# Hiring juniors\n# The data team",
            takeaways="Learn dbt before applying",
        )
    )
    services.meetings.record_referral(
        mia.id, meeting_id=meeting.id, to_contact_id=omar.id, permission="yes"
    )
    return mia, omar, meeting


def save_account(services, smtp=None, dovecot=None, password: str = PASSWORD) -> MailAccount:
    account, _ = services.mail.accounts.save(
        MailAccount(
            display_name="Ada Example",
            address=USER,
            smtp_host=HOST if smtp else "",
            smtp_port=smtp.port if smtp else 587,
            smtp_security="starttls",
            imap_host=HOST if dovecot else "",
            imap_port=dovecot.imaps_port if dovecot else 993,
            imap_security="tls",
            username=USER,
        ),
        Secret(password),
    )
    return account


def committed(services, sql: str, *params):
    conn = sqlite3.connect(services.paths.database)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def open_thank_you(qtbot, window, meeting_id: int) -> DraftDialog:
    window.show_page(MEETINGS_PAGE)
    window.meetings_page.open_meeting(meeting_id)
    button = window.meetings_page.editor.thank_you_button
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.last_dialog
    assert isinstance(dialog, DraftDialog) and dialog.isVisible()
    return dialog


# --- settings ----------------------------------------------------------------


def test_settings_account_test_connection_and_save(
    qtbot, mail_window, services, smtp_server, dovecot_server
) -> None:
    qtbot.keyClick(mail_window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = mail_window.last_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    page = dialog.mail_page
    assert "in memory only" in page.keyring_label.text()  # the tests' in-memory store
    assert "app password" in page.findChild(type(page.keyring_label), "appPasswordHelp").text()
    qtbot.keyClicks(page.display_name, "Ada Example")
    qtbot.keyClicks(page.address, USER)
    qtbot.keyClicks(page.smtp_host, HOST)
    page.smtp_port.setValue(smtp_server.port)
    qtbot.keyClicks(page.imap_host, HOST)
    page.imap_port.setValue(dovecot_server.imaps_port)
    qtbot.keyClicks(page.username, USER)
    qtbot.keyClicks(page.password, "wrong-password-123")

    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=10_000)
    failed = page.test_result.text()
    assert failed.count("✗") == 2, failed
    assert "SMTP server 127.0.0.1" in failed and "IMAP server 127.0.0.1" in failed
    assert "rejected the username or password" in failed
    assert "wrong-password-123" not in failed

    page.password.clear()
    qtbot.keyClicks(page.password, PASSWORD)
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=10_000)
    assert page.test_result.text().count("✓") == 2, page.test_result.text()
    assert "drafts go to “Drafts”" in page.test_result.text()

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    account = services.mail.accounts.get()
    assert account.smtp_port == smtp_server.port and account.display_name == "Ada Example"
    assert services.mail.accounts.password(account) == Secret(PASSWORD)
    assert page.password.text() == "" and "Stored" in page.password.placeholderText()
    assert PASSWORD.encode() not in services.paths.database.read_bytes()
    assert not page.is_dirty()


def test_switching_security_moves_the_standard_port(qtbot, mail_window) -> None:
    page = mail_window.mail.open_settings().mail_page
    assert page.smtp_port.value() == 587
    page.smtp_security.setCurrentIndex(page.smtp_security.findData("tls"))
    assert page.smtp_port.value() == 465
    page.smtp_port.setValue(2525)  # a custom port stays put
    page.smtp_security.setCurrentIndex(page.smtp_security.findData("starttls"))
    assert page.smtp_port.value() == 2525


def test_bad_address_is_not_saved(qtbot, mail_window, services) -> None:
    dialog = mail_window.mail.open_settings()
    qtbot.keyClicks(dialog.mail_page.address, "ada at example")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "not a valid email address" in dialog.mail_page.error.text()
    assert services.mail.accounts.get() is None


def test_template_editor_live_preview_errors_and_reset(qtbot, mail_window, services) -> None:
    dialog = mail_window.mail.open_settings(page=1)
    page = dialog.templates_page
    assert page.list.currentIndex().row() == 0 and page.name.text() == "Thank-you (warm)"
    assert page.preview.toPlainText().startswith("Subject: Thank you, Mia\n\nDear Mia,")
    page.body.setPlainText("Hi {{ frist_name }},")
    qtbot.waitUntil(lambda: "frist_name" in page.preview_error.text(), timeout=3000)
    assert page.preview_error.text().startswith("Body, line 1: there is no variable")
    # Saving a broken template is refused, and switching away keeps the user on it.
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    page.list.setCurrentIndex(page.model.index(1, 0))
    assert page.name.text() == "Thank-you (warm)"
    page.body.setPlainText("Hi {{ first_name }}, thanks for {{ meeting_date }}!")
    qtbot.waitUntil(lambda: "Hi Mia, thanks for 20 October!" in page.preview.toPlainText())
    assert page.preview_error.text() == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    warm = services.mail.templates.first_for("thank_you")
    assert warm.body == "Hi {{ first_name }}, thanks for {{ meeting_date }}!"
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    assert page.body.toPlainText().startswith("Dear {{ first_name }},")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert services.mail.templates.first_for("thank_you").body.startswith("Dear {{ first_name }}")


def test_template_model(qtmodeltester, services) -> None:
    model = TemplateListModel()
    model.set_templates(services.mail.templates.list())
    qtmodeltester.check(model)
    assert model.rowCount() == 10 and model.template(10) is None  # 10 built-in templates


# --- drafts --------------------------------------------------------------------


def test_thank_you_in_one_click_then_send(
    qtbot, mail_window, services, coffee, smtp_server, tmp_path
) -> None:
    mia, _, meeting = coffee
    save_account(services, smtp_server)
    resume = tmp_path / "Ada Example CV.pdf"
    resume.write_bytes(b"%PDF-1.4 one page")
    services.mail.accounts.set_resume(resume, attach_by_default=False)
    dialog = open_thank_you(qtbot, mail_window, meeting.id)
    assert dialog.windowTitle() == "Email to Mia Chen"
    assert dialog.template.currentText() == "Thank-you (warm)"
    assert dialog.to_address.currentText() == "mia@example.org"
    assert dialog.subject.text() == "Thank you, Mia"
    body = dialog.body.toPlainText()
    assert body.startswith(
        "Dear Mia,\n\nThank you so much for taking the time to talk with me on 24"
    )
    assert "Hiring juniors and The data team" in body and "talk to Omar Haddad" in body
    assert dialog.send_button.isVisible() and not dialog.drafts_button.isVisible()
    assert not dialog.attach_resume.isChecked(), "the résumé is off by default"

    dialog.body.moveCursor(dialog.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(dialog.body, "P.S. Loved the ")  # QTest types ASCII only
    dialog.body.insertPlainText("café.")
    dialog.attach_resume.setChecked(True)
    dialog.attach_ics.setChecked(True)
    with qtbot.waitSignal(dialog.sent, timeout=10_000) as sent:
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)

    (received,) = smtp_server.received
    message = received.message
    assert message["To"] == "Mia Chen <mia@example.org>"
    assert message["From"] == "Ada Example <ada@example.org>"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.endswith("P.S. Loved the café.\n")
    assert sorted(a.get_filename() for a in message.iter_attachments()) == [
        "Ada Example CV.pdf",
        "Coffee with Mia.ics",
    ]
    outcome = sent.args[0]
    assert [t.kind for t in outcome.completed] == ["thank_you"]
    assert committed(
        services, "SELECT kind, due_on FROM todo WHERE contact_id = ? AND done_at IS NULL", mia.id
    ) == [("share_value", (TODAY + timedelta(days=14)).isoformat())]
    assert committed(
        services, "SELECT kind, meeting_id, summary FROM interaction WHERE contact_id = ?", mia.id
    ) == [("email", meeting.id, "Email: Thank you, Mia")]
    assert "share something of value" in mail_window.statusBar().currentMessage()
    assert not dialog.isVisible()


def test_refused_login_keeps_the_draft_and_retry_works(
    qtbot, mail_window, services, coffee, smtp_server, monkeypatch
) -> None:
    _, _, meeting = coffee
    save_account(services, smtp_server, password="an-old-password")
    dialog = open_thank_you(qtbot, mail_window, meeting.id)
    dialog.subject.setText("Thanks again, Mia")
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "rejected" in dialog.status.text(), timeout=10_000)
    assert "app password" in dialog.status.text() and "draft is kept" in dialog.status.text()
    assert "an-old-password" not in dialog.status.text()
    assert dialog.isVisible() and dialog.subject.text() == "Thanks again, Mia"
    assert smtp_server.received == [] and dialog.send_button.isEnabled()

    asked = []
    monkeypatch.setattr(
        QInputDialog,
        "getText",
        staticmethod(lambda *args, **kwargs: asked.append(args[2]) or (PASSWORD, True)),
    )
    with qtbot.waitSignal(dialog.sent, timeout=10_000):
        qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    (prompt,) = asked  # says where the password will be kept before it is typed
    assert prompt.endswith(f"\n\nPassword (or app password) for {USER}:")
    assert "in memory only until you quit NetDesk" in prompt  # the tests' in-memory store
    assert [r.message["Subject"] for r in smtp_server.received] == ["Thanks again, Mia"]
    assert services.mail.accounts.password(services.mail.accounts.get()) == Secret(PASSWORD)


def test_unreachable_server_then_retry(qtbot, mail_window, services, coffee, certificates):
    _, _, meeting = coffee
    port = free_port()
    account = save_account(services)
    services.mail.accounts.save(
        MailAccount(**{**account.__dict__, "smtp_host": HOST, "smtp_port": port})
    )
    dialog = open_thank_you(qtbot, mail_window, meeting.id)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "connection refused" in dialog.status.text(), timeout=10_000)
    assert dialog.isVisible() and dialog.body.toPlainText().startswith("Dear Mia")
    # The server comes back on its port: the same draft goes out.
    server, stop = start_smtp(certificates, port=port)
    try:
        with qtbot.waitSignal(dialog.sent, timeout=10_000):
            qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        assert len(server.received) == 1
    finally:
        stop()


def test_save_to_drafts_then_i_sent_it(
    qtbot, mail_window, services, coffee, smtp_server, dovecot_server, certificates
) -> None:
    mia, _, meeting = coffee
    save_account(services, smtp_server, dovecot_server)
    before = len(fetch_drafts(dovecot_server, certificates))
    dialog = open_thank_you(qtbot, mail_window, meeting.id)
    assert dialog.drafts_button.isVisible()
    qtbot.mouseClick(dialog.drafts_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved in your “Drafts” folder" in dialog.status.text(), timeout=10_000)
    drafts = fetch_drafts(dovecot_server, certificates)
    assert len(drafts) == before + 1 and b"\\Draft" in drafts[-1][0]
    saved = message_from_bytes(drafts[-1][1], policy=policy.default)
    assert saved["Subject"] == "Thank you, Mia" and saved["To"] == "Mia Chen <mia@example.org>"
    assert smtp_server.received == [] and dialog.sent_myself.isVisible()
    assert committed(services, "SELECT count(*) FROM interaction") == [(0,)]
    with qtbot.waitSignal(dialog.sent, timeout=5000):
        qtbot.mouseClick(dialog.sent_myself, Qt.MouseButton.LeftButton)
    assert committed(services, "SELECT kind FROM interaction WHERE contact_id = ?", mia.id) == [
        ("email",)
    ]


def test_without_an_account_only_the_mail_app_is_offered(
    qtbot, mail_window, services, coffee, monkeypatch, tmp_path
) -> None:
    _, _, meeting = coffee
    opened = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True)
    )
    dialog = open_thank_you(qtbot, mail_window, meeting.id)
    assert not dialog.send_button.isVisible() and not dialog.drafts_button.isVisible()
    assert dialog.open_button.isVisible() and dialog.no_account.isVisible()
    assert dialog.body.toPlainText().endswith("Warm regards,\n[your name]\n")
    dialog.body.setPlainText("Dear Mia,\n\nThank you!\n")
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    (url,) = opened
    assert url.scheme() == "mailto" and url.toString().startswith("mailto:mia@example.org?")
    assert "Handed to your mail app" in dialog.status.text() and dialog.sent_myself.isVisible()

    # With an attachment a mailto: link cannot carry it: an .eml draft instead.
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(b"%PDF-1.4")
    services.mail.accounts.set_resume(resume)
    dialog.close()
    dialog = open_thank_you(qtbot, mail_window, meeting.id)
    dialog.attach_resume.setChecked(True)
    opened.clear()
    asked: list[str] = []
    press_in_next_box("goAheadButton", asked)  # the template's own "[your name]" is left
    path = dialog.open_in_mail_app()
    assert asked == ["1 note to yourself is still in the email: “[your name]”.\nOpen it anyway?"]
    assert path.parent == services.paths.data_dir / "drafts" and path.suffix == ".eml"
    assert opened[0].toLocalFile() == str(path)
    eml = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert eml["X-Unsent"] == "1" and eml["To"] == "Mia Chen <mia@example.org>"
    assert [a.get_filename() for a in eml.iter_attachments()] == ["cv.pdf"]


def test_one_click_on_a_referred_person_writes_the_outreach(
    qtbot, mail_window, services, coffee
) -> None:
    _, omar, _ = coffee
    mail_window.show_page(0)
    mail_window.contacts_page.reload(select=omar.id)  # people were added after the window
    editor = mail_window.contacts_page.editor
    qtbot.waitUntil(lambda: editor.contact_id == omar.id)
    assert editor.write_email.isVisible() and editor.write_email.isEnabled()
    qtbot.mouseClick(editor.write_email, Qt.MouseButton.LeftButton)
    dialog = mail_window.last_dialog
    assert isinstance(dialog, DraftDialog)
    assert dialog.template.currentText() == "Outreach request (20–30 min)"
    assert dialog.subject.text() == "Mia Chen suggested I contact you"
    assert "20–30 minutes" in dialog.body.toPlainText()
    # Changing the tone re-renders; edits are protected by a question first.
    dialog.template.setCurrentIndex(dialog.template.findText("Keeping in touch"))
    assert dialog.subject.text() == "Catching up"


class HeldTaskRunner:
    """Runs nothing until told: the dialog stays in its "sending…" state meanwhile."""

    def __init__(self) -> None:
        self.pending: list = []

    def run(self, work, on_done, on_error, on_progress=None) -> None:
        self.pending.append((work, on_done, on_error))

    def wait(self, timeout_ms: int = -1) -> bool:
        return True

    def finish(self) -> None:
        work, on_done, on_error = self.pending.pop(0)
        try:
            result = work(lambda percent, message: None)
        except Exception as error:
            on_error(error)
        else:
            on_done(result)


def draft_dialog(qtbot, services, meeting, tasks) -> DraftDialog:
    people = services.mail.drafts.recipients(meeting.id)
    dialog = DraftDialog(
        services.mail.drafts,
        services.mail.accounts,
        services.mail.transport,
        tasks,
        services.paths.data_dir / "drafts",
        people,
        people[0][0],
        meeting.id,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as the window opens it
    # done(0), not close(): an edited draft would ask first, and nobody would answer.
    qtbot.addWidget(dialog, before_close_func=lambda d: d.done(0))
    dialog.show()
    return dialog


def test_closing_while_sending_waits_so_the_email_is_logged(
    qtbot, services, coffee, smtp_server, certificates
) -> None:
    # Before: Esc closed (and deleted) the dialog mid-send; the email went out but never
    # reached the timeline, and the thank-you to-do stayed open.
    mia, _, meeting = coffee
    services.mail.transport = MailTransport(ssl_context=certificates.client_context, timeout=5)
    save_account(services, smtp_server)
    tasks = HeldTaskRunner()
    dialog = draft_dialog(qtbot, services, meeting, tasks)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    assert "Sending to mia@example.org" in dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible() and "wait for the server" in dialog.status.text()
    with qtbot.waitSignal(dialog.sent, timeout=5000):
        tasks.finish()
    assert len(smtp_server.received) == 1
    assert committed(services, "SELECT kind FROM interaction WHERE contact_id = ?", mia.id) == [
        ("email",)
    ]


def test_an_edited_draft_is_not_lost_to_a_stray_escape(
    qtbot, services, coffee, monkeypatch
) -> None:
    _, _, meeting = coffee
    dialog = draft_dialog(qtbot, services, meeting, HeldTaskRunner())
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # untouched: closes without a question
    assert not dialog.isVisible()

    dialog = draft_dialog(qtbot, services, meeting, HeldTaskRunner())
    dialog.body.setPlainText("Dear Mia,\n\nTen minutes of careful writing.\n")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a: asked.append(a[1]) or answers.pop(0))
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "careful writing" in dialog.body.toPlainText()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and asked == ["Discard this email?"] * 2


def test_sent_but_not_logged_offers_no_second_send(
    qtbot, services, coffee, smtp_server, certificates, monkeypatch, tmp_path
) -> None:
    mia, _, meeting = coffee
    services.mail.transport = MailTransport(ssl_context=certificates.client_context, timeout=5)
    save_account(services, smtp_server)
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(b"%PDF-1.4")
    services.mail.accounts.set_resume(resume, attach_by_default=True)
    drafts = services.mail.drafts
    real_record = drafts.record_sent
    failures = [RuntimeError("database is locked")]

    def record_sent(draft, when=None):
        if failures:
            raise failures.pop()
        return real_record(draft, when)

    monkeypatch.setattr(drafts, "record_sent", record_sent)
    tasks = HeldTaskRunner()
    dialog = draft_dialog(qtbot, services, meeting, tasks)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    tasks.finish()
    assert len(smtp_server.received) == 1
    assert "was sent, but it could not be logged" in dialog.status.text()
    assert not dialog.send_button.isVisible() and dialog.sent_myself.isVisible()
    dialog.body.insertPlainText("x")  # editing does not bring Send back
    assert not dialog.send_button.isVisible()
    resume.unlink()  # "I sent it" logs the email; it does not read the attachments again
    with qtbot.waitSignal(dialog.sent, timeout=5000):
        qtbot.mouseClick(dialog.sent_myself, Qt.MouseButton.LeftButton)
    assert len(smtp_server.received) == 1
    assert committed(services, "SELECT kind FROM interaction WHERE contact_id = ?", mia.id) == [
        ("email",)
    ]


def test_the_actions_and_fields_have_distinct_keyboard_mnemonics(qtbot, services, coffee) -> None:
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QLabel

    _, _, meeting = coffee
    dialog = draft_dialog(qtbot, services, meeting, HeldTaskRunner())
    texts = [
        button.text()
        for button in (
            dialog.send_button,
            dialog.drafts_button,
            dialog.open_button,
            dialog.sent_myself,
            dialog.close_button,
        )
    ]
    texts += [label.text() for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    keys = [QKeySequence.mnemonic(text).toString() for text in texts]
    assert len(texts) >= 8 and all(keys), dict(zip(texts, keys, strict=True))
    assert len(set(keys)) == len(keys), dict(zip(texts, keys, strict=True))


def test_a_broken_template_does_not_trap_the_settings_dialog(
    qtbot, mail_window, services, monkeypatch
) -> None:
    # Before: closing tried to save the template, failed, and stayed open with no way out
    # but to fix it.
    dialog = mail_window.mail.open_settings(page=1)
    page = dialog.templates_page
    before = services.mail.templates.first_for("thank_you")
    page.body.setPlainText("Hi {{ first_name ")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a: asked.append(a[1]) or answers.pop(0))
    )
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and page.body.toPlainText() == "Hi {{ first_name "
    assert page.preview_error.text()  # the reason is on show
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and asked == ["Template not saved"] * 2
    assert services.mail.templates.first_for("thank_you") == before


def test_template_variables_insert_from_the_keyboard(qtbot, mail_window) -> None:
    page = mail_window.mail.open_settings(page=1).templates_page
    page.body.setPlainText("")
    page.variables.setFocus()
    page.variables.setCurrentIndex(page.variables.model().index(0, 0))
    qtbot.keyClick(page.variables, Qt.Key.Key_Return)
    assert page.body.toPlainText() == "{{ first_name }}"


def test_closing_settings_during_a_connection_test(qtbot, services, smtp_server, certificates):
    # Before: the answer arrived at a deleted page and raised "C++ object already deleted".
    services.mail.transport = MailTransport(ssl_context=certificates.client_context, timeout=5)
    save_account(services, smtp_server)
    tasks = HeldTaskRunner()
    dialog = SettingsDialog(
        services.mail.accounts, services.mail.templates, services.mail.transport, tasks
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # as the window opens it
    dialog.show()
    qtbot.mouseClick(dialog.mail_page.test_button, Qt.MouseButton.LeftButton)
    assert dialog.mail_page.test_result.text() == "Connecting…"
    with qtbot.waitSignal(dialog.destroyed, timeout=5000):
        dialog.done(0)
    tasks.finish()  # raises if the page is touched


# --- a bridge's own certificate, trusted from Settings ---------------------------------


@pytest.fixture
def bridge(tmp_path):
    """A local bridge (as Proton Mail Bridge): STARTTLS with a self-signed certificate."""
    certificate = make_self_signed(tmp_path / "bridge")
    server, stop = start_smtp(certificate, "starttls")
    yield server, certificate
    stop()


def test_trusting_a_bridges_certificate_from_settings(qtbot, mail_window, services, bridge) -> None:
    server, certificate = bridge
    dialog = mail_window.mail.open_settings()
    page = dialog.mail_page
    qtbot.keyClicks(page.address, USER)
    qtbot.keyClicks(page.smtp_host, HOST)
    page.smtp_port.setValue(server.port)
    qtbot.keyClicks(page.username, USER)
    qtbot.keyClicks(page.password, PASSWORD)
    assert not page.trust_box.isVisible()

    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.trust_box.isVisible(), timeout=10_000)
    assert "could not be verified (self-signed certificate)" in page.test_result.text()
    assert page.trust_fingerprint.text() == certificate.fingerprint  # "AB:CD:…", in full
    explained = page.trust_text.text()
    assert f"SMTP server {HOST}:{server.port}" in explained
    assert "Proton Mail Bridge" in explained and "refuses any other" in explained
    assert page.trust_button.text() == "Trust this certificate" and page.trust_button.isVisible()
    assert server.auth_attempts == [] and services.mail.accounts.get() is None

    qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: page.test_button.isEnabled() and "✓" in page.test_result.text(), timeout=10_000
    )
    assert "with the certificate you trusted" in page.test_result.text()
    assert not page.trust_box.isVisible() and server.logins == [USER]
    assert page.smtp_security.currentData() == "starttls_pinned"
    assert page.smtp_note.text().startswith("Trusted certificate (SHA-256): ")
    assert not page.is_dirty()
    # In the database, and nowhere else: not a setting, not a secret.
    assert committed(services, "SELECT smtp_security, smtp_cert_sha256 FROM mail_account") == [
        ("starttls_pinned", certificate.fingerprint)
    ]
    settings = QSettings(str(services.paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    settings.sync()
    stored = " ".join(f"{key}={settings.value(key)}" for key in settings.allKeys())
    for needle in (certificate.fingerprint, certificate.fingerprint.replace(":", "")):
        assert needle not in stored and needle.lower() not in stored.lower()
    ini = services.paths.data_dir / "settings.ini"
    assert not ini.exists() or certificate.fingerprint.encode() not in ini.read_bytes()
    keyring = services.mail.accounts._credentials._secrets  # the tests' in-memory store
    assert [secret.reveal() for secret in keyring.values()] == [PASSWORD]
    assert all(certificate.fingerprint not in " ".join(key) for key in keyring)


def test_a_changed_certificate_is_shown_as_changed(
    qtbot, mail_window, services, bridge, tmp_path
) -> None:
    server, certificate = bridge
    before = make_self_signed(tmp_path / "before")
    account = save_account(services, server)
    services.mail.accounts.save(
        MailAccount(
            **{
                **account.__dict__,
                "smtp_security": "starttls_pinned",
                "smtp_cert_sha256": before.fingerprint,
            }
        )
    )
    page = mail_window.mail.open_settings().mail_page
    assert page.smtp_security.currentData() == "starttls_pinned"
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.trust_box.isVisible(), timeout=10_000)
    assert f"The certificate of {HOST}:{server.port} changed since you trusted it" in (
        page.test_result.text()
    )
    assert "changed since you trusted it" in page.trust_text.text()
    assert "intercepting" in page.trust_text.text()
    assert page.trust_fingerprint.text() == certificate.fingerprint
    assert page.trust_button.text() == "Trust the new certificate"
    assert server.auth_attempts == []
    qtbot.mouseClick(page.distrust_button, Qt.MouseButton.LeftButton)
    assert not page.trust_box.isVisible()
    assert services.mail.accounts.get().smtp_cert_sha256 == before.fingerprint  # unchanged
