"""The real window, driven as a person would: drops, keystrokes, clicks."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from netdesk.services.sample.people import write_connections_csv
from netdesk.views.contacts.page import EMPTY_PAGE, LIST_PAGE, NO_MATCH_PAGE
from netdesk.views.import_summary import ImportSummaryDialog
from tests.helpers import HEADER_2023, PREAMBLE, dump, png_bytes, release_held_keys, write


def drop_files(window, paths: list[Path]) -> None:
    """Deliver a real drag-enter and drop with file URLs to the window."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = window.contacts_page.table
    position = QPointF(target.mapTo(window, QPoint(20, 20)))
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        position.toPoint(), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    assert window.drops.overlay.isVisible()
    drop = QDropEvent(
        position, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, drop)
    assert drop.isAccepted()


def wait_for_summary(qtbot, window) -> ImportSummaryDialog:
    with qtbot.waitSignal(window.imports.finished, timeout=20_000):
        pass
    dialog = window.last_dialog
    assert isinstance(dialog, ImportSummaryDialog) and dialog.isVisible()
    return dialog


def test_dropping_a_connections_file_imports_it(qtbot, window, tmp_path) -> None:
    page = window.contacts_page
    assert page.stack.currentIndex() == EMPTY_PAGE
    path = write_connections_csv(tmp_path / "Connections.csv", 300)
    with qtbot.waitSignal(window.imports.finished, timeout=20_000) as finished:
        drop_files(window, [path])
    assert not window.drops.overlay.isVisible()
    summary = finished.args[0]
    assert (summary.added, summary.skipped) == (294, 6)
    dialog = window.last_dialog
    assert isinstance(dialog, ImportSummaryDialog) and dialog.isVisible()
    assert dialog.problems.model().rowCount() == 6
    assert page.stack.currentIndex() == LIST_PAGE
    assert page.model.rowCount() == 294
    assert window.counts_label.text() == "294 people · 0 real relationships"
    assert not window.imports.progress.isVisible()
    dialog.accept()


def test_after_an_import_its_pages_are_copied_into_the_database_file(
    qtbot, window, services, tmp_path
) -> None:
    """The import's commit leaves its pages in the write-ahead log; the window copies them
    into the database file in the background once the summary is up."""
    database = services.paths.database
    before = database.stat().st_size
    drop_files(window, [write_connections_csv(tmp_path / "Connections.csv", 300)])
    wait_for_summary(qtbot, window).accept()
    qtbot.waitUntil(lambda: database.stat().st_size > before, timeout=10_000)


def test_dropping_a_bad_file_explains_and_changes_nothing(qtbot, window, services, tmp_path):
    window.contacts_page.new_contact()
    image = tmp_path / "Connections.csv"
    image.write_bytes(png_bytes())
    database = services.paths.database
    before = dump(database)
    with qtbot.waitSignal(window.imports.failed, timeout=20_000) as failed:
        drop_files(window, [image])
    assert "Connections.csv is a PNG image, not a CSV file" in failed.args[0]
    box = window.last_dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Nothing was changed" in box.informativeText()
    assert dump(database) == before
    box.accept()


def test_undo_from_the_summary_removes_the_import(qtbot, window, tmp_path) -> None:
    text = PREAMBLE + HEADER_2023 + "\nMia,Chen,,,Northwind,Lead,07 Feb 2026"
    window.imports.import_paths([write(tmp_path / "Connections.csv", text)])
    dialog = wait_for_summary(qtbot, window)
    assert window.contacts_page.model.rowCount() == 1
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.contacts_page.model.rowCount() == 0)  # heard from the service
    assert window.contacts_page.stack.currentIndex() == EMPTY_PAGE


def test_search_as_you_type_and_ctrl_f(qtbot, window, services) -> None:
    services.imports.import_sample_network()
    window.contacts_page.reload()
    page = window.contacts_page
    page.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search
    everyone = page.model.rowCount()
    qtbot.keyClicks(page.search, "mento")
    assert 0 < page.model.rowCount() < everyone
    found = [services.contacts.get(page.model.contact_id(r)) for r in range(page.model.rowCount())]
    assert all("mento" in f"{p.notes} {p.role} {' '.join(p.tags)}".lower() for p in found)
    qtbot.keyClicks(page.search, "zzzz")
    assert page.stack.currentIndex() == NO_MATCH_PAGE
    assert "mentozzzz" in page.no_match_label.text()
    page.clear_filters()
    assert page.model.rowCount() == everyone


def test_add_a_person_with_inline_validation(qtbot, window, services) -> None:
    page = window.contacts_page
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = page.editor
    assert editor.isVisible() and QApplication.focusWidget() is editor.display_name
    qtbot.keyClicks(editor.display_name, "Ingrid Larsen")
    qtbot.keyClicks(editor.organisation, "Ferncliff University")
    editor.emails.setPlainText("ingrid@")
    assert editor.errors["emails"].isVisible()
    assert "ingrid@" in editor.errors["emails"].text()
    assert not editor.save()
    assert services.contacts.counts().people == 0
    editor.emails.setPlainText("ingrid@example.org")
    assert not editor.errors["emails"].isVisible()
    editor.relation.setCurrentIndex(editor.relation.findData("teacher"))
    editor.new_tag.setText("thesis")
    qtbot.keyClick(editor.new_tag, Qt.Key.Key_Return)
    qtbot.keyClick(editor.notes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert services.contacts.counts().people == 1
    saved = services.contacts.get(editor.contact_id)
    assert (saved.display_name, saved.organisation, saved.relation, saved.tags) == (
        "Ingrid Larsen",
        "Ferncliff University",
        "teacher",
        ["thesis"],
    )
    qtbot.waitUntil(lambda: window.counts_label.text() == "1 person · 1 real relationship")
    assert page.stack.currentIndex() == LIST_PAGE


def test_delete_asks_and_undo_brings_back(qtbot, window, services, answer_yes) -> None:
    services.imports.import_sample_network()
    page = window.contacts_page
    page.reload()
    total = page.model.rowCount()
    page.table.selectRow(0)
    first_id = page.model.contact_id(0)
    page.table.setFocus()
    name = services.contacts.get(first_id).display_name
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.model.rowCount() == total - 1)
    assert page.model.row_of(first_id) is None
    assert window.statusBar().currentMessage() == f"Deleted {name}. Ctrl+Z brings them back."
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() == total)
    assert page.model.row_of(first_id) == 0
    assert window.statusBar().currentMessage() == ""  # "Deleted …" is no longer true


def test_editing_keeps_changes_when_moving_to_another_person(qtbot, window, services) -> None:
    services.imports.import_sample_network()
    page = window.contacts_page
    page.reload()
    page.table.selectRow(0)
    first = page.editor.contact_id
    page.editor.notes.setPlainText("Asked about her team's hiring plans.")
    page.table.selectRow(1)
    assert page.editor.contact_id != first
    assert services.contacts.get(first).notes == "Asked about her team's hiring plans."


def test_filters_real_relationships(qtbot, window, services) -> None:
    services.imports.import_sample_network()
    page = window.contacts_page
    page.reload()
    page.scope.setCurrentIndex(1)
    assert page.model.rowCount() == services.contacts.counts().real


def test_dropping_several_files_imports_them_in_turn(qtbot, window, tmp_path) -> None:
    first = write(tmp_path / "a.csv", HEADER_2023 + "\nMia,Chen,,,A,B,07 Feb 2026")
    second = write(tmp_path / "b.csv", HEADER_2023 + "\nOmar,Haddad,,,A,B,07 Feb 2026")
    window.imports.import_paths([first, second])
    wait_for_summary(qtbot, window).accept()
    wait_for_summary(qtbot, window).accept()
    assert window.contacts_page.model.rowCount() == 2


def test_an_import_refreshes_the_open_person_but_keeps_unsaved_edits(qtbot, window, tmp_path):
    first = HEADER_2023 + "\nMia,Chen,https://www.linkedin.com/in/mia,,Northwind,Analyst,7 Feb 2026"
    window.imports.import_paths([write(tmp_path / "a.csv", first)])
    wait_for_summary(qtbot, window).accept()
    page = window.contacts_page
    page.table.selectRow(0)
    assert page.editor.role.text() == "Analyst"
    newer = first.replace("Analyst", "Data Lead")
    window.imports.import_paths([write(tmp_path / "b.csv", newer)])
    wait_for_summary(qtbot, window).accept()
    assert page.editor.role.text() == "Data Lead", "the open person shows the update"
    page.editor.notes.setPlainText("Unsaved thought")
    window.imports.import_paths([write(tmp_path / "c.csv", newer.replace("Data Lead", "VP"))])
    wait_for_summary(qtbot, window).accept()
    assert page.editor.notes.toPlainText() == "Unsaved thought"


def test_keeping_invalid_edits_keeps_the_person_selected(qtbot, window, services, monkeypatch):
    services.imports.import_sample_network()
    page = window.contacts_page
    page.reload()
    page.table.selectRow(0)
    first = page.editor.contact_id
    page.editor.emails.setPlainText("not-an-address")
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel)
    )
    page.table.selectRow(3)
    assert page.editor.contact_id == first
    assert page.editor.emails.toPlainText() == "not-an-address"
    assert page.selected_ids() == [first]


def test_after_moving_on_the_selection_matches_the_editor(qtbot, window, services) -> None:
    services.imports.import_sample_network()
    page = window.contacts_page
    page.reload()
    page.table.selectRow(0)
    page.editor.notes.setPlainText("Edited before moving on")
    page.table.selectRow(1)
    assert page.selected_ids() == [page.editor.contact_id]
    assert page.model.row_of(page.editor.contact_id) == 1


def test_a_modifier_left_held_by_a_key_click_is_released(qtbot, window) -> None:
    """A Ctrl+key click leaves Qt believing Ctrl is held; each test starts by releasing it,
    or selectRow() would toggle instead of select."""
    table = window.contacts_page.table
    qtbot.keyClick(table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.ControlModifier
    release_held_keys()
    assert QApplication.keyboardModifiers() == Qt.KeyboardModifier.NoModifier


def test_a_dropped_fifo_is_refused_at_once_and_said_once(qtbot, window, services, tmp_path):
    fifo = tmp_path / "Connections.csv"
    os.mkfifo(fifo)  # nothing ever writes to it
    before = dump(services.paths.database)
    with qtbot.waitSignal(window.imports.failed, timeout=5_000) as failed:
        drop_files(window, [fifo])
    assert failed.args[0] == (
        "Connections.csv is a FIFO (named pipe), not a file; nothing was imported"
    )
    box = window.last_dialog
    assert box.informativeText() == ""  # the message already says nothing changed
    assert dump(services.paths.database) == before
    box.accept()
