"""Job history: each person's current position follows hand edits in place; a newer
LinkedIn export closes the old position and opens a new one (moved, promoted, a new
role), Today's question and the congratulation answer it, undoing the import takes it
back; the contact list finds who changed jobs lately; former colleagues."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netdesk.db.models import Organisation, Position
from netdesk.services.contacts.records import ContactFilter
from netdesk.services.imports.own_positions import month_of
from netdesk.services.positions.tracking import seniority
from tests.helpers import HEADER_2023, write


def export(tmp_path, name: str, *rows: str):
    """An export with each person's profile URL (how a re-import knows someone moved)."""
    lines = []
    for row in rows:
        first, last, rest = row.split(",", 2)
        url = f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"
        lines.append(f"{first},{last},{url},{rest}")
    return write(tmp_path / name, HEADER_2023 + "\n" + "\n".join(lines))


def names(services, criteria: ContactFilter) -> list[str]:
    ids = services.contacts.query_ids(criteria)
    return sorted(p.display_name for p in services.contacts.records(ids))


@pytest.fixture
def imported(services, tmp_path):
    first = export(
        tmp_path, "first.csv",
        "Priya,Wei,,Northwind,Data Analyst,01 Mar 2024",
        "Marta,Ruiz,,Cobalt Health,Data Engineer,01 Mar 2024",
        "Omar,Haddad,,Kestrel,Analyst,01 Mar 2024",
        "Lena,Fischer,,Harbor Labs,Designer,01 Mar 2024",
    )  # fmt: skip
    services.imports.import_linkedin(first)
    return {p.display_name: p.id for p in services.contacts.records(
        services.contacts.query_ids(ContactFilter()))}  # fmt: skip


def test_a_first_import_opens_each_current_position(services, imported) -> None:
    (current,) = services.positions.positions(imported["Priya Wei"])
    assert (current.organisation, current.role, current.current) == (
        "Northwind", "Data Analyst", True
    )  # fmt: skip
    assert current.change is None and services.positions.job_changes() == []


def test_a_hand_edit_corrects_the_current_position_in_place(services, imported) -> None:
    priya = services.contacts.get(imported["Priya Wei"])
    priya.role = "Senior Data Analyst"
    services.contacts.save(priya)
    (current,) = services.positions.positions(priya.id)
    assert current.role == "Senior Data Analyst" and current.change is None


def test_a_newer_export_records_moves_and_promotions_for_today(
    services, imported, tmp_path, clock
) -> None:
    lena = services.contacts.get(imported["Lena Fischer"])
    lena.organisation = "Harbour Labs Ltd"  # the user's own edit: the export leaves it
    services.contacts.save(lena)
    clock.advance(days=30)
    newer = export(
        tmp_path, "newer.csv",
        "Priya,Wei,,Tidewater Bank,Data Analyst,01 Mar 2024",
        "Marta,Ruiz,,Cobalt Health,Head of Data,01 Mar 2024",
        "Omar,Haddad,,Kestrel,Business Analyst,01 Mar 2024",
        "Lena,Fischer,,Harbor Labs,Designer,01 Mar 2024",
    )  # fmt: skip
    summary = services.imports.import_linkedin(newer)
    assert summary.job_changes == 3 and "3 changed jobs" in summary.describe()
    seen = clock.today().isoformat()
    now, before = services.positions.positions(imported["Priya Wei"])
    assert (now.organisation, now.change, now.seen_on, now.current) == (
        "Tidewater Bank", "moved", seen, True
    )  # fmt: skip
    assert (before.organisation, before.ended_on) == ("Northwind", seen)
    omar_now, _ = services.positions.positions(imported["Omar Haddad"])
    assert omar_now.change == "role"  # a sideways title: no question
    assert len(services.positions.positions(imported["Lena Fischer"])) == 1
    asked = [change.sentence() for change in services.positions.job_changes()]
    assert asked == [
        "Marta Ruiz was promoted to Head of Data",
        "Priya Wei moved from Northwind to Tidewater Bank",
    ]
    since = (clock.today() - timedelta(days=90)).isoformat()
    assert names(services, ContactFilter(changed_job_since=since)) == [
        "Marta Ruiz", "Omar Haddad", "Priya Wei"
    ]  # fmt: skip

    services.imports.undo_last_import()
    (back,) = services.positions.positions(imported["Priya Wei"])
    assert (back.organisation, back.current) == ("Northwind", True)
    assert services.positions.job_changes() == []
    assert services.contacts.get(imported["Priya Wei"]).organisation == "Northwind"


def test_answering_and_congratulating(services, imported, tmp_path) -> None:
    newer = export(
        tmp_path, "newer.csv",
        "Priya,Wei,priya@x.example,Tidewater Bank,Data Analyst,01 Mar 2024",
        "Marta,Ruiz,marta@x.example,Cobalt Health,Head of Data,01 Mar 2024",
    )  # fmt: skip
    services.imports.import_linkedin(newer)
    marta, priya = services.positions.job_changes()
    assert services.positions.answer(marta.position_id, "dismissed") == "open"
    assert [c.name for c in services.positions.job_changes()] == ["Priya Wei"]
    services.positions.answer(marta.position_id, "open")  # undo
    assert services.mail.drafts.suggest(priya.contact_id) == ("congratulate", None)
    draft, _template = services.mail.drafts.compose(priya.contact_id)
    assert draft.purpose == "congratulate"
    assert "started at Tidewater Bank" in draft.body
    assert "After your time at Northwind" in draft.body
    services.mail.drafts.record_sent(draft)
    assert [c.name for c in services.positions.job_changes()] == ["Marta Ruiz"]


def test_former_colleagues_were_there_at_the_same_time(services, imported) -> None:
    me = services.contacts.save_me("Ada Example")
    northwind = (
        Organisation.select(Organisation.id)
        .where(Organisation.name == "Northwind")
        .bind(services.db)
        .scalar()
    )
    rows = (
        (me.id, northwind, "2019-04", "2021-08"),
        (me.id, None, "2021-09", None),
        (imported["Priya Wei"], northwind, "2020-01", None),  # what is known of her job
    )
    for contact, org, start, end in rows:
        Position.insert(
            contact=contact, organisation=org, role="Analyst", started_on=start, ended_on=end,
            source="positions_csv", created_at="2026-01-01 00:00:00",
        ).bind(services.db).execute()  # fmt: skip
    assert services.positions.former_colleagues(imported["Priya Wei"]) == ["Northwind (2020–2021)"]
    assert services.positions.former_colleagues(imported["Marta Ruiz"]) == []


@pytest.mark.parametrize(
    ("before", "after", "higher"),
    [
        ("Data Engineer", "Senior Data Engineer", True),
        ("Senior Data Engineer", "Head of Data", True),
        ("Director of Sales", "VP Sales", True),
        ("Analyst", "Business Analyst", False),
        ("Head of Data", "Data Engineer", False),
        ("Intern", "Junior Developer", True),
    ],
)
def test_seniority_orders_titles(before: str, after: str, higher: bool) -> None:
    assert (seniority(after) > seniority(before)) is higher


POSITIONS_CSV = (
    "Company Name,Title,Description,Location,Started On,Finished On\n"
    "Tidewater Bank,Head of Analytics,Leading a team of 6,Hamburg,Sep 2021,\n"
    'Northwind,"Analyst, Data",,Berlin,Apr 2019,Aug 2021\n'
    '=HYPERLINK("http://x"),Intern,,,2017,2018\n'
    ",,,,,\n"
)


def test_positions_csv_fills_the_users_own_history(services, imported, tmp_path) -> None:
    path = write(tmp_path / "Positions.csv", POSITIONS_CSV)
    summary = services.followups.activity.import_activity(path)
    assert summary.own_positions == 0 and "does not know which person is you" in summary.describe()
    me = services.contacts.save_me("Ada Example")
    summary = services.followups.activity.import_activity(path)
    assert summary.own_positions == 3
    assert summary.describe().startswith("Your own job history: 3 positions.")
    mine = services.positions.positions(me.id)
    assert [(p.organisation, p.role, p.started_on, p.ended_on) for p in mine] == [
        ("Tidewater Bank", "Head of Analytics", "2021-09", None),
        ("Northwind", "Analyst, Data", "2019-04", "2021-08"),
        ('=HYPERLINK("http://x")', "Intern", "2017", "2018"),  # text: the CSV export
    ]  # prefixes a formula-like cell
    again = services.followups.activity.import_activity(path)  # read again: replaced, not doubled
    assert again.own_positions == 3 and len(services.positions.positions(me.id)) == 3
    assert services.positions.former_colleagues(imported["Priya Wei"]) == ["Northwind"]


@pytest.mark.parametrize(
    ("text", "month"),
    [("Mar 2019", "2019-03"), ("Sept 2020", "2020-09"), ("2018", "2018"),
     ("03/2019", "2019-03"), ("13/2019", None), ("soon", None), ("", None)],
)  # fmt: skip
def test_positions_csv_dates(text: str, month: str | None) -> None:
    assert month_of(text) == month


def test_people_show_json_has_the_positions(services, imported, tmp_path, capsys, clock) -> None:
    import json

    from netdesk.__main__ import main

    services.imports.import_linkedin(
        export(tmp_path, "newer.csv", "Priya,Wei,,Tidewater Bank,Data Analyst,01 Mar 2024")
    )
    data = ["--data-dir", str(services.paths.data_dir)]
    assert main(["people", "show", str(imported["Priya Wei"]), "--json", *data], clock=clock) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [(p["organisation"], p["ended_on"] is None) for p in shown["positions"]] == [
        ("Tidewater Bank", True), ("Northwind", False)
    ]  # fmt: skip
    assert main(["people", "show", str(imported["Priya Wei"]), *data], clock=clock) == 0
    assert "Data Analyst · Northwind until" in capsys.readouterr().out


def test_a_merge_leaves_one_current_job_and_its_undo_both(services, imported) -> None:
    priya, marta = imported["Priya Wei"], imported["Marta Ruiz"]
    result = services.merges.merge(priya, marta, {"organisation": "other", "role": "other"})
    current = [p for p in services.positions.positions(priya) if p.current]
    assert [(p.organisation, p.role) for p in current] == [("Cobalt Health", "Data Engineer")]
    services.merges.undo(result.merge_id)
    assert [p.current for p in services.positions.positions(priya)] == [True]
    assert [p.current for p in services.positions.positions(marta)] == [True]


def test_a_merge_of_two_people_with_job_changes_keeps_one_current(
    services, imported, tmp_path
) -> None:
    newer = export(
        tmp_path, "newer.csv",
        "Priya,Wei,,Tidewater Bank,Data Analyst,01 Mar 2024",
        "Marta,Ruiz,,Cobalt Health,Head of Data,01 Mar 2024",
    )  # fmt: skip
    services.imports.import_linkedin(newer)
    priya, marta = imported["Priya Wei"], imported["Marta Ruiz"]
    result = services.merges.merge(priya, marta, {"organisation": "kept", "role": "kept"})
    current = [p for p in services.positions.positions(priya) if p.current]
    assert [(p.organisation, p.role) for p in current] == [("Tidewater Bank", "Data Analyst")]
    assert len(services.positions.positions(priya)) == 4  # both histories, one current
    services.merges.undo(result.merge_id)
    assert [p.organisation for p in services.positions.positions(marta) if p.current] == [
        "Cobalt Health"
    ]
