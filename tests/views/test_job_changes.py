"""Job changes in the window: a newer LinkedIn export's moves and promotions on Today
(Congratulate opens the congratulation draft, Dismiss asks no more and Ctrl+Z asks again,
Enter opens the person), the person's job history on their page, and the contact list's
"Changed job in the last 90 days"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.db.models import Position
from netdesk.services.contacts.records import ContactFilter
from netdesk.views.contacts.page import CHANGED_JOB
from netdesk.views.main_window import CONTACTS_PAGE, TODAY_PAGE
from tests.helpers import HEADER_2023, write
from tests.views.windows import build_window, settle


def export(tmp_path, name: str, *rows: str):
    """An export with each person's profile URL (how a re-import knows someone moved)."""
    lines = []
    for row in rows:
        first, last, rest = row.split(",", 2)
        url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"
        lines.append(f"{first},{last},{url},{rest}")
    return write(tmp_path / name, HEADER_2023 + "\n" + "\n".join(lines))


@pytest.fixture
def people(services, tmp_path, clock) -> dict[str, int]:
    """Four connections; thirty days later a newer export shows Priya moved, Marta
    promoted and Omar with a sideways title (no question)."""
    first = export(
        tmp_path,
        "first.csv",
        "Priya,Wei,priya@x.example,Northwind,Data Analyst,01 Mar 2024",
        "Marta,Ruiz,marta@x.example,Cobalt Health,Data Engineer,01 Mar 2024",
        "Omar,Haddad,,Kestrel,Analyst,01 Mar 2024",
        "Lena,Fischer,,Harbor Labs,Designer,01 Mar 2024",
    )
    services.imports.import_linkedin(first)
    clock.advance(days=30)
    newer = export(
        tmp_path,
        "newer.csv",
        "Priya,Wei,priya@x.example,Tidewater Bank,Data Analyst,01 Mar 2024",
        "Marta,Ruiz,marta@x.example,Cobalt Health,Head of Data,01 Mar 2024",
        "Omar,Haddad,,Kestrel,Business Analyst,01 Mar 2024",
        "Lena,Fischer,,Harbor Labs,Designer,01 Mar 2024",
    )
    services.imports.import_linkedin(newer)
    ids = services.contacts.query_ids(ContactFilter())
    return {p.display_name: p.id for p in services.contacts.records(ids)}


@pytest.fixture
def window(qtbot, qapp, services, people):
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(TODAY_PAGE)
    settle()
    yield win
    for dialog in QApplication.topLevelWidgets():
        if dialog.objectName() == "draftDialog":
            dialog.close()
    tasks.wait(10_000)


def lines(page) -> list[str]:
    return [page.jobs_model.index(r, 0).data() for r in range(page.jobs_model.rowCount())]


def seen(clock) -> str:
    return f"{clock.today().day} {clock.today():%b}"


def test_today_asks_to_congratulate_moves_and_promotions(window, clock) -> None:
    page = window.today_page
    assert page.jobs_section.isVisible() and page.congratulate_button.isVisible()
    day = seen(clock)
    assert lines(page) == [
        f"Marta Ruiz was promoted to Head of Data (seen in your export of {day})",
        f"Priya Wei moved from Northwind to Tidewater Bank (seen in your export of {day})",
    ]
    assert page.jobs_section.title.text() == "New jobs  (2)"


def test_dismiss_then_ctrl_z_asks_again(qtbot, window, services) -> None:
    page = window.today_page
    page.jobs_list.setCurrentIndex(page.jobs_model.index(0, 0))
    qtbot.mouseClick(page.dismiss_job_button, Qt.MouseButton.LeftButton)
    settle()
    qtbot.waitUntil(lambda: len(lines(page)) == 1)
    assert lines(page)[0].startswith("Priya Wei moved")
    assert [c.name for c in services.positions.job_changes()] == ["Priya Wei"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    qtbot.waitUntil(lambda: len(lines(page)) == 2)
    assert lines(page)[0].startswith("Marta Ruiz was promoted")


def test_congratulate_opens_the_congratulation_draft(qtbot, window, services, people) -> None:
    page = window.today_page
    priya = people["Priya Wei"]
    # Priya has an open to-do that would otherwise pick another draft.
    services.todos.add("Reach out again", kind="outreach", contact_id=priya)
    settle()
    row = page.jobs_model.row_where(lambda c: c.contact_id == priya)
    page.jobs_list.setCurrentIndex(page.jobs_model.index(row, 0))
    qtbot.mouseClick(page.congratulate_button, Qt.MouseButton.LeftButton)
    dialog = window.last_dialog
    assert dialog.objectName() == "draftDialog" and dialog.contact_id == priya
    assert dialog.current_draft().purpose == "congratulate"
    assert "started at Tidewater Bank" in dialog.body.toPlainText()
    assert "After your time at Northwind" in dialog.body.toPlainText()


def test_enter_opens_the_person(qtbot, window, people) -> None:
    page = window.today_page
    page.jobs_list.setCurrentIndex(page.jobs_model.index(0, 0))
    page.jobs_list.setFocus()
    qtbot.keyClick(page.jobs_list, Qt.Key.Key_Return)
    assert window.current_page() == CONTACTS_PAGE
    assert window.contacts_page.editor.contact_id == people["Marta Ruiz"]


def test_double_click_opens_the_person(qtbot, window, people) -> None:
    page = window.today_page
    rect = page.jobs_list.visualRect(page.jobs_model.index(1, 0))
    viewport = page.jobs_list.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page() == CONTACTS_PAGE
    assert window.contacts_page.editor.contact_id == people["Priya Wei"]


def test_the_person_page_shows_the_job_history(qtbot, window, services, people, clock) -> None:
    window.show_page(CONTACTS_PAGE)
    editor = window.contacts_page.editor
    window.contacts_page.select_contact(people["Marta Ruiz"])
    assert editor.job_history.isVisible()
    day = f"{clock.today().day} {clock.today():%b %Y}"
    assert editor.job_history.lines == [
        "Head of Data · Cobalt Health — current",
        f"Data Engineer · Cobalt Health — until {day} (seen in your export)",
    ]
    # One position and no shared past: nothing beyond the fields above, no empty box.
    window.contacts_page.select_contact(people["Lena Fischer"])
    assert editor.contact_id == people["Lena Fischer"]
    assert not editor.job_history.isVisible()


def test_a_former_colleague_says_where_and_when(qtbot, window, services, people) -> None:
    me = services.contacts.save_me("Ada Example")
    northwind = (
        Position.select(Position.organisation)
        .where(Position.contact == people["Priya Wei"], Position.ended_on.is_null(False))
        .bind(services.db)
        .scalar()
    )
    Position.insert(
        contact=me.id, organisation=northwind, role="Analyst", started_on="2019-04",
        ended_on="2021-08", source="positions_csv", created_at="2026-01-01 00:00:00",
    ).bind(services.db).execute()  # fmt: skip
    Position.update(started_on="2020-01").where(
        Position.contact == people["Priya Wei"], Position.organisation == northwind
    ).bind(services.db).execute()
    window.show_page(CONTACTS_PAGE)
    window.contacts_page.select_contact(people["Priya Wei"])
    history = window.contacts_page.editor.job_history
    assert history.isVisible()
    assert history.lines[-1] == "Former colleague: you were both at Northwind (2020–2021)"


def test_the_changed_job_filter_narrows_the_list(qtbot, window, services, people, clock) -> None:
    window.show_page(CONTACTS_PAGE)
    page = window.contacts_page
    assert page.model.rowCount() == 4
    page.scope.setFocus()
    index = page.scope.findData(CHANGED_JOB)
    assert page.scope.itemText(index) == "Changed job (90 days)"
    while page.scope.currentIndex() != index:  # as a user steps through the combo
        qtbot.keyClick(page.scope, Qt.Key.Key_Down)
    shown = sorted(page.model.index(r, 0).data() for r in range(page.model.rowCount()))
    assert shown == ["Marta Ruiz", "Omar Haddad", "Priya Wei"]
    # Ninety-one days on, by the injected clock, the changes are no longer recent.
    clock.advance(days=91)
    qtbot.keyClick(page.scope, Qt.Key.Key_Up)
    qtbot.keyClick(page.scope, Qt.Key.Key_Down)
    assert page.model.rowCount() == 0
