"""Edit Application… on the Search page: the dialog comes filled in, says what is
missing as the add dialog does, Save changes the table, Ctrl+Z takes it back; a file
chooser keeps only the file's name."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDateTimeEdit,
    QDialogButtonBox,
    QFileDialog,
    QPushButton,
)

from netdesk.views.jobsearch.edit_dialog import EditApplicationDialog
from netdesk.views.main_window import SEARCH_PAGE
from netdesk.views.quick_log import picked_date
from tests.views.windows import build_window, settle


@pytest.fixture
def window(qtbot, qapp, services):
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(SEARCH_PAGE)
    settle()
    yield win
    tasks.wait(10_000)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)


def row_of(page, application_id: int) -> int:
    model = page.application_model
    return page.application_proxy.mapFromSource(model.index(model.row_of(application_id), 0)).row()


def shown(page, application_id: int) -> tuple[str, str]:
    row = row_of(page, application_id)
    return (
        page.application_proxy.index(row, 4).data(),
        page.application_proxy.index(row, 5).data(),
    )


def test_edit_the_next_action_save_and_undo(qtbot, window, services) -> None:
    application = services.applications.add(
        "Tidewater Analytics", "Data Engineer", next_action="Send portfolio"
    )
    settle()
    page = window.search_page
    page.refresh()
    assert page.choose("application", application.id)
    click(qtbot, page.detail.edit_button)
    dialog = page.last_dialog
    assert isinstance(dialog, EditApplicationDialog)
    assert dialog.organisation.text() == "Tidewater Analytics"
    assert not dialog.organisation.isEnabled()
    assert dialog.role.text() == "Data Engineer"
    assert dialog.next_action.text() == "Send portfolio"
    assert not dialog.has_due.isChecked()

    # An empty role is refused as when adding, and the dialog stays open.
    dialog.role.selectAll()
    qtbot.keyClick(dialog.role, Qt.Key.Key_Backspace)
    click(qtbot, save_button(dialog))
    assert dialog.isVisible()
    assert "Which role?" in dialog.error.text()
    qtbot.keyClicks(dialog.role, "Data Engineer")

    dialog.next_action.selectAll()
    qtbot.keyClicks(dialog.next_action, "Follow up with Maya")
    click(qtbot, dialog.has_due)
    # Three days on (or back, near a month's end: the day section does not wrap), by keys.
    today = services.clock.today()
    step, key = (3, Qt.Key.Key_Up) if today.day <= 25 else (-3, Qt.Key.Key_Down)
    due = today + timedelta(days=step)
    dialog.due_on.setFocus()
    dialog.due_on.setCurrentSection(QDateTimeEdit.Section.DaySection)
    for _ in range(3):
        qtbot.keyClick(dialog.due_on, key)
    assert picked_date(dialog.due_on) == due
    click(qtbot, save_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle()

    saved = services.applications.get(application.id)
    assert (saved.next_action, saved.due_on) == ("Follow up with Maya", due.isoformat())
    assert shown(page, application.id) == ("Follow up with Maya", f"{due.day} {due:%b %Y}")
    assert "Next: Follow up with Maya" in page.detail.subtitle.text()
    assert "Ctrl+Z" in window.statusBar().currentMessage()

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: shown(page, application.id)[0] == "Send portfolio")
    assert shown(page, application.id) == ("Send portfolio", "")
    restored = services.applications.get(application.id)
    assert (restored.next_action, restored.due_on, restored.role) == (
        "Send portfolio", None, "Data Engineer",
    )  # fmt: skip


def test_double_click_opens_it_and_a_chosen_file_keeps_only_its_name(
    qtbot, window, services, monkeypatch, tmp_path: Path
) -> None:
    application = services.applications.add("Bluefin", "Analyst")
    settle()
    page = window.search_page
    page.refresh()
    table = page.application_table
    rect = table.visualRect(table.model().index(row_of(page, application.id), 1))
    # Qt's test double click needs the press before it, as a real one has.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.last_dialog
    assert isinstance(dialog, EditApplicationDialog)
    assert dialog.record.id == application.id

    resume = tmp_path / "cv" / "Ana Resume 2026.pdf"  # never made: the file is not read
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(resume), ""))
    )
    click(qtbot, dialog.findChild(QPushButton, "applicationResumeChoose"))
    assert dialog.resume_file.text() == "Ana Resume 2026.pdf"
    click(qtbot, save_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert services.applications.get(application.id).resume_file == "Ana Resume 2026.pdf"


def test_add_application_with_its_next_action_due_day_and_files(
    qtbot, window, services, monkeypatch, tmp_path: Path
) -> None:
    """The Add dialog has the Edit dialog's rows: what is typed there is stored."""
    services.targets.add("Harbour Labs")  # the page shows its lists, not its empty state
    settle()
    page = window.search_page
    page.refresh()
    click(qtbot, page.add_application_button)
    dialog = page.last_dialog
    assert type(dialog).__name__ == "ApplicationDialog"
    assert not dialog.has_due.isChecked() and not dialog.due_on.isEnabled()
    qtbot.keyClicks(dialog.organisation, "Bluefin")
    qtbot.keyClicks(dialog.role, "Analyst")
    qtbot.keyClicks(dialog.next_action, "Ask Maya about the team")
    click(qtbot, dialog.has_due)
    assert dialog.due_on.isEnabled()
    today = services.clock.today()
    step, key = (2, Qt.Key.Key_Up) if today.day <= 25 else (-2, Qt.Key.Key_Down)
    dialog.due_on.setFocus()
    dialog.due_on.setCurrentSection(QDateTimeEdit.Section.DaySection)
    for _ in range(2):
        qtbot.keyClick(dialog.due_on, key)
    due = today + timedelta(days=step)
    resume = tmp_path / "Ana CV.pdf"  # never made: only the name is kept
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(resume), ""))
    )
    click(qtbot, dialog.findChild(QPushButton, "applicationResumeChoose"))
    qtbot.keyClicks(dialog.cover_letter_file, "bluefin-letter.docx")
    qtbot.keyClicks(dialog.notes, "Met their lead at the meetup")
    click(qtbot, save_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle()

    [stored] = [a for a in services.applications.list() if a.organisation == "Bluefin"]
    assert (stored.role, stored.next_action, stored.due_on) == (
        "Analyst", "Ask Maya about the team", due.isoformat(),
    )  # fmt: skip
    assert (stored.resume_file, stored.cover_letter_file) == ("Ana CV.pdf", "bluefin-letter.docx")
    assert stored.notes == "Met their lead at the meetup"
    assert shown(page, stored.id)[0] == "Ask Maya about the team"
