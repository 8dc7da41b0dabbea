"""The editor's "Don't track mail with this person" box: ticked, it marks the form changed,
Revert undoes it, Ctrl+S saves it, and the mail scan then leaves the person out; it is
not offered for me, whose addresses tell the scan which mail I sent (issue 16)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from netdesk.db.models import Contact
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.mailscan.addresses import address_key
from netdesk.services.mailscan.recording import AddressBook
from netdesk.views.main_window import CONTACTS_PAGE
from tests.views.windows import build_window

MIA_EMAIL = "mia@example.org"


@pytest.fixture
def people(services):
    me = services.contacts.save(
        ContactRecord(display_name="Sam Rivera", emails=["sam@example.org"])
    ).id
    services.graph.set_me(me)
    mia = services.contacts.save(ContactRecord(display_name="Mia Chen", emails=[MIA_EMAIL])).id
    return me, mia


@pytest.fixture
def window(qtbot, services, qapp, people):
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(CONTACTS_PAGE)
    yield win
    tasks.wait(10_000)


def select(qtbot, window, contact_id: int):
    page = window.contacts_page
    page.table.selectRow(page.model.row_of(contact_id))
    editor = page.editor
    qtbot.waitUntil(lambda: editor.contact_id == contact_id)
    qtbot.waitUntil(lambda: editor.no_mail_tracking.width() > 0)  # laid out, clickable
    return editor


def stored_track_mail(services, contact_id: int) -> bool:
    return (
        Contact.select(Contact.track_mail)
        .where(Contact.id == contact_id)
        .bind(services.db)
        .scalar()
        == 1
    )


def click(qtbot, box) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=box.rect().center())


def test_ticking_the_box_and_ctrl_s_leaves_them_out_of_the_mail_scan(
    qtbot, window, services, people
) -> None:
    me, mia = people
    editor = select(qtbot, window, mia)
    box = editor.no_mail_tracking
    assert box.isVisible() and not box.isChecked()
    assert box.text() == "Don't track mail with this person"
    assert "emails already there stay" in box.toolTip()
    assert not editor.save_button.isEnabled()

    click(qtbot, box)
    assert box.isChecked()
    assert editor.has_unsaved_changes()
    assert editor.save_button.isEnabled() and editor.revert_button.isEnabled()
    assert stored_track_mail(services, mia), "nothing is written before saving"

    qtbot.keyClick(box, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert not stored_track_mail(services, mia)
    assert not editor.has_unsaved_changes() and not editor.save_button.isEnabled()
    assert box.isChecked(), "the saved person shows the box still ticked"
    assert address_key(MIA_EMAIL) not in AddressBook.read(services.db, "me@example.org").people

    # Shown again later, the box says what was saved; unticking and saving turns it back on.
    page = window.contacts_page
    page.table.selectRow(page.model.row_of(me))
    qtbot.waitUntil(lambda: editor.contact_id == me)
    editor = select(qtbot, window, mia)
    assert editor.no_mail_tracking.isChecked()
    click(qtbot, editor.no_mail_tracking)
    qtbot.keyClick(editor.no_mail_tracking, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert stored_track_mail(services, mia)


def test_revert_unticks_the_box_and_nothing_is_saved(qtbot, window, services, people) -> None:
    _me, mia = people
    editor = select(qtbot, window, mia)
    click(qtbot, editor.no_mail_tracking)
    assert editor.has_unsaved_changes()

    qtbot.mouseClick(editor.revert_button, Qt.MouseButton.LeftButton)

    assert not editor.no_mail_tracking.isChecked()
    assert not editor.has_unsaved_changes() and not editor.save_button.isEnabled()
    assert stored_track_mail(services, mia)


def test_the_box_is_not_offered_for_me(qtbot, window, services, people) -> None:
    me, mia = people
    editor = select(qtbot, window, mia)
    assert editor.no_mail_tracking.isVisible()
    page = window.contacts_page
    page.table.selectRow(page.model.row_of(me))
    qtbot.waitUntil(lambda: editor.contact_id == me)
    assert editor.is_me and not editor.no_mail_tracking.isVisible()
