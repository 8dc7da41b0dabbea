"""Settings → Calendar against a real Radicale with a self-signed certificate of its own:
Find Calendars is refused, the certificate the server shows is read off the GUI thread and
offered with its fingerprint; trusting it finds the calendars and Save keeps it; another
certificate later is said to be another; "Don't trust it" and "Stop trusting it"."""

from __future__ import annotations

import threading

import caldav
import pytest
from PySide6.QtCore import Qt

from netdesk.services.calendar.account import CalendarAccount
from netdesk.services.calendar.client import CalendarTransport
from netdesk.services.credentials import Secret
from netdesk.services.mail.security import short_fingerprint
from netdesk.views.settings.dialog import SettingsDialog
from tests.calendarservers import CALENDAR_PASSWORD, CALENDAR_USER, start_radicale, stop_radicale
from tests.mailservers import make_self_signed
from tests.views.test_calendar_window import open_calendar_page
from tests.views.windows import build_window


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """A Radicale with a certificate of its own (no authority signed it), one calendar."""
    certificate = make_self_signed(tmp_path_factory.mktemp("own"))
    server = start_radicale(certificate)
    client = caldav.DAVClient(
        url=server.url,
        username=CALENDAR_USER,
        password=CALENDAR_PASSWORD,
        ssl_verify_cert=str(certificate.cert),  # its own file stands as the authority
    )
    client.principal().make_calendar(name="Personal")
    yield server, certificate
    stop_radicale(server)


@pytest.fixture
def page(qtbot, qapp, services, certificates):
    """Settings → Calendar in the real window; the transport trusts only the tests' CA,
    which did not sign the server's certificate."""
    services.calendar.transport = CalendarTransport(ca_file=str(certificates.ca), timeout=10)
    window, tasks = build_window(qtbot, qapp, services)

    def open_page():
        return open_calendar_page(qtbot, window).calendar_page

    yield open_page
    for dialog in window.findChildren(SettingsDialog):
        dialog.done(0)
    window.calendar_sync.stop_for_close()
    window.mail_scan.stop_for_close()
    tasks.wait(10_000)


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def find_refused(qtbot, page) -> None:
    """Press Find Calendars and wait for the certificate to be offered."""
    click(qtbot, page.find_button)
    qtbot.waitUntil(page.certificate.panel.isVisible, timeout=10_000)
    assert page.find_button.isEnabled()
    assert page.find_note.text() == (
        "Could not list the calendars: the server's certificate is not trusted (below)."
    )


def dialog_of(calendar_page) -> SettingsDialog:
    dialog = calendar_page.window()
    assert isinstance(dialog, SettingsDialog)
    return dialog


def save_account(services, url: str, cert_sha256: str | None = None) -> CalendarAccount:
    account, _ = services.calendar.accounts.save(
        CalendarAccount(server_url=url, username=CALENDAR_USER, cert_sha256=cert_sha256),
        Secret(CALENDAR_PASSWORD),
    )
    return account


def test_a_certificate_of_its_own_is_offered_trusted_and_saved(
    qtbot, page, services, own, monkeypatch
) -> None:
    server, certificate = own
    transport = services.calendar.transport
    threads = []
    real_certificate = transport.certificate

    def certificate_recording_the_thread(account):
        threads.append(threading.current_thread())
        return real_certificate(account)

    monkeypatch.setattr(transport, "certificate", certificate_recording_the_thread)
    calendar_page = page()
    assert not calendar_page.certificate.isVisible()  # nothing trusted, nothing offered
    qtbot.keyClicks(calendar_page.server, server.url)
    qtbot.keyClicks(calendar_page.username, CALENDAR_USER)
    qtbot.keyClicks(calendar_page.password, CALENDAR_PASSWORD)

    find_refused(qtbot, calendar_page)
    assert threads and threads[0] is not threading.main_thread()
    shown = calendar_page.certificate
    assert (
        shown.fingerprint_label.text().replace("\n", ":") == certificate.fingerprint
    )  # worked out apart
    text = shown.panel_text.text()
    assert f"calendar server 127.0.0.1:{server.port}" in text and "could not be verified" in text
    assert shown.trust_button.text() == "Trust this certificate"
    assert (
        shown.fingerprint_label.textInteractionFlags()
        & Qt.TextInteractionFlag.TextSelectableByMouse
    )
    assert calendar_page.calendars.count() == 1 and services.calendar.accounts.get() is None

    click(qtbot, shown.trust_button)
    qtbot.waitUntil(lambda: calendar_page.calendars.currentText() == "Personal", timeout=10_000)
    assert (
        calendar_page.find_note.text()
        == "One calendar found: choose the one for meetings and save."
    )
    assert not shown.panel.isVisible() and shown.note.isVisible()
    assert dialog_of(calendar_page).focusWidget() is calendar_page.calendars
    assert shown.note_text.text() == (
        f"Trusting the certificate SHA-256 {short_fingerprint(certificate.fingerprint)}"
    )
    assert services.calendar.accounts.get() is None  # kept on the page until Save

    click(qtbot, dialog_of(calendar_page).save_button)
    saved = services.calendar.accounts.get()
    assert saved is not None and saved.cert_sha256 == certificate.fingerprint
    assert saved.calendar_name == "Personal" and not calendar_page.is_dirty()
    assert shown.note.isVisible()  # still said after the page reloads the saved account


def test_another_certificate_than_the_one_trusted_is_said_and_may_be_trusted(
    qtbot, page, services, own, tmp_path
) -> None:
    server, certificate = own
    before = make_self_signed(tmp_path / "before").fingerprint  # the one trusted earlier
    save_account(services, server.url, before)
    calendar_page = page()
    shown = calendar_page.certificate
    assert shown.note.isVisible() and short_fingerprint(before) in shown.note_text.text()

    find_refused(qtbot, calendar_page)
    text = shown.panel_text.text()
    assert "showed another certificate than the one you trusted" in text
    assert f"You trusted {short_fingerprint(before)}" in text
    assert shown.fingerprint_label.text().replace("\n", ":") == certificate.fingerprint
    assert shown.trust_button.text() == "Trust the new certificate"
    assert not shown.note.isVisible()  # the panel says which was trusted

    click(qtbot, shown.trust_button)
    qtbot.waitUntil(lambda: calendar_page.calendars.currentText() == "Personal", timeout=10_000)
    assert calendar_page.save()
    assert services.calendar.accounts.get().cert_sha256 == certificate.fingerprint


def test_dont_trust_it_hides_the_panel_and_saves_nothing(qtbot, page, services, own) -> None:
    server, _certificate = own
    saved = save_account(services, server.url)
    calendar_page = page()
    find_refused(qtbot, calendar_page)
    assert not calendar_page.is_dirty()

    click(qtbot, calendar_page.certificate.distrust_button)
    assert not calendar_page.certificate.isVisible()
    assert calendar_page.find_note.text() == "Not trusted: NetDesk does not log in to this server."
    assert calendar_page.certificate.fingerprint is None and not calendar_page.is_dirty()
    assert dialog_of(calendar_page).focusWidget() is calendar_page.calendars  # not lost
    assert services.calendar.accounts.get() == saved


def test_stop_trusting_clears_the_certificate_when_saved(qtbot, page, services, own) -> None:
    server, certificate = own
    save_account(services, server.url, certificate.fingerprint)
    calendar_page = page()
    shown = calendar_page.certificate
    click(qtbot, calendar_page.find_button)  # trusted: it logs in
    qtbot.waitUntil(lambda: calendar_page.calendars.currentText() == "Personal", timeout=10_000)

    click(qtbot, shown.stop_button)
    assert not shown.isVisible() and calendar_page.is_dirty()
    assert calendar_page.save()
    assert services.calendar.accounts.get().cert_sha256 is None
    find_refused(qtbot, calendar_page)  # verified by an authority again: refused
    assert "could not be verified" in shown.panel_text.text()
