"""A networking event on the Today page: the people met are one line of the follow-ups
that opens onto each person's to-do (done, snoozed, undone as any other) and opens the
event; the Numbers show which events led to conversations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from netdesk.views.charts import ConversionChart
from netdesk.views.main_window import EVENTS_PAGE
from tests.frozen_time import TODAY
from tests.views.windows import build_window, settle

MET = "* Aiko Tanaka, Kestrel — wants intros to fintech\nBen Okafor, Ledgerly\nCleo Park"


def committed(services, sql: str, *params):
    return services.db.execute_sql(sql, params).fetchall()


def top_lines(page) -> list[str]:
    model = page.todo_model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def press(qtbot, page, key: Qt.Key) -> None:
    qtbot.keyClick(page.todo_list, key)


@pytest.fixture
def guild(services, clock):
    """The Data Guild evening yesterday, three people met (Aiko starred), a to-do of
    the user's own; then the next day comes, when the notes are due."""
    held = TODAY - timedelta(days=1)
    event = services.events.add("Data Guild evening", held, place="Kantine")
    services.events.capture(event.id, MET)
    services.todos.add("Update the résumé", due_on=TODAY)
    clock.advance(days=1)
    return event.id, held


@pytest.fixture
def today_window(qtbot, services, qapp, guild):
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    tasks.wait(10_000)


def test_the_people_met_are_one_line_that_opens_onto_each(
    qtbot, today_window, services, guild
) -> None:
    event_id, held = guild
    page = today_window.today_page
    line = f"3 people from {held:%A}'s Data Guild evening still waiting for a note"
    assert top_lines(page) == [f"Update the résumé — overdue since {TODAY:%d %b}", line]
    assert page.summary.text().startswith("1 overdue · 3 to do today")

    group = page.todo_model.index(1, 0)
    rect = page.todo_list.visualRect(group)
    qtbot.mouseClick(page.todo_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.todo_list.currentIndex() == group
    assert page.todo_open.text() == "Open event" and not page.todo_done.isEnabled()
    page.todo_list.setFocus()
    press(qtbot, page, Qt.Key.Key_Right)  # opens the line onto the people
    assert page.todo_list.isExpanded(group)
    people = [page.todo_model.index(row, 0, group).data() for row in range(3)]
    assert people[0].startswith(
        "Say nice to meet you to Aiko Tanaka (Data Guild evening: wants intros to fintech)"
    )
    assert [p.split(" (")[0] for p in people[1:]] == [
        "Say nice to meet you to Ben Okafor",
        "Say nice to meet you to Cleo Park",
    ]

    press(qtbot, page, Qt.Key.Key_Down)  # Aiko
    assert page.todo_open.text() == "Open person" and page.todo_done.isEnabled()
    qtbot.mouseClick(page.todo_done, Qt.MouseButton.LeftButton)
    assert committed(
        services,
        "SELECT t.kind FROM todo t JOIN contact c ON c.id = t.contact_id "
        "WHERE t.done_at IS NOT NULL AND c.display_name = 'Aiko Tanaka'",
    ) == [("check_in",)]
    assert page.todo_model.index(1, 0).data() == line.replace("3 people", "2 people")
    settle()  # the page hears of the change: the done one goes, the line stays open
    group = page.todo_model.index(1, 0)
    assert page.todo_list.isExpanded(group)
    assert page.todo_model.rowCount(group) == 2
    # The next person of the evening is chosen: tick through them one after another.
    assert page.todo_list.currentIndex() == page.todo_model.index(0, 0, group)
    assert page.todo_model.todo(page.todo_list.currentIndex()).contact_name == "Ben Okafor"

    today_window.undo_stack.undo()
    settle()
    assert top_lines(page)[1] == line
    assert page.todo_list.isExpanded(page.todo_model.index(1, 0))

    # Ben, by keyboard: Space ticks him; the email button writes to him.
    ben = page.todo_model.index(1, 0, page.todo_model.index(1, 0))
    page.todo_list.setCurrentIndex(ben)
    assert page.todo_email.isEnabled()
    with qtbot.waitSignal(today_window.today_page.status_message):
        press(qtbot, page, Qt.Key.Key_Space)
    assert committed(
        services,
        "SELECT count(*) FROM todo t JOIN contact c ON c.id = t.contact_id "
        "WHERE t.done_at IS NOT NULL AND c.display_name = 'Ben Okafor'",
    ) == [(1,)]

    # Enter on the event's line opens the event's page.
    page.todo_list.setCurrentIndex(page.todo_model.index(1, 0))
    with qtbot.waitSignal(page.event_requested) as opened:
        press(qtbot, page, Qt.Key.Key_Return)
    assert opened.args == [event_id]
    assert today_window.current_page() == EVENTS_PAGE
    events = today_window.events_page
    assert events.current_event_id() == event_id
    assert events.detail.summary.text().startswith("3 met · 1 followed up")


def test_snoozing_one_person_leaves_the_others_on_the_line(
    qtbot, today_window, services, guild
) -> None:
    page = today_window.today_page
    group = page.todo_model.index(1, 0)
    page.todo_list.setExpanded(group, True)
    cleo = page.todo_model.index(2, 0, group)
    page.todo_list.setCurrentIndex(cleo)
    (tomorrow,) = [a for a in page.todo_snooze.menu().actions() if "tomorrow" in a.text()]
    tomorrow.trigger()
    assert committed(
        services,
        "SELECT t.snoozed_until FROM todo t JOIN contact c ON c.id = t.contact_id "
        "WHERE c.display_name = 'Cleo Park' AND t.kind = 'check_in'",
    ) == [((TODAY + timedelta(days=2)).isoformat(),)]
    assert top_lines(page)[1].startswith("2 people from ")
    # Double-clicking the line opens the event too.
    at = page.todo_list.visualRect(page.todo_model.index(1, 0)).center()
    with qtbot.waitSignal(page.event_requested):
        qtbot.mouseClick(page.todo_list.viewport(), Qt.MouseButton.LeftButton, pos=at)
        qtbot.mouseDClick(page.todo_list.viewport(), Qt.MouseButton.LeftButton, pos=at)


def test_the_model_with_event_lines_passes_the_model_tester(
    qtmodeltester, today_window, guild
) -> None:
    page = today_window.today_page
    page.todo_list.setExpanded(page.todo_model.index(1, 0), True)
    qtmodeltester.check(page.todo_model)


def test_the_numbers_show_people_met_and_conversations_per_event(
    qtbot, qapp, services, guild
) -> None:
    event_id, held = guild
    aiko = committed(services, "SELECT id FROM contact WHERE display_name = 'Aiko Tanaka'")[0][0]
    meeting = committed(
        services,
        "INSERT INTO meeting (title, status, starts_at, created_at, updated_at) "
        "VALUES ('Coffee with Aiko', 'scheduled', ?, ?, ?) RETURNING id",
        f"{TODAY + timedelta(days=5)}T10:00:00",
        str(TODAY),
        str(TODAY),
    )[0][0]
    committed(services, "INSERT INTO meeting_person VALUES (?, ?)", meeting, aiko)
    earlier = services.events.add("Career fair", held - timedelta(days=30), kind="career_fair")
    win, tasks = build_window(qtbot, qapp, services)
    page = win.today_page
    chart = page.findChild(ConversionChart, "eventsChart")
    label = f"Data Guild evening · {held.day} {held:%b}"
    assert chart.isVisible()
    assert chart.rows() == [
        (label, 3, 1),
        (f"Career fair · {(held - timedelta(days=30)).day} "
         f"{held - timedelta(days=30):%b}", 0, 0),
    ]  # fmt: skip
    assert chart.accessibleDescription().startswith(f"{label}: 3 people met, 1 conversation;")
    assert page.events_caption.text() == (
        "1 conversation with the 3 people met at the last 2 events (33 %); "
        "a meeting agreed or held since counts."
    )
    assert not chart.grab().isNull()
    services.events.delete(event_id)
    services.events.delete(earlier.id)
    page.refresh()
    assert not chart.isVisible()
    assert "Capture People Met" in page.events_caption.text()
    tasks.wait(10_000)
