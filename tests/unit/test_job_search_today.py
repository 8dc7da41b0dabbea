"""The job search on Today: next actions due by today and two weeks of silence, each
with whom to write to; snoozing; and `netdesk today` listing them."""

from __future__ import annotations

import json
from datetime import timedelta

from netdesk.__main__ import main
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.jobsearch.today import job_search_today, snoozed
from tests.frozen_time import TODAY, frozen_clock

DAY = timedelta(days=1)


def test_due_actions_then_silences_with_whom_to_write_to(services) -> None:
    apps = services.applications
    priya = services.contacts.save(
        ContactRecord(display_name="Priya Wei", organisation="Northwind")
    )
    dana = services.contacts.save(ContactRecord(display_name="Dana Cruz"))
    bank = apps.add("Tidewater Bank", "Data Engineer", source="referral", referrer_id=dana.id,
                    next_action="Send the portfolio", due_on=TODAY)  # fmt: skip
    late = apps.add("Kestrel", "", next_action="Call Sam", due_on=TODAY - 3 * DAY,
                    applied_on=TODAY - 30 * DAY)  # fmt: skip
    silent = apps.add("Northwind", "Data Lead", applied_on=TODAY - 20 * DAY)
    apps.move(silent.id, "screen", TODAY - 16 * DAY)
    apps.add("Fabrikam", "Analyst", applied_on=TODAY - 13 * DAY)  # not yet two weeks
    apps.add("Later", "Analyst", next_action="Prepare", due_on=TODAY + DAY)
    items, total = job_search_today(apps, TODAY)
    assert total == 3
    assert [i.text for i in items] == [
        "Kestrel: call Sam — 3 days overdue",
        "Tidewater Bank · Data Engineer: send the portfolio — due today",
        "No answer from Northwind (Data Lead) for 16 days: follow up?",
    ]
    assert [i.application_id for i in items] == [late.id, bank.id, silent.id]
    assert [i.kind for i in items] == ["next_action", "next_action", "waiting"]
    assert [(i.write_to, i.write_to_name) for i in items] == [
        (None, ""),  # Kestrel overdue, and not asked again as silent
        (dana.id, "Dana Cruz"),  # the referrer
        (priya.id, "Priya Wei"),  # someone there now
    ]


def test_snoozing_moves_the_action_a_week_and_silence_becomes_a_follow_up(services) -> None:
    apps = services.applications
    due = apps.add("A", "Analyst", next_action="Send the CV", due_on=TODAY)
    silent = apps.add("B", "Analyst", applied_on=TODAY - 15 * DAY)
    items = {i.application_id: i for i in job_search_today(apps, TODAY)[0]}
    week = (TODAY + 7 * DAY).isoformat()
    assert snoozed(items[due.id], TODAY) == ("Send the CV", week)
    assert snoozed(items[silent.id], TODAY) == ("Follow up", week)
    for item in items.values():
        action, day = snoozed(item, TODAY)
        apps.update(item.application_id, next_action=action, due_on=day)
    assert job_search_today(apps, TODAY) == ([], 0)
    back, total = job_search_today(apps, TODAY + 7 * DAY, limit=1)
    assert ([i.application_id for i in back], total) == ([due.id], 2)


def test_netdesk_today_lists_the_job_search(capsys, tmp_path) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    args = ["applications", "add", "--org", "Tidewater Bank", "--role", "Data Engineer"]
    due = ["--next", "Send the portfolio", "--due", TODAY.isoformat()]
    assert main([*args, *due, *data], clock=frozen_clock()) == 0
    capsys.readouterr()
    assert main(["today", "--json", *data], clock=frozen_clock()) == 0
    (item,) = json.loads(capsys.readouterr().out)["job_search"]
    assert item["text"] == "Tidewater Bank · Data Engineer: send the portfolio — due today"
    assert (item["kind"], item["days"], item["write_to"]) == ("next_action", 0, None)
    assert main(["today", *data], clock=frozen_clock()) == 0
    out = capsys.readouterr().out
    assert "\nJob search (1)\n  - Tidewater Bank · Data Engineer: send the portfolio" in out
