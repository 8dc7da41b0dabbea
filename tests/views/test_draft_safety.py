"""Drafts that are safe to send: notes to self are highlighted and asked about before an
email leaves, and a second thank-you for the same meeting says what went before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.transport import MailTransport
from netdesk.services.meetings.records import MeetingRecord
from netdesk.views.drafts.dialog import DraftDialog
from netdesk.views.main_window import MEETINGS_PAGE
from tests.frozen_time import TEST_NOW
from tests.mailservers import HOST, PASSWORD, USER
from tests.views.boxes import press_in_next_box
from tests.views.windows import build_window

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, services, qapp, certificates, smtp_server):
    services.mail.transport = MailTransport(ssl_context=certificates.client_context, timeout=5)
    account, _ = services.mail.accounts.save(
        MailAccount(
            display_name="Ada Example",
            address=USER,
            smtp_host=HOST,
            smtp_port=smtp_server.port,
            smtp_security="starttls",
            username=USER,
        )
    )
    services.mail.accounts.set_password(account, Secret(PASSWORD))
    settings = QSettings(str(services.paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    win, tasks = build_window(qtbot, qapp, services, settings)
    yield win
    for dialog in win.findChildren(DraftDialog):
        dialog.done(0)
    tasks.wait(10_000)


@pytest.fixture
def meeting(services):
    mia = services.contacts.save(
        ContactRecord(display_name="Mia Chen", given_name="Mia", emails=["mia@example.org"])
    )
    return services.meetings.save(
        MeetingRecord(
            title="Coffee with Mia",
            status="held",
            starts_at=TEST_NOW,
            people=[mia.id],
            promised="the article on data contracts",
        )
    )


def open_thank_you(qtbot, window, meeting_id: int) -> DraftDialog:
    window.show_page(MEETINGS_PAGE)
    window.meetings_page.open_meeting(meeting_id)
    qtbot.mouseClick(window.meetings_page.editor.thank_you_button, LEFT)
    dialog = window.last_dialog
    assert isinstance(dialog, DraftDialog) and dialog.isVisible()
    return dialog


def highlighted(dialog: DraftDialog) -> list[str]:
    """The body's text under the note-to-self highlight, as painted."""
    found = []
    block = dialog.body.document().begin()
    while block.isValid():
        for span in block.layout().formats():
            if span.format == dialog.highlighter.marked:
                found.append(block.text()[span.start : span.start + span.length])
        block = block.next()
    return found


def test_a_note_to_self_is_highlighted_and_stops_the_send(
    qtbot, window, services, meeting, smtp_server
) -> None:
    dialog = open_thank_you(qtbot, window, meeting.id)
    note = (
        "[You promised: the article on data contracts. "
        "Include it here, or say when it will follow.]"
    )
    assert highlighted(dialog) == [note]
    assert dialog.notes_hint.isVisible()
    assert "1 note to yourself to fill in" in dialog.notes_hint.text()

    asked: list[str] = []
    press_in_next_box("goBackButton", asked)
    qtbot.mouseClick(dialog.send_button, LEFT)
    assert asked == [f"1 note to yourself is still in the email: “{note}”.\nSend it anyway?"]
    assert smtp_server.received == []  # nothing left the machine
    assert dialog.body.textCursor().selectedText() == note  # ready to be typed over

    dialog.body.insertPlainText("Here is the article I mentioned: https://example.org/dc")
    assert highlighted(dialog) == [] and not dialog.notes_hint.isVisible()
    with qtbot.waitSignal(dialog.sent, timeout=10_000):
        qtbot.mouseClick(dialog.send_button, LEFT)  # nothing to ask: it goes
    (received,) = smtp_server.received
    assert "[" not in received.message.get_content()


def test_a_second_thank_you_for_the_same_meeting_asks_first(
    qtbot, window, services, meeting, smtp_server
) -> None:
    dialog = open_thank_you(qtbot, window, meeting.id)
    dialog.body.setPlainText("Dear Mia,\n\nThank you!\n\nAda\n")
    with qtbot.waitSignal(dialog.sent, timeout=10_000):
        qtbot.mouseClick(dialog.send_button, LEFT)
    dialog.done(0)

    again = open_thank_you(qtbot, window, meeting.id)
    again.body.setPlainText("Dear Mia,\n\nThanks again!\n\nAda\n")
    asked: list[str] = []
    press_in_next_box("goAheadButton", asked)
    with qtbot.waitSignal(again.sent, timeout=10_000):
        qtbot.mouseClick(again.send_button, LEFT)
    stamp = services.clock.now()
    assert asked == [
        f"You already emailed them on {stamp.day} {stamp:%B} at {stamp:%H:%M}: "
        "“Thank you, Mia”.\nSend it anyway?"
    ]
    assert len(smtp_server.received) == 2


def test_ask_for_an_introduction_opens_a_ready_draft_to_the_introducer(
    qtbot, window, services, meeting
) -> None:
    (mia_id,) = services.meetings.get(meeting.id).people
    priya = services.contacts.save(
        ContactRecord(display_name="Priya Shah", given_name="Priya", organisation="Kestrel")
    )
    dialog = window.mail.ask_for_introduction(mia_id, priya.id)
    assert dialog.windowTitle() == "Email to Mia Chen"
    assert dialog.template.currentText() == "Asking for an introduction"
    assert dialog.subject.text() == "Could you introduce me to Priya?"
    assert "learn from Priya Shah at Kestrel." in dialog.body.toPlainText()
    # Another template and back: the person to meet is still named.
    dialog.template.setCurrentIndex(dialog.template.findText("Keeping in touch"))
    dialog.template.setCurrentIndex(dialog.template.findText("Asking for an introduction"))
    assert dialog.subject.text() == "Could you introduce me to Priya?"


def test_an_open_draft_follows_a_change_of_my_name(qtbot, window, services, meeting) -> None:
    dialog = open_thank_you(qtbot, window, meeting.id)
    assert dialog.body.toPlainText().endswith("Warm regards,\nAda Example\n")
    settings = window.mail.open_settings("Mail account")
    settings.mail_page.display_name.setText("Ada King")
    qtbot.mouseClick(settings.save_button, LEFT)
    assert dialog.body.toPlainText().endswith("Warm regards,\nAda King\n")
    dialog.body.appendPlainText("P.S. My own words.")
    settings.mail_page.display_name.setText("Ada Lovelace")
    qtbot.mouseClick(settings.save_button, LEFT)
    assert dialog.body.toPlainText().endswith("P.S. My own words.")  # never overwritten
    assert "Your name or signature changed" in dialog.status.text()
    settings.done(0)
