"""Last-interaction dates from LinkedIn's messages.csv and Invitations.csv (invented people)."""

from __future__ import annotations

from datetime import date

import pytest

from netdesk.errors import ImportFormatError
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.services.imports.activity import ActivitySummary
from tests.frozen_time import local_day_of_utc
from tests.helpers import PREAMBLE, export_zip, write

TODAY = date(2026, 11, 30)
ME = "https://www.linkedin.com/in/ada-example"
MIA = "https://www.linkedin.com/in/mia-chen-42"
OMAR = "https://www.linkedin.com/in/omar-haddad"
LENA = "https://www.linkedin.com/in/lena-fischer"
STRANGER = "https://www.linkedin.com/in/some-recruiter"

CONNECTIONS = PREAMBLE + (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    f"Mia,Chen,{MIA},,Northwind Analytics,Data Lead,07 Feb 2024\n"
    f"Omar,Haddad,{OMAR},,Cobalt Health,CTO,12 Mar 2023\n"
    f"Lena,Fischer,{LENA},,,Professor,01 Jan 2020"
)
MESSAGES = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n"
    f"c1,,Mia Chen,{MIA},Ada Example,{ME},2026-10-06 13:51:11 UTC,,Lovely to meet!,INBOX,\n"
    f'c1,,Ada Example,{ME},Mia Chen,{MIA},2026-10-07 09:00:00 UTC,,"Thanks, Mia",INBOX,\n'
    f"c1,,Mia Chen,{MIA},Ada Example,{ME},2026-09-01 08:00:00 UTC,,older,INBOX,\n"
    # A group chat credits nobody.
    f'c2,Team,Omar Haddad,{OMAR},"Ada Example, Lena Fischer","{ME},{LENA}",'
    "2026-11-20 10:00:00 UTC,,hi all,INBOX,\n"
    # A draft never sent is no contact.
    f"c3,,Ada Example,{ME},Lena Fischer,{LENA},2026-11-25 10:00:00 UTC,,draft,DRAFT,\n"
    # A recruiter who is not among my people.
    f"c4,,Some Recruiter,{STRANGER},Ada Example,{ME},2026-11-02 10:00:00 UTC,,A role?,INBOX,\n"
    # A date that cannot be read.
    f"c5,,Omar Haddad,{OMAR},Ada Example,{ME},someday,,?,INBOX,\n"
)
INVITATIONS = (
    "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
    f'Ada Example,Omar Haddad,"3/12/23, 9:08 AM",,OUTGOING,{ME},{OMAR}\n'
    f'Lena Fischer,Ada Example,"11/15/26, 6:14 PM",Hello!,INCOMING,{LENA},{ME}\n'
)


@pytest.fixture
def activity(services):
    return services.followups.activity


def last(services, name: str) -> str | None:
    row = services.db.execute_sql(
        "SELECT last_interaction FROM contact WHERE display_name = ?", (name,)
    ).fetchone()
    return row[0]


def imported_export(services, tmp_path, **files):
    path = export_zip(tmp_path / "Basic_LinkedInDataExport_11-30-2026.zip", files)
    services.imports.import_linkedin(path)
    return path


def test_an_export_fills_last_interaction_dates(services, activity, tmp_path) -> None:
    path = imported_export(
        services,
        tmp_path,
        **{
            "Connections.csv": CONNECTIONS,
            "messages.csv": MESSAGES,
            "Invitations.csv": INVITATIONS,
        },
    )
    summary = activity.import_activity(path, today=TODAY)
    assert last(services, "Mia Chen") == local_day_of_utc("2026-10-07 09:00:00")  # the latest
    assert last(services, "Lena Fischer") == "2026-11-15"  # her invitation, not the draft
    assert last(services, "Omar Haddad") == "2023-03-12"  # only the invitation counts
    assert summary.matched == 3 and summary.updated == 3
    assert summary.unmatched == 1  # the recruiter; the user's own profile is not counted
    assert summary.skipped == 3  # the group chat, the draft, the unreadable date
    assert [f.rsplit("/", 1)[1] for f in summary.files] == ["messages.csv", "Invitations.csv"]
    assert "moved forward for 3 people" in summary.describe()
    # Dates only move forward: a second run changes nothing, and a newer log stays.
    (mia,) = services.contacts.query_ids(ContactFilter(text="Mia"))
    services.interactions.log(mia, "call")
    again = activity.import_activity(path, today=TODAY)
    assert again.updated == 0 and last(services, "Mia Chen") == services.clock.today().isoformat()


def test_people_without_a_cadence_stay_off_the_lapsed_list(services, activity, tmp_path):
    path = imported_export(
        services, tmp_path, **{"Connections.csv": CONNECTIONS, "messages.csv": MESSAGES}
    )
    activity.import_activity(path, today=TODAY)
    assert services.followups.keep_in_touch.lapsed(TODAY).people == []


def test_a_dropped_messages_file_on_its_own(services, activity, tmp_path) -> None:
    imported_export(services, tmp_path, **{"Connections.csv": CONNECTIONS})
    path = write(tmp_path / "messages.csv", "\ufeff" + MESSAGES.replace("\n", "\r\n"))
    summary = activity.import_activity(path, today=TODAY)
    assert summary.files == ["messages.csv"]
    assert last(services, "Mia Chen") == local_day_of_utc("2026-10-07 09:00:00")


def test_old_exports_without_profile_links_match_unique_names(services, activity, tmp_path):
    services.contacts.save(ContactRecord(display_name="Mia Chen"))
    services.contacts.save(ContactRecord(display_name="Sam Lee", organisation="A"))
    services.contacts.save(ContactRecord(display_name="Sam Lee", organisation="B"))
    old = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,TO,DATE,SUBJECT,CONTENT\n"
        "1,,Mia Chen,Ada Example,2020-10-06 13:51:11 UTC,,hi\n"
        "1,,Ada Example,Mia Chen,2020-10-07 13:51:11 UTC,,hello\n"
        "2,,Ada Example,Sam Lee,2020-11-01 10:00:00 UTC,,which Sam?\n"
        '3,,Ada Example,"Mia Chen, Sam Lee",2020-12-01 10:00:00 UTC,,group\n'
    )
    summary = activity.import_activity(write(tmp_path / "messages.csv", old), today=TODAY)
    assert last(services, "Mia Chen") == local_day_of_utc("2020-10-07 13:51:11")
    sams = services.db.execute_sql(
        "SELECT last_interaction FROM contact WHERE display_name = 'Sam Lee'"
    ).fetchall()
    assert sams == [(None,), (None,)]  # two people of that name: neither is guessed
    assert summary.updated == 1 and summary.skipped == 1
    assert "matched by name" in summary.describe()


def test_clear_errors(services, activity, tmp_path) -> None:
    wrong = write(tmp_path / "messages.csv", "Name,When\nMia,yesterday\n")
    with pytest.raises(ImportFormatError, match="expected FROM, TO, DATE, CONTENT"):
        activity.import_activity(wrong)
    none_of = r"none of messages\.csv, Invitations\.csv or Positions\.csv"
    with pytest.raises(ImportFormatError, match=none_of):
        activity.import_activity(write(tmp_path / "notes.csv", "a,b\n"))
    with pytest.raises(ImportFormatError, match="file not found"):
        activity.import_activity(tmp_path / "missing.zip")
    damaged = tmp_path / "broken.zip"
    whole = export_zip(tmp_path / "ok.zip", {"messages.csv": MESSAGES}).read_bytes()
    damaged.write_bytes(whole[:-30])
    with pytest.raises(ImportFormatError):
        activity.import_activity(damaged)
    # An export with neither file is not an error: there is just nothing to read.
    empty = export_zip(tmp_path / "export.zip", {"Connections.csv": CONNECTIONS})
    summary = activity.import_activity(empty)
    assert summary == ActivitySummary() and "No messages.csv" in summary.describe()


def test_future_dates_are_ignored(services, activity, tmp_path) -> None:
    imported_export(services, tmp_path, **{"Connections.csv": CONNECTIONS})
    future = (
        "FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE\n"
        f"Mia Chen,{MIA},Ada Example,{ME},2031-01-01 10:00:00 UTC\n"
    )
    activity.import_activity(write(tmp_path / "messages.csv", future), today=TODAY)
    assert last(services, "Mia Chen") is None
