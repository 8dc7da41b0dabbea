"""The user's own person in the contact list and editor: listed and editable, but not a
relationship (no "how I know them", closeness or keeping in touch); and someone just
added is not "last in touch today"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.main_window import CONTACTS_PAGE
from netdesk.views.models.contact_table_model import LAST_INTERACTION, RELATION
from tests.views.windows import build_window


@pytest.fixture
def people(services):
    """Me (as the welcome screen saves it) and one friend, added just now."""
    me = services.contacts.save(
        ContactRecord(display_name="Sam Rivera", role="Student", relation="other", closeness=5)
    ).id
    services.graph.set_me(me)
    mia = services.contacts.save(ContactRecord(display_name="Mia Chen", relation="friend")).id
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
    return editor


def test_me_has_no_how_i_know_them_and_can_still_edit_my_role(
    qtbot, window, services, people
) -> None:
    me, mia = people
    page = window.contacts_page
    assert page.model.rowCount() == 2  # me is listed
    assert window.counts_label.text() == "1 person · 1 real relationship"
    row = page.model.row_of(me)
    assert page.model.index(row, RELATION).data() == "You"
    assert page.model.index(row, LAST_INTERACTION).data() == ""

    editor = select(qtbot, window, me)
    panel = window.relationship
    assert editor.is_me
    assert editor.me_note.isVisible() and "This is you" in editor.me_note.text()
    for widget in (editor.relation, editor.closeness, panel.cadence_row, panel.timeline_row):
        assert not widget.isVisible()
    assert not editor._form.labelForField(editor.relation).isVisible()

    editor.role.setFocus()
    editor.role.selectAll()
    qtbot.keyClicks(editor.role, "Data Analyst")
    qtbot.keyClick(editor.role, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    saved = services.contacts.get(me)
    assert (saved.role, saved.relation, saved.closeness) == ("Data Analyst", "other", 5)

    # Anyone else has every relationship row back.
    editor = select(qtbot, window, mia)
    assert not editor.is_me and not editor.me_note.isVisible()
    for widget in (editor.relation, editor.closeness, panel.cadence_row, panel.timeline_row):
        assert widget.isVisible()


def test_someone_just_added_is_not_last_in_touch_today(qtbot, window, services, people) -> None:
    _me, mia = people
    select(qtbot, window, mia)
    status = window.relationship.cadence_status.text()
    assert "Last in touch" not in status
    assert status.startswith("Nothing logged yet") and "Next by" in status
    page = window.contacts_page
    assert page.model.index(page.model.row_of(mia), LAST_INTERACTION).data() == "never"
