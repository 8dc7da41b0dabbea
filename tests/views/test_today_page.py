"""The Today page in the real window: it opens there; completing, snoozing and undoing
to-dos; getting back in touch; quick-logging with Ctrl+L; the person's timeline."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.meetings.records import MeetingRecord
from netdesk.views.charts import ColumnChart, RateChart, RowChart
from netdesk.views.main_window import CONTACTS_PAGE, TODAY_PAGE
from netdesk.views.models.followup_models import (
    LapsedTableModel,
    OutreachTableModel,
    TimelineListModel,
    WeekMeetingListModel,
)
from netdesk.views.quick_log import QuickLogDialog
from netdesk.views.today.dialogs import RelationDefaultsModel
from tests.frozen_time import TEST_NOW, TODAY, local_day_of_utc
from tests.views.windows import build_window


def committed(services, sql: str, *params):
    return services.db.execute_sql(sql, params).fetchall()


@pytest.fixture
def network(services):
    """Mia (held a coffee yesterday: thank her today), Omar (a mentor not heard from in
    three months), an overdue to-do, and a LinkedIn-only connection long silent."""
    contacts, meetings = services.contacts, services.meetings
    mia = contacts.save(ContactRecord(display_name="Mia Chen", relation="friend", closeness=4))
    omar = contacts.save(ContactRecord(display_name="Omar Haddad", relation="mentor", closeness=5))
    contacts.save(ContactRecord(display_name="Lin Kedin", relation="linkedin", closeness=1))
    meetings.save(
        MeetingRecord(
            title="Coffee with Mia",
            status="held",
            starts_at=TEST_NOW - timedelta(days=1),
            people=[mia.id],
        )
    )
    services.db.execute_sql(
        "UPDATE contact SET last_interaction = ? WHERE id = ?",
        ((TODAY - timedelta(days=90)).isoformat(), omar.id),
    )
    services.db.execute_sql(
        "UPDATE contact SET last_interaction = '2019-01-01' WHERE relation = 'linkedin'"
    )
    overdue = services.todos.add("Update the résumé", due_on=TODAY - timedelta(days=3))
    return mia.id, omar.id, overdue.id


@pytest.fixture
def today_window(qtbot, services, qapp, network):
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    tasks.wait(10_000)


def titles(page) -> list[str]:
    model = page.todo_model
    return [model.todo(row).title for row in range(model.rowCount())]


def select_todo(qtbot, page, title: str) -> None:
    row = titles(page).index(title)
    page.todo_list.setCurrentIndex(page.todo_model.index(row, 0))


def test_the_window_opens_on_today(today_window, network) -> None:
    page = today_window.today_page
    assert today_window.pages.currentWidget() is page
    assert today_window.navigation.currentIndex().data() == "Today"
    assert titles(page) == ["Update the résumé", "Thank Mia Chen for “Coffee with Mia”"]
    assert "1 overdue · 1 to do today" in page.summary.text()
    # Omar is overdue; the LinkedIn-only connection has no cadence and is not listed.
    assert [p.name for p in page.data.lapsed] == ["Omar Haddad"]
    assert page.lapsed_table.isVisible() and not page.lapsed_section.empty.isVisible()
    assert page.awaiting_section.empty.isVisible()  # no requests yet: a calm line


def test_complete_a_thank_you_by_keyboard_then_undo(qtbot, today_window, services, network):
    mia, _omar, _overdue = network
    page = today_window.today_page
    select_todo(qtbot, page, "Thank Mia Chen for “Coffee with Mia”")
    page.todo_list.setFocus()
    qtbot.keyClick(page.todo_list, Qt.Key.Key_Space)

    assert committed(services, "SELECT done_at IS NOT NULL FROM todo WHERE kind = 'thank_you'") == [
        (1,)
    ]
    # Thanked outside NetDesk: "share something of value" comes two weeks later.
    assert committed(
        services, "SELECT due_on FROM todo WHERE kind = 'share_value' AND contact_id = ?", mia
    ) == [((TODAY + timedelta(days=14)).isoformat(),)]
    assert "something of value" in today_window.statusBar().currentMessage()
    # The done row stays, struck through, until the page is refreshed.
    row = titles(page).index("Thank Mia Chen for “Coffee with Mia”")
    assert page.todo_model.todo(row).is_done

    today_window.undo_stack.undo()
    assert committed(services, "SELECT done_at FROM todo WHERE kind = 'thank_you'") == [(None,)]
    assert committed(services, "SELECT count(*) FROM todo WHERE kind = 'share_value'") == [(0,)]
    assert len(titles(page)) == 2


def test_done_button_and_snooze_menu(qtbot, today_window, services, network) -> None:
    _mia, _omar, overdue = network
    page = today_window.today_page
    select_todo(qtbot, page, "Update the résumé")
    (tomorrow,) = [a for a in page.todo_snooze.menu().actions() if "tomorrow" in a.text()]
    tomorrow.trigger()
    assert committed(services, "SELECT snoozed_until FROM todo WHERE id = ?", overdue) == [
        ((TODAY + timedelta(days=1)).isoformat(),)
    ]
    assert "Update the résumé" not in titles(page)
    today_window.undo_stack.undo()
    assert "Update the résumé" in titles(page)

    select_todo(qtbot, page, "Update the résumé")
    qtbot.mouseClick(page.todo_done, Qt.MouseButton.LeftButton)
    assert committed(services, "SELECT done_at IS NOT NULL FROM todo WHERE id = ?", overdue) == [
        (1,)
    ]
    page.refresh()  # e.g. coming back to the page: done ones are gone
    assert titles(page) == ["Thank Mia Chen for “Coffee with Mia”"]


def test_snooze_and_stop_reminding_a_lapsed_relationship(qtbot, today_window, services, network):
    _mia, omar, _overdue = network
    page = today_window.today_page
    page.lapsed_table.setCurrentIndex(page.lapsed_model.index(0, 0))
    month = next(a for a in page.lapsed_snooze.menu().actions() if "month" in a.text())
    month.trigger()
    assert committed(services, "SELECT snoozed_until FROM keep_in_touch") == [
        ((TODAY + timedelta(days=30)).isoformat(),)
    ]
    assert page.lapsed_section.empty.isVisible()
    today_window.undo_stack.undo()
    assert [p.contact_id for p in page.data.lapsed] == [omar]

    page.lapsed_table.setCurrentIndex(page.lapsed_model.index(0, 0))
    qtbot.mouseClick(page.lapsed_stop, Qt.MouseButton.LeftButton)
    assert committed(services, "SELECT stopped FROM keep_in_touch WHERE contact_id = ?", omar) == [
        (1,)
    ]
    assert page.data.lapsed == []
    today_window.undo_stack.undo()
    assert [p.contact_id for p in page.data.lapsed] == [omar]


def test_ctrl_l_logs_a_call_and_the_reminder_goes(qtbot, today_window, services, network):
    mia, omar, _overdue = network
    page = today_window.today_page
    page.lapsed_table.setCurrentIndex(page.lapsed_model.index(0, 0))
    qtbot.mouseClick(page.lapsed_log, Qt.MouseButton.LeftButton)
    dialog = today_window.last_dialog
    assert isinstance(dialog, QuickLogDialog) and dialog.person.contact_id() == omar
    dialog.kind.setCurrentIndex(dialog.kind.findData("call"))
    qtbot.keyClicks(dialog.summary, "Caught up about the new team")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert committed(
        services, "SELECT kind, summary FROM interaction WHERE contact_id = ?", omar
    ) == [("call", "Caught up about the new team")]
    qtbot.waitUntil(lambda: page.data.lapsed == [])

    # Ctrl+L from anywhere; the person is typed and picked from the suggestions.
    today_window.show_page(CONTACTS_PAGE)
    today_window.activateWindow()  # back from the dialog, as the window manager does
    qtbot.waitUntil(lambda: QApplication.activeWindow() is today_window)
    qtbot.keyClick(today_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = today_window.last_dialog
    assert isinstance(dialog, QuickLogDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.person, "mia")
    popup = dialog.person.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "Mia Chen"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.person.text() == "Mia Chen")
    assert dialog.person.contact_id() == mia
    dialog.give_ask.setCurrentIndex(dialog.give_ask.findData("give"))
    dialog.summary.setFocus()
    qtbot.keyClicks(dialog.summary, "Sent her the paper")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    assert committed(
        services, "SELECT give_ask FROM interaction WHERE summary = 'Sent her the paper'"
    ) == [("give",)]


def test_the_person_page_shows_cadence_timeline_and_balance(qtbot, today_window, services, network):
    _mia, omar, _overdue = network
    for _ in range(3):
        services.interactions.log(omar, "email", "Asked for an introduction", give_ask="ask")
    today_window.open_contact(omar)
    panel = today_window.relationship
    assert panel.contact_id == omar
    assert panel.interval.currentText() == "As for mentor: every 2 months"
    assert "Next by" in panel.cadence_status.text()
    assert panel.timeline_model.rowCount() == 3
    assert panel.nudge.isVisible() and "3 times" in panel.nudge.text()

    panel.interval.setCurrentIndex(panel.interval.findData(14))
    assert services.followups.keep_in_touch.cadence(omar).own_interval == 14
    panel.interval.setCurrentIndex(panel.interval.findText("Don't remind me"))
    assert services.followups.keep_in_touch.cadence(omar).stopped

    entry = panel.timeline_model.row_item(0)
    panel.mark(entry.interaction_id, "give")
    assert services.followups.reciprocity.balance(omar).gives == 1
    panel.delete_entry(entry.interaction_id)
    assert panel.timeline_model.rowCount() == 2
    today_window.undo_stack.undo()
    assert panel.timeline_model.rowCount() == 3


def test_outreach_accepted_plans_the_meeting(qtbot, today_window, services, network) -> None:
    mia, _omar, _overdue = network
    services.followups.outreach.add(mia, sent_on=TODAY - timedelta(days=20))
    page = today_window.today_page
    page.refresh()
    assert page.outreach_model.rowCount() == 1
    assert "no answer yet" in page.outreach_model.index(0, 3).data()
    page.outreach_table.setCurrentIndex(page.outreach_model.index(0, 0))
    qtbot.mouseClick(page.accepted_button, Qt.MouseButton.LeftButton)
    assert committed(services, "SELECT response FROM outreach") == [("accepted",)]
    assert today_window.current_page() != TODAY_PAGE  # the new meeting is open
    assert today_window.meetings_page.editor.meeting_id is not None


def test_an_empty_network_offers_first_steps(qtbot, qapp, services) -> None:
    win, tasks = build_window(qtbot, qapp, services)
    page = win.today_page
    assert page.welcome_wrapper.isVisible()
    assert page.todos_section.empty.isVisible() and page.lapsed_section.empty.isVisible()
    with qtbot.waitSignal(page.sample_requested):
        qtbot.mouseClick(
            page.findChild(type(page.new_todo_button), "welcomeSample"), Qt.MouseButton.LeftButton
        )
    tasks.wait(10_000)
    qtbot.waitUntil(lambda: not page.welcome_wrapper.isVisible(), timeout=10_000)
    tasks.wait(10_000)


def test_models_pass_the_model_tester(qtmodeltester, today_window, services, network) -> None:
    page = today_window.today_page
    mia, _omar, _ = network
    services.followups.outreach.add(mia)
    page.refresh()
    for model in (page.lapsed_model, page.outreach_model, page.week_model, page.todo_model):
        qtmodeltester.check(model)
    timeline = TimelineListModel()
    timeline.set_rows(services.followups.timeline.for_contact(mia))
    qtmodeltester.check(timeline)
    qtmodeltester.check(RelationDefaultsModel(services.followups.keep_in_touch))
    for empty in (LapsedTableModel(), OutreachTableModel(), WeekMeetingListModel()):
        qtmodeltester.check(empty)


def test_charts_draw_their_numbers(qtbot) -> None:
    columns, rows, rates = ColumnChart("c"), RowChart("r"), RateChart("a")
    for chart in (columns, rows, rates):
        qtbot.addWidget(chart)
        chart.resize(300, 120)
    columns.set_bars([("Jan", 0), ("Feb", 3)], "3 meetings")
    rows.set_rows([("Friend", 5), ("Mentor", 2)], "Friend: 5, Mentor: 2")
    rates.set_rows([("Warm", 3, 1, 0, 1), ("Cold", 0, 0, 0, 0)], "Warm: 75 % of 4")
    for chart in (columns, rows, rates):
        assert not chart.grab().isNull()
    assert rates.accessibleDescription() == "Warm: 75 % of 4"
    assert rows.height() >= 2 * rows.fontMetrics().height()
    QApplication.processEvents()


def test_a_dropped_export_also_reads_messages_and_invitations(
    qtbot, today_window, services, tmp_path
) -> None:
    from tests.helpers import PREAMBLE, export_zip

    url = "https://www.linkedin.com/in/nia-park"
    export = export_zip(
        tmp_path / "Complete_LinkedInDataExport_11-30-2026.zip",
        {
            "Connections.csv": PREAMBLE
            + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            + f"Nia,Park,{url},,Larkspur Labs,Designer,07 Feb 2024",
            "messages.csv": "FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE\n"
            f"Nia Park,{url},Ada,https://www.linkedin.com/in/ada,2026-10-06 13:51:11 UTC\n",
        },
    )
    today_window.imports.import_paths([export])
    qtbot.waitUntil(
        lambda: "moved forward for 1 person" in today_window.statusBar().currentMessage(),
        timeout=10_000,
    )
    assert committed(
        services, "SELECT last_interaction FROM contact WHERE display_name = 'Nia Park'"
    ) == [(local_day_of_utc("2026-10-06 13:51:11"),)]
    today_window.last_dialog.close()  # the connections summary


def test_notification_at_start_only_when_asked(qtbot, today_window, services, monkeypatch):
    from PySide6.QtWidgets import QSystemTrayIcon

    shown: list[str] = []
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    monkeypatch.setattr(
        QSystemTrayIcon, "showMessage", lambda self, title, text, *args: shown.append(text)
    )
    assert (
        today_window.followups.notify_overdue_at_start() is None and shown == []
    )  # off by default
    services.followups.today.set_notify_at_start(True)
    text = today_window.followups.notify_overdue_at_start()
    assert shown == [text] and text.startswith("1 overdue follow-up")
    today_window.tray.hide()


def test_quick_log_undo_and_a_page_left_open_past_midnight(qtbot, services, qapp, network):
    mia, _omar, _overdue = network
    clock = services.clock
    clock.set(datetime.combine(TODAY, time(23, 59)))
    win, tasks = build_window(qtbot, qapp, services)
    page = win.today_page
    page.refresh()
    assert page.data.today == TODAY
    clock.advance(minutes=2)
    page._on_day_timer()  # the timer's minute, without waiting
    tomorrow = TODAY + timedelta(days=1)
    assert page.data.today == tomorrow
    assert f"{tomorrow.day} {tomorrow:%B}" in page.heading.text()

    dialog = win.followups.quick_log(mia)
    dialog.summary.setText("Lunch")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    assert [i.summary for i in services.interactions.for_contact(mia)] == ["Lunch"]
    assert services.contacts.get(mia).last_interaction == tomorrow.isoformat()
    win.undo_stack.undo()
    assert services.interactions.for_contact(mia) == []
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert services.contacts.get(mia).last_interaction == yesterday  # the coffee again
    win.undo_stack.redo()
    assert [i.summary for i in services.interactions.for_contact(mia)] == ["Lunch"]
    tasks.wait(10_000)


def test_ticking_a_thank_you_on_the_persons_page_plans_the_next_step(
    qtbot, today_window, services, network
) -> None:
    mia, _omar, _overdue = network
    today_window.open_contact(mia)
    todo_list = today_window.contacts_page.editor.todo_list
    todo_list.setCurrentIndex(todo_list.model().index(0, 0))
    todo_list.setFocus()
    qtbot.keyClick(todo_list, Qt.Key.Key_Space)
    assert [t.kind for t in services.todos.list(contact_id=mia)] == ["share_value"]


def test_write_a_check_in_opens_a_keeping_in_touch_draft(qtbot, qapp, services, network):
    _mia, omar, _overdue = network
    # Omar has an open outreach to-do, which would otherwise pick an outreach draft.
    services.todos.add("Reach out again", kind="outreach", contact_id=omar)
    win, tasks = build_window(
        qtbot,
        qapp,
        services,
    )
    page = win.today_page
    page.lapsed_table.setCurrentIndex(page.lapsed_model.index(0, 0))
    assert page.lapsed_email.isVisible()
    qtbot.mouseClick(page.lapsed_email, Qt.MouseButton.LeftButton)
    dialog = win.last_dialog
    assert dialog.objectName() == "draftDialog" and dialog.contact_id == omar
    assert dialog.current_draft().purpose == "keep_in_touch"
    assert dialog.subject.text() == "Catching up"
    dialog.close()
    tasks.wait(10_000)


def test_this_weeks_meeting_opens_and_reminder_defaults_edit(qtbot, today_window, services):
    when = TEST_NOW + timedelta(minutes=5)  # still today: inside this week, on any day
    meeting = services.meetings.save(
        MeetingRecord(title="Coffee soon", status="scheduled", starts_at=when)
    )
    page = today_window.today_page
    page.refresh()
    # Yesterday's coffee with Mia is this week's too, unless today is a Monday.
    earlier = ["Coffee with Mia"] if TODAY.weekday() != 0 else []
    assert [m.title for m in page.data.meetings] == [*earlier, "Coffee soon"]
    page.week_list.doubleClicked.emit(page.week_model.index(len(earlier), 0))
    assert today_window.meetings_page.editor.meeting_id == meeting.id

    dialog = page.edit_reminders()
    model = dialog.model
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    colleague = model.index(rows["Colleague"], 1)
    assert model.setData(colleague, 30)
    assert services.followups.keep_in_touch.relation_defaults()["colleague"] == 30
    assert "(changed)" in colleague.data()
    linkedin = model.index(rows["LinkedIn only"], 1)
    assert not model.flags(linkedin) & Qt.ItemFlag.ItemIsEditable
    dialog.notify.setChecked(True)
    assert services.followups.today.notify_at_start()
    dialog.close()


def test_this_weeks_meetings_name_the_people_once() -> None:
    from datetime import datetime

    from netdesk.services.followups.today import WeekMeeting

    model = WeekMeetingListModel()
    start = datetime(2026, 12, 3, 16, 30).astimezone()
    model.set_rows(
        [
            WeekMeeting(1, "Call with Aiko Kim", "scheduled", start, "Aiko Kim"),
            WeekMeeting(2, "Coffee", "scheduled", start, "Mia Chen, Omar Haddad"),
            WeekMeeting(3, "Lunch with Mia", "scheduled", start, "Mia Chen"),
        ]
    )
    texts = [model.index(row, 0).data() for row in range(3)]
    assert texts[0].endswith("Call with Aiko Kim")
    assert texts[1].endswith("Coffee with Mia Chen, Omar Haddad")
    assert texts[2].endswith("Lunch with Mia with Mia Chen")  # only part of the name: say it


def test_the_coming_week_opens_from_its_link(qtbot, today_window, services, network) -> None:
    page = today_window.today_page
    services.todos.add("Send Omar the article", due_on=TODAY + timedelta(days=2))
    services.todos.add("Plan the alumni evening", due_on=TODAY + timedelta(days=30))
    page.refresh()
    due_now = titles(page)
    assert page.todos_section.hint.text() == (
        "<a href='#show-upcoming'>1 more follow-up due in the coming week</a>"
    )
    hint = page.todos_section.hint
    qtbot.mouseClick(hint, Qt.MouseButton.LeftButton, pos=QPoint(20, hint.height() // 2))
    assert titles(page) == [*due_now, "Send Omar the article"]  # not next month's
    assert "Only what is due" in page.todos_section.hint.text()
    page.todos_section.hint.linkActivated.emit("#hide-upcoming")
    assert titles(page) == due_now


def test_counts_agree_with_their_nouns(qtbot, today_window, services, network) -> None:
    _mia, omar, _overdue = network
    services.followups.outreach.add(omar, channel="email")
    services.followups.interactions.log(omar, "call", give_ask="give")
    page = today_window.today_page
    page.refresh()
    assert page.acceptance_caption.text() == "1 request sent, no answers yet."
    assert page.reciprocity_caption.text() == "You gave 1 time and asked 1 time."


def test_the_chosen_follow_up_stays_chosen_when_the_page_refreshes(
    qtbot, today_window, network
) -> None:
    page = today_window.today_page
    select_todo(qtbot, page, "Thank Mia Chen for “Coffee with Mia”")
    page.refresh()  # e.g. after logging an interaction elsewhere
    current = page.todo_list.currentIndex()
    assert page.todo_model.todo(current.row()).title == "Thank Mia Chen for “Coffee with Mia”"
