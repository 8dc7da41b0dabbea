"""Saving from the contact editor: only what the user changed, and never losing typing."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from netdesk.views.import_summary import ImportSummaryDialog
from tests.helpers import HEADER_2023, write

MIA = HEADER_2023 + "\nMia,Chen,https://www.linkedin.com/in/mia,,Northwind,Analyst,7 Feb 2026"


def open_first_person(qtbot, window):
    page = window.contacts_page
    page.table.selectRow(0)
    editor = page.editor
    # The form's layout is laid out when events run, as it would be before a person clicks.
    qtbot.waitUntil(lambda: editor.save_button.width() > 0)
    return editor


def import_file(qtbot, window, path) -> None:
    with qtbot.waitSignal(window.imports.finished, timeout=20_000):
        window.imports.import_paths([path])
    dialog = window.last_dialog
    assert isinstance(dialog, ImportSummaryDialog)
    dialog.accept()


def test_saving_keeps_what_an_import_changed_while_the_editor_was_open(
    qtbot, window, services, tmp_path
) -> None:
    import_file(qtbot, window, write(tmp_path / "a.csv", MIA))
    editor = open_first_person(qtbot, window)
    qtbot.keyClicks(editor.notes, "Asked about the data team.")  # typed, not saved yet
    newer = MIA.replace("Northwind,Analyst", "Bluefjord Energy,Head of Data")
    import_file(qtbot, window, write(tmp_path / "b.csv", newer))
    assert editor.role.text() == "Analyst", "the form keeps what it showed while editing"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    saved = services.contacts.get(editor.contact_id)
    assert (saved.organisation, saved.role) == ("Bluefjord Energy", "Head of Data")
    assert saved.notes == "Asked about the data team."
    assert editor.role.text() == "Head of Data", "after saving the editor shows the result"
    # The import's values are still LinkedIn's: the next export may update them again.
    newest = MIA.replace("Northwind,Analyst", "Bluefjord Energy,VP Data")
    import_file(qtbot, window, write(tmp_path / "c.csv", newest))
    assert services.contacts.get(saved.id).role == "VP Data"


def test_a_locked_database_is_a_message_and_the_typing_stays(
    qtbot, window, services, tmp_path
) -> None:
    import_file(qtbot, window, write(tmp_path / "a.csv", MIA))
    editor = open_first_person(qtbot, window)
    services.db.execute_sql("PRAGMA busy_timeout = 100")  # fail fast instead of after 10 s
    other = sqlite3.connect(services.paths.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        editor.role.setText("Data Lead")
        editor.notes.setPlainText("Met at the meetup.")
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
        assert editor.save_problem.isVisible()
        assert "database is locked" in editor.save_problem.text()
        assert "Nothing is lost" in editor.save_problem.text()
        assert editor.role.text() == "Data Lead"
        assert editor.notes.toPlainText() == "Met at the meetup."
        assert editor.has_unsaved_changes() and editor.save_button.isEnabled()
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.save_problem.isVisible()
    saved = services.contacts.get(editor.contact_id)
    assert (saved.role, saved.notes) == ("Data Lead", "Met at the meetup.")
