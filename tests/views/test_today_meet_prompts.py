"""Today's "Did you meet …?" from the calendar: Record It makes a held meeting with a
thank-you to-do and opens it; Not a Meeting asks no more, and Ctrl+Z asks again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netdesk.services.calendar.account import CalendarAccount
from netdesk.services.contacts.records import ContactRecord
from netdesk.views.main_window import MEETINGS_PAGE, TODAY_PAGE
from tests.views.windows import build_window, settle


@pytest.fixture
def asked(services) -> dict[str, object]:
    """Two of the user's own events with Dana, ended yesterday, as the sync leaves them."""
    dana = services.contacts.save(ContactRecord(display_name="Dana Cruz", relation="friend")).id
    account, _ = services.calendar.accounts.save(
        CalendarAccount(server_url="https://cal.example.org", username="ada")
    )
    start = (services.clock.now() - timedelta(days=1)).replace(
        hour=15, minute=0, second=0, microsecond=0
    )
    for uid, summary, hour in (("e1", "Coffee", 15), ("e2", "Lunch at the fair", 12)):
        at = start.replace(hour=hour)
        services.db.execute_sql(
            "INSERT INTO calendar_event (account_id, uid, href, summary, starts_at, ends_at, "
            "people, prompt) VALUES (?, ?, ?, ?, ?, ?, ?, 'open')",
            (account.id, uid, f"/cal/{uid}.ics", summary, services.clock.wall(at),
             services.clock.wall(at + timedelta(minutes=45)), str(dana)),
        )  # fmt: skip
    return {"dana": dana, "start": start}


@pytest.fixture
def window(qtbot, qapp, services, asked):
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(TODAY_PAGE)
    yield win
    tasks.wait(10_000)


def lines(page) -> list[str]:
    return [page.meet_model.index(r, 0).data() for r in range(page.meet_model.rowCount())]


def test_record_it_makes_a_held_meeting_and_opens_it(qtbot, window, services, asked) -> None:
    page, start = window.today_page, asked["start"]
    day = f"{start.day} {start:%b}"
    assert page.meet_section.isVisible()
    assert lines(page) == [
        f"Did you meet Dana Cruz on {day}? (Coffee, 15:00)",
        f"Did you meet Dana Cruz on {day}? (Lunch at the fair, 12:00)",
    ]
    qtbot.mouseClick(page.record_meeting_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == MEETINGS_PAGE
    (row,) = services.meetings.list()
    meeting = services.meetings.get(row.id)
    assert (meeting.title, meeting.status, meeting.people) == ("Coffee", "held", [asked["dana"]])
    assert meeting.starts_at == start and meeting.duration_minutes == 45
    assert [t.kind for t in services.todos.list(contact_id=asked["dana"])] == ["thank_you"]
    window.show_page(TODAY_PAGE)
    qtbot.waitUntil(lambda: len(lines(page)) == 1)


def test_not_a_meeting_asks_no_more_and_ctrl_z_asks_again(qtbot, window, services) -> None:
    page = window.today_page
    page.meet_list.setCurrentIndex(page.meet_model.index(1, 0))
    qtbot.mouseClick(page.dismiss_meeting_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(lines(page)) == 1)
    assert "Coffee" in lines(page)[0]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle()
    qtbot.waitUntil(lambda: len(lines(page)) == 2)
    assert services.meetings.list() == []


def test_no_question_no_section(qtbot, qapp, services) -> None:
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(TODAY_PAGE)
    assert not win.today_page.meet_section.isVisible()
    tasks.wait(10_000)


def test_netdesk_today_lists_the_question(services, asked) -> None:
    from netdesk.cli.today import today_dict, today_lines

    data = services.followups.today.build()
    (coffee, _lunch) = [p for p in today_dict(data)["prompts"] if p["kind"] == "did_you_meet"]
    start = asked["start"]
    assert coffee["text"] == f"Did you meet Dana Cruz on {start.day} {start:%b}?"
    assert (coffee["contact_ids"], coffee["summary"]) == ([asked["dana"]], "Coffee")
    assert f"  - {coffee['text']}" in today_lines(data)
