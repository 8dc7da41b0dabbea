"""A reply to an outreach request, seen in the mailbox, waits on Today: first in
"Awaiting an answer", asking "accepted?", until the user says what it answered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.main_window import TODAY_PAGE
from tests.frozen_time import TODAY
from tests.views.windows import build_window


@pytest.fixture
def requests(services) -> dict[str, int]:
    def ask(name: str, days_ago: int) -> int:
        person = services.contacts.save(ContactRecord(display_name=name, relation="friend"))
        return services.outreach.add(person.id, sent_on=TODAY - timedelta(days=days_ago)).id

    asked = {"mia": ask("Mia Chen", 9), "dana": ask("Dana Cruz", 3)}
    replied = f"{TODAY - timedelta(days=1)} 18:05:00"
    services.db.execute_sql(  # what the mail scan records when Dana's reply arrives
        "UPDATE outreach SET reply_at = ? WHERE id = ?", (replied, asked["dana"])
    )
    return asked


@pytest.fixture
def window(qtbot, qapp, services, requests):
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(TODAY_PAGE)
    yield win
    tasks.wait(10_000)


def rows(page) -> list[list[str]]:
    model = page.outreach_model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_a_reply_comes_first_and_asks_what_it_answered(qtbot, window, services, requests):
    page = window.today_page
    assert [row[0] for row in rows(page)] == ["Dana Cruz", "Mia Chen"]
    assert rows(page)[0][3] == "Replied yesterday: accepted?"
    assert page.awaiting_section.hint.text() == "Dana Cruz replied to your request: accepted?"
    page.outreach_table.selectRow(0)
    declined = page.findChild(QPushButton, "outreachDeclined")
    qtbot.mouseClick(declined, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [row[0] for row in rows(page)] == ["Mia Chen"])
    assert not page.awaiting_section.hint.isVisible()
    (dana,) = services.outreach.list(contact_id=services.outreach.get(requests["dana"]).contact_id)
    assert dana.response == "declined"


def test_netdesk_today_json_lists_the_reply_prompt(services, requests) -> None:
    from netdesk.cli.today import today_dict

    data = today_dict(services.followups.today.build())
    assert data["prompts"] == [
        {
            "kind": "reply",
            "text": "Dana Cruz replied to your request: accepted?",
            "outreach_id": requests["dana"],
            "contact_id": services.outreach.get(requests["dana"]).contact_id,
            "replied_on": TODAY - timedelta(days=1),
        }
    ]
