"""The sample network from the real welcome screen: Today has something in every
section, the Meetings page lists the interviews with their answers, looking at them
changes nothing, and Edit → Undo Last Import takes it all away again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractButton

from netdesk.views.main_window import MAP_PAGE, MEETINGS_PAGE, TODAY_PAGE
from tests.views.windows import build_full_window

INTERVIEWS = {
    "Informational interview with Hana Lindqvist": "Held",
    "Informational interview with Omar Haddad": "Held",
    "Informational interview with Inés Moreau": "Scheduled",
}


@pytest.fixture
def desk(qtbot, qapp, services, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window, tasks = build_full_window(qtbot, qapp, services, settings)
    window.resize(1400, 900)
    yield window
    tasks.wait(10_000)


def load_from_the_welcome_screen(qtbot, desk) -> None:
    assert desk.first_run.show_if_empty()
    button = desk.first_run.welcome.findChild(QAbstractButton, "welcomeSample")
    with qtbot.waitSignal(desk.imports.finished, timeout=20_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    desk.last_dialog.accept()  # the import summary
    assert desk.central.currentIndex() == 0  # the welcome screen stepped aside


def meeting_rows(page) -> dict[str, str]:
    model = page.model
    return {
        model.index(row, 1).data(): model.index(row, 3).data() for row in range(model.rowCount())
    }


def test_the_sample_from_the_welcome_screen_fills_today_and_meetings(
    qtbot, desk, services, answer_yes
) -> None:
    load_from_the_welcome_screen(qtbot, desk)
    assert desk.current_page() == TODAY_PAGE  # where the app opens: what to do today
    today = desk.today_page
    assert today.todo_model.rowCount() >= 3
    assert today.lapsed_model.rowCount() >= 3
    assert today.outreach_model.rowCount() == 2
    assert today.week_model.rowCount() >= 1
    assert "overdue" in today.summary.text()
    assert not today.todos_section.empty.isVisible()
    assert not today.week_section.empty.isVisible()

    desk.show_page(MEETINGS_PAGE)
    page = desk.meetings_page
    rows = meeting_rows(page)
    assert {title: rows.get(title) for title in INTERVIEWS} == INTERVIEWS
    assert page.model.rowCount() == 6
    for title in INTERVIEWS:  # open each one, as a curious user would
        row = next(
            r for r in range(page.model.rowCount()) if page.model.index(r, 1).data() == title
        )
        page.table.selectRow(row)
        record = services.meetings.get(page.editor.meeting_id)
        assert record.title == title and len(record.questions) >= 10
        if record.status == "held":
            assert sum(bool(q.answer) for q in record.questions) >= 7
            assert services.meetings.referrals(meeting_id=record.id)
    desk.show_page(MAP_PAGE)
    desk.show_page(TODAY_PAGE)
    # Looking is not working on them: undo would still remove everything.
    preview = services.imports.undo_preview()
    assert (preview.kept, preview.meetings) == (0, 6)

    desk.show_page(MEETINGS_PAGE)
    desk.imports.undo_action.trigger()  # Edit → Undo Last Import…, answered Yes
    assert services.contacts.counts().people == 0
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    desk.show_page(TODAY_PAGE)
    assert today.todo_model.rowCount() == 0 and today.outreach_model.rowCount() == 0
    assert today.week_model.rowCount() == 0
