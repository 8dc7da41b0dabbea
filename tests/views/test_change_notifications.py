"""Pages follow what the services announce: a change made anywhere (another page, a
background thread) shows where the user looks, and hidden pages catch up when shown."""

from __future__ import annotations

import threading

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.main_window import CONTACTS_PAGE, MAP_PAGE, TODAY_PAGE


def test_a_person_added_on_another_thread_appears_in_the_open_list(qtbot, window, services):
    worker = threading.Thread(
        target=lambda: services.contacts.save(ContactRecord(display_name="Aiko Tanaka"))
    )
    worker.start()
    worker.join(10)
    page = window.contacts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, 0).data() == "Aiko Tanaka"
    qtbot.waitUntil(lambda: window.counts_label.text().startswith("1 person"))


def test_a_hidden_page_waits_until_it_is_shown(qtbot, window, services):
    today = window.today_page
    window.show_page(TODAY_PAGE)
    shown_before = today.todo_model.rowCount()
    window.show_page(CONTACTS_PAGE)
    built = today.data
    services.todos.add("Send Aiko the article", due_on=services.clock.today())
    services.todos.add("Ask about the platform team", due_on=services.clock.today())
    qtbot.wait(20)  # the announcements arrive while Today is hidden
    assert today.data is built  # not read for nobody
    window.show_page(TODAY_PAGE)
    assert today.data is not built
    assert today.todo_model.rowCount() == shown_before + 2


def test_the_map_is_read_only_when_first_shown(qtbot, window, services):
    services.imports.import_sample_network()
    qtbot.wait(20)
    assert window.map_page.network is None  # nobody looked at it yet
    with qtbot.waitSignal(window.map_page.network_loaded, timeout=20_000):
        window.show_page(MAP_PAGE)
    assert len(window.map_page.network.people) > 20


def test_one_action_is_one_announcement(qtbot, window, services):
    heard = []
    window.changes.changed.connect(heard.append)
    person = services.contacts.save(ContactRecord(display_name="Aiko Tanaka"))
    services.meetings.record_referral(person.id, new_person=ContactRecord(display_name="Omar"))
    qtbot.waitUntil(lambda: len(heard) == 2)
    qtbot.wait(20)
    assert len(heard) == 2  # the referral's new person and to-do came with it, not apart
