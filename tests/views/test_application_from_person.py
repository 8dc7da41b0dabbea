"""Add Application There…, from the person's editor on the sample network: the Add
Application dialog comes filled in with their organisation and them as the referrer;
Save stores it (one step Ctrl+Z takes back), leaves it chosen on the Search page, and
Ask for a Referral… there writes to that person naming the role and the posting."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from netdesk.services.contacts.records import ContactFilter, ContactRecord, Scope
from netdesk.views.drafts.dialog import DraftDialog
from netdesk.views.jobsearch.dialogs import ApplicationDialog
from netdesk.views.main_window import CONTACTS_PAGE, SEARCH_PAGE
from tests.views.windows import build_window, settle

LINK = "https://www.linkedin.com/jobs/view/515151"


@pytest.fixture
def window(qtbot, qapp, services):
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    for dialog in win.findChildren(DraftDialog):
        dialog.done(0)
    tasks.wait(10_000)


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def someone_among_colleagues(services):
    """A person (not me) whose organisation has other people of the network too: the
    referral must go to them, not to whoever the warm paths list first."""
    ids = services.contacts.query_ids(ContactFilter(scope=Scope.REAL))
    rows = services.contacts.rows(ids)
    people = [rows[i] for i in ids if rows[i].organisation and not rows[i].is_me]
    counts = Counter(person.organisation for person in people)
    return next(person for person in reversed(people) if counts[person.organisation] > 1)


def open_in_editor(qtbot, window, person) -> None:
    """Search for them by name and click their row, as the user does."""
    window.show_page(CONTACTS_PAGE)
    page = window.contacts_page
    page.search.clear()
    qtbot.keyClicks(page.search, person.name)
    qtbot.waitUntil(lambda: page.model.row_of(person.id) is not None)
    index = page.table.model().index(page.model.row_of(person.id), 0)
    page.table.scrollTo(index)
    rect = page.table.visualRect(index)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: page.editor.contact_id == person.id)
    settle()


def test_add_application_there_then_ask_them_for_a_referral(qtbot, window, services) -> None:
    services.imports.import_sample_network()
    settle()
    person = someone_among_colleagues(services)
    button = window.application_from_person
    open_in_editor(qtbot, window, person)
    assert button.text() == "Add Application There…"
    assert person.organisation in button.toolTip()

    click(qtbot, button)
    dialog = window.search_page.last_dialog
    assert isinstance(dialog, ApplicationDialog) and dialog.isVisible()
    assert dialog.organisation.text() == person.organisation
    assert dialog.source.currentData() == "referral"
    assert dialog.referrer.isEnabled() and dialog.referrer.currentText() == person.name
    qtbot.keyClicks(dialog.role, "Data Engineer")
    qtbot.keyClicks(dialog.link, LINK)
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    click(qtbot, save)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle()

    (application,) = services.applications.list()
    assert (application.organisation, application.role, application.link) == (
        person.organisation, "Data Engineer", LINK,
    )  # fmt: skip
    assert application.source == "referral" and application.referrer_id == person.id
    where = f"Data Engineer at {person.organisation}"
    assert window.statusBar().currentMessage() == f"Application for {where} added: Search page"

    # The Search page shows it chosen, its referrer the one to write to.
    window.show_page(SEARCH_PAGE)
    settle()
    page = window.search_page
    assert page.detail.kind == "application" and page.detail.title.text() == where
    assert page.application_table.currentIndex().row() >= 0
    assert page.detail.chosen_person().contact_id == person.id
    click(qtbot, page.detail.referral_button)
    draft = window.last_dialog
    assert isinstance(draft, DraftDialog)
    assert draft.person.currentData() == person.id
    body = draft.body.toPlainText()
    assert "Data Engineer" in body and LINK in body and person.organisation in body
    draft.done(0)
    settle()

    # Ctrl+Z takes the application back, Ctrl+Shift+Z brings it again.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    assert services.applications.list() == []
    qtbot.waitUntil(lambda: page.application_model.rowCount() == 0)
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, redo)
    settle()
    assert [a.id for a in services.applications.list()] == [application.id]


def test_enabled_only_for_someone_else_with_an_organisation(qtbot, window, services) -> None:
    me = services.contacts.save_me("Robin Quill")
    me.organisation = "Northwind"
    services.contacts.save(me)
    bo = services.contacts.save(ContactRecord(display_name="Bo Berg"))
    ana = services.contacts.save(ContactRecord(display_name="Ana Silva", organisation="Acme"))
    settle()
    window.open_contact(bo.id)
    settle()
    button = window.application_from_person
    assert button.isVisible() and not button.isEnabled()
    window.open_contact(me.id)
    settle()
    assert not button.isVisible() and not button.isEnabled()  # their own organisation
    window.open_contact(ana.id)
    settle()
    assert button.isEnabled()
    # Both buttons fit in the editor (side by side they widened it past its edge).
    editor = window.contacts_page.editor
    row = button.parentWidget()
    assert window.target_from_person.parentWidget() is row
    assert row.mapTo(editor, row.rect().topRight()).x() < editor.width()
    # They leave Acme: the button follows the saved change.
    window.contacts_page.editor.organisation.clear()
    window.contacts_page.editor.save()
    settle()
    assert not button.isEnabled()
