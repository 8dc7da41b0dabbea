"""People → Review Duplicates…: the pairs are found in the background and shown side by
side; Merge (one undoable step, also from Edit → Undo Last Merge after a restart), Not the
Same Person (remembered, undoable) and the empty state. Real buttons and shortcuts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from netdesk.app import build_services
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.credentials import MemoryCredentialStore
from netdesk.views.duplicates.review import PAIR, SEARCHING, ReviewDialog
from tests.views.windows import build_window, settle

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def person(services, name: str, **fields) -> int:
    record = services.contacts.save(ContactRecord(display_name=name, **fields))
    assert record.id is not None
    return record.id


@pytest.fixture
def bob(services) -> tuple[int, int]:
    """One person twice: the same mailbox, a nickname, two organisations."""
    first = person(services, "Bob Smith", emails=["bob@smith.org"], organisation="Northwind")
    second = person(
        services,
        "Robert Smith",
        emails=["Bob@Smith.org", "robert@tidewater.com"],
        organisation="Tidewater Bank",
        role="Head of Data",
    )
    return first, second


@pytest.fixture
def window(qtbot, qapp, services, bob):
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    tasks.wait(10_000)


def menu_action(window, name: str) -> QAction:
    """The action as the menu bar holds it (not only as the flow made it)."""
    for top in window.menuBar().actions():
        for action in top.menu().actions():
            if action.objectName() == name:
                return action
    raise AssertionError(f"{name} is in no menu")


def open_review(qtbot, window, shortcut: bool = False) -> ReviewDialog:
    if shortcut:
        window.activateWindow()
        qtbot.keyClick(window, Qt.Key.Key_D, CTRL | Qt.KeyboardModifier.ShiftModifier)
    else:
        menu_action(window, "reviewDuplicatesAction").trigger()
    dialog = window.last_dialog
    assert isinstance(dialog, ReviewDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() != SEARCHING, timeout=10_000)
    return dialog


def people(services) -> int:
    return services.contacts.counts().people


def test_merge_keeps_both_emails_and_the_chosen_field_and_ctrl_z_undoes_it(
    qtbot, window, services, bob
) -> None:
    first, second = bob
    before = services.contacts.get(second)
    dialog = open_review(qtbot, window, shortcut=True)
    assert dialog.pages.currentIndex() == PAIR
    assert dialog.position.text() == "Pair 1 of 1"
    assert "same email bob@smith.org" in dialog.view.evidence.text()
    assert "99%" in dialog.view.evidence.text()
    kept_org = dialog.view.buttons["organisation", "kept"]
    other_org = dialog.view.buttons["organisation", "other"]
    assert kept_org.isChecked() and other_org.text() == "Tidewater Bank"
    qtbot.mouseClick(other_org, LEFT)
    qtbot.mouseClick(dialog.merge_button, LEFT)

    assert people(services) == 1
    kept = services.contacts.get(first)
    assert kept.display_name == "Bob Smith"  # the default: the kept side's name
    assert kept.organisation == "Tidewater Bank"  # chosen from the other side
    assert kept.role == "Head of Data"  # the only one who had a role
    assert [e.casefold() for e in kept.emails] == ["bob@smith.org", "robert@tidewater.com"]
    assert dialog.message.text() == "Every likely duplicate is decided."
    assert "Merged Robert Smith into Bob Smith" in window.statusBar().currentMessage()

    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert people(services) == 2
    assert services.contacts.get(first).organisation == "Northwind"
    assert services.contacts.get(second) == before
    assert services.merges.last_merge() is None
    settle()
    assert not menu_action(window, "undoMergeAction").isEnabled()


def test_not_the_same_person_is_remembered_and_undoable(qtbot, window, services, bob) -> None:
    dialog = open_review(qtbot, window)
    qtbot.mouseClick(dialog.apart_button, LEFT)
    assert services.duplicates.is_marked_different(*bob)
    assert people(services) == 2
    assert dialog.message.text() == "Every likely duplicate is decided."
    qtbot.mouseClick(dialog.close_button, LEFT)

    again = open_review(qtbot, window)
    assert again.message.text() == "No likely duplicates among your 2 people."
    qtbot.mouseClick(again.close_button, LEFT)
    qtbot.waitUntil(lambda: not again.isVisible())

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # the pair may be proposed again
    assert not services.duplicates.is_marked_different(*bob)
    third = open_review(qtbot, window)
    assert third.pages.currentIndex() == PAIR
    qtbot.mouseClick(third.skip_button, LEFT)
    assert "1 skipped pair will be proposed again" in third.message.text()


def test_ctrl_z_in_the_dialog_brings_the_pair_back(qtbot, window, services, bob) -> None:
    dialog = open_review(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_M, CTRL)
    assert people(services) == 1
    qtbot.keyClick(dialog, Qt.Key.Key_Z, CTRL)
    assert people(services) == 2
    assert dialog.pages.currentIndex() == PAIR
    assert dialog.position.text() == "Pair 1 of 1"


def test_no_likely_duplicates_says_so(qtbot, qapp, services) -> None:
    person(services, "Aiko Tanaka", emails=["aiko@kestrel.aero"])
    person(services, "Mia Chen", emails=["mia@northwind.com"])
    win, tasks = build_window(qtbot, qapp, services)
    try:
        dialog = open_review(qtbot, win)
        assert dialog.message.isVisible()
        assert dialog.message.text() == "No likely duplicates among your 2 people."
        assert not dialog.merge_button.isVisible()
    finally:
        tasks.wait(10_000)


def test_undo_last_merge_after_a_restart(qtbot, qapp, services, paths, clock, bob) -> None:
    _first, second = bob
    win, tasks = build_window(qtbot, qapp, services)
    dialog = open_review(qtbot, win)
    qtbot.keyClick(dialog, Qt.Key.Key_M, CTRL)
    assert people(services) == 1
    dialog.reject()
    win.close()
    tasks.wait(10_000)

    again = build_services(paths, credentials=MemoryCredentialStore(), clock=clock)
    try:
        restarted, tasks = build_window(qtbot, qapp, again)
        assert not restarted.undo_stack.canUndo()  # a new window: only the database knows
        undo = menu_action(restarted, "undoMergeAction")
        assert undo.isEnabled() and "Robert Smith" in undo.toolTip()
        undo.trigger()
        assert people(again) == 2
        assert again.contacts.get(second).display_name == "Robert Smith"
        assert "Robert Smith is a separate person again" in restarted.statusBar().currentMessage()
        settle()
        assert not undo.isEnabled()
        tasks.wait(10_000)
    finally:
        again.close()


def test_after_an_import_the_status_bar_tells_of_duplicates(qtbot, window, services, tmp_path):
    card = tmp_path / "liz.vcf"
    card.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Liz Taylor\nN:Taylor;Liz;;;\nORG:Kestrel Aerospace\n"
        "END:VCARD\n"
    )
    person(services, "Elizabeth Taylor", organisation="Kestrel Aerospace")
    window.imports.import_paths([card])
    status = window.statusBar()
    qtbot.waitUntil(lambda: "likely duplicates:" in status.currentMessage(), timeout=10_000)
    assert status.currentMessage().endswith("2 likely duplicates: People → Review Duplicates…")
