"""Importing LinkedIn's Job Applications.csv and Saved Jobs.csv (invented jobs)."""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from datetime import UTC, datetime

import pytest

from netdesk.errors import ImportFormatError
from netdesk.services.imports.jobs import JobsImportService
from tests.helpers import HEADER_2023, PREAMBLE, dump, export_zip, write

HEADER = (
    "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
    "Resume Name,Question And Answers"
)
APPLIED = HEADER + (
    '\n"11/28/24, 3:05 PM",ada@example.test,,Northwind Analytics,Data Engineer,'
    "http://www.linkedin.com/jobs/view/4077276177,Ada-CV.pdf,Years of SQL?:6 | Visa?:No\n"
    '"11/20/24, 8:15 AM",,,Cobalt Health,Platform Lead,'
    "https://www.linkedin.com/jobs/view/4011111111/,Ada-CV-2.pdf,\n"
)
SAVED = (
    "Saved Date,Job Url,Job Title,Company Name\n"
    '"10/3/24, 2:15 PM",https://www.linkedin.com/jobs/view/3901234567/,Staff Engineer,Initech\n'
    '"10/1/24, 9:00 AM",https://www.linkedin.com/jobs/view/3907654321/,Analyst,Initech\n'
    '"9/1/24, 9:00 AM",https://www.linkedin.com/jobs/view/3900000001/,Designer,'
    "Northwind Analytics\n"
)


@pytest.fixture
def jobs(services) -> JobsImportService:
    return JobsImportService(services.db, services.clock, services.changes)


def rows(services, sql: str) -> list[tuple]:
    conn = sqlite3.connect(services.paths.database)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def applications(services) -> list[tuple]:
    return rows(
        services,
        "SELECT o.name, a.role, a.link, a.applied_on, a.resume_file, a.stage "
        "FROM application a LEFT JOIN organisation o ON o.id = a.organisation_id ORDER BY a.id",
    )


def test_applications_become_applications_with_an_applied_step(services, jobs, tmp_path) -> None:
    summary = jobs.import_jobs(write(tmp_path / "Job Applications.csv", APPLIED))
    assert (summary.applications, summary.targets, summary.skipped) == (2, 0, 0)
    assert applications(services) == [
        ("Northwind Analytics", "Data Engineer", "https://www.linkedin.com/jobs/view/4077276177",
         "2024-11-28", "Ada-CV.pdf", "applied"),
        ("Cobalt Health", "Platform Lead", "https://www.linkedin.com/jobs/view/4011111111",
         "2024-11-20", "Ada-CV-2.pdf", "applied"),
    ]  # fmt: skip
    assert rows(services, "SELECT stage, on_day FROM application_step ORDER BY id") == [
        ("applied", "2024-11-28"),
        ("applied", "2024-11-20"),
    ]
    batch = rows(services, "SELECT source, added FROM import_batch")
    assert batch == [("linkedin_jobs", 2)]
    assert rows(services, "SELECT count(*) FROM application WHERE import_batch_id IS NULL") == [
        (0,)
    ]


@pytest.mark.parametrize(
    "header, row",
    [
        # LinkedIn's header, re-saved: other cases, spacing, separators, order, fewer columns.
        (HEADER, '"1/2/26, 9:00 AM",,,Acme,Engineer,http://www.linkedin.com/jobs/view/1,r.pdf,'),
        (HEADER.upper(), '"1/2/26, 9:00 AM",,,Acme,Engineer,http://www.linkedin.com/jobs/view/1,r.pdf,'),
        ("job_title,company_name,job_url,application_date,resume_name",
         "Engineer,Acme,http://www.linkedin.com/jobs/view/1,2026-01-02 08:00:00 UTC,r.pdf"),
        ("Company Name , Job Title,JobURL,Application Date,Resume Name",
         "Acme,Engineer,https://www.linkedin.com/jobs/view/1/,2026-01-02,r.pdf"),
        ("Job Title;Company Name;Job Url;Application Date;Resume Name",
         "Engineer;Acme;https://de.linkedin.com/jobs/view/1?refId=x;1/2/26;r.pdf"),
    ],
)  # fmt: skip
def test_every_header_variant(services, jobs, tmp_path, header, row) -> None:
    jobs.import_jobs(write(tmp_path / "Job Applications.csv", f"{header}\n{row}\n"))
    day = "2026-01-02"
    if " UTC" in row:  # an instant: the day it was on the user's own calendar
        instant = datetime(2026, 1, 2, 8, tzinfo=UTC)
        day = instant.astimezone(services.clock.tz).date().isoformat()
    assert applications(services) == [
        ("Acme", "Engineer", "https://www.linkedin.com/jobs/view/1", day, "r.pdf", "applied"),
    ]


@pytest.mark.parametrize(
    "encoding, delimiter, newline",
    [("utf-8-sig", ";", "\r\n"), ("utf-16", "\t", "\n"), ("cp1252", ",", "\r\n")],
)
def test_bom_delimiters_and_encodings(services, jobs, tmp_path, encoding, delimiter, newline):
    text = (
        f"Application Date{delimiter}Company Name{delimiter}Job Title{delimiter}Job Url\n"
        f"2024-11-28{delimiter}Café Zürich{delimiter}Barista{delimiter}\n"
    )
    jobs.import_jobs(write(tmp_path / "Job Applications.csv", text, encoding, newline))
    assert applications(services) == [("Café Zürich", "Barista", "", "2024-11-28", "", "applied")]


def test_a_zip_with_a_jobs_folder_and_split_parts(services, jobs, tmp_path) -> None:
    part = HEADER + '\n"3/7/24, 2:22 PM",,,Globex,Analyst,https://www.linkedin.com/jobs/view/9,,\n'
    archive = export_zip(
        tmp_path / "Complete_LinkedInDataExport_12-01-2026.zip",
        {
            "Connections.csv": PREAMBLE + HEADER_2023 + "\n",
            "Jobs/Job Applications.csv": APPLIED,
            "Jobs/Job Applications_1.csv": part,
            "Jobs/Saved Jobs.csv": SAVED,
            "Jobs/Job Seeker Preferences.csv": "Locations\nBerlin\n",
        },
    )
    summary = jobs.import_jobs(archive)
    assert (summary.applications, summary.targets) == (3, 2)
    assert summary.file_name == archive.name
    assert [row[0] for row in applications(services)] == [
        "Northwind Analytics",
        "Cobalt Health",
        "Globex",
    ]
    assert rows(services, "SELECT o.name, t.stage, t.source FROM target t "
                "JOIN organisation o ON o.id = t.organisation_id") == [
        ("Initech", "exploring", "saved_jobs"), ("Northwind Analytics", "exploring", "saved_jobs"),
    ]  # fmt: skip
    notes = rows(services, "SELECT notes FROM target ORDER BY id")[0][0]
    assert "Staff Engineer — https://www.linkedin.com/jobs/view/3901234567" in notes


def test_an_unpacked_folder_with_its_jobs_folder(services, jobs, tmp_path) -> None:
    export = tmp_path / "Basic_LinkedInDataExport_12-01-2026"
    (export / "Jobs").mkdir(parents=True)
    write(export / "Jobs" / "Job Applications_2.csv", APPLIED)
    write(export / "Jobs" / "Saved Jobs.csv", SAVED)
    summary = jobs.import_jobs(tmp_path)  # the folder the export was unpacked into
    assert (summary.applications, summary.targets) == (2, 2)


def test_saved_jobs_skip_organisations_already_targets(services, jobs, tmp_path) -> None:
    jobs.import_jobs(write(tmp_path / "Saved Jobs.csv", SAVED))
    conn = sqlite3.connect(services.paths.database)
    conn.execute("UPDATE target SET stage = 'talking', notes = 'mine'")
    conn.commit()
    conn.close()
    again = jobs.import_jobs(write(tmp_path / "Saved Jobs.csv", SAVED))
    assert (again.targets, again.unchanged) == (0, 3)
    assert rows(services, "SELECT DISTINCT stage, notes FROM target") == [("talking", "mine")]


def test_bad_rows_are_reported_with_line_numbers(services, jobs, tmp_path) -> None:
    text = HEADER + (
        "\n2024-01-01,,,,,http://www.linkedin.com/jobs/view/5,,\n"  # no company, no title
        "not a date,,,Acme,Engineer,javascript:alert(1),,\n"  # kept, date and link left out
        ",,,,,,,\n"  # blank: not a problem
        '2024-01-03,,,Acme,"=HYPERLINK(""http://evil.example"")",,,\n'
    )
    summary = jobs.import_jobs(write(tmp_path / "Job Applications.csv", text))
    assert [(p.line, p.kind) for p in summary.problems] == [
        (2, "skipped"),
        (3, "warning"),
        (3, "warning"),
    ]
    assert "no company or job title" in summary.problems[0].reason
    assert summary.skipped == 1 and summary.applications == 2
    assert applications(services) == [
        ("Acme", "Engineer", "", None, "", "applied"),
        ("Acme", '=HYPERLINK("http://evil.example")', "", "2024-01-03", "", "applied"),
    ]
    assert rows(services, "SELECT count(*) FROM application_step") == [(1,)]  # no day, no step


def test_reimport_adds_nothing_and_keeps_what_the_user_changed(services, jobs, tmp_path) -> None:
    no_link = HEADER + "\n2024-05-05,,,Acme,Engineer,,,\n"
    jobs.import_jobs(write(tmp_path / "Job Applications.csv", APPLIED))
    jobs.import_jobs(write(tmp_path / "Job Applications_1.csv", no_link))
    conn = sqlite3.connect(services.paths.database)
    conn.execute("UPDATE application SET stage = 'interview', notes = 'round 2' WHERE id = 1")
    conn.commit()
    conn.close()
    before = dump(services.paths.database, history=False)
    again = jobs.import_jobs(
        write(tmp_path / "Job Applications.csv", APPLIED + no_link[len(HEADER) + 1 :])
    )
    assert (again.applications, again.unchanged) == (0, 3)
    assert dump(services.paths.database, history=False) == before
    # The same job again with another day, no link: a new application.
    other_day = HEADER + "\n2024-06-06,,,acme,Engineer,,,\n"
    assert jobs.import_jobs(write(tmp_path / "Job Applications.csv", other_day)).applications == 1


def test_undo_removes_exactly_what_the_import_added(services, jobs, tmp_path) -> None:
    services.imports.import_linkedin(
        write(tmp_path / "Connections.csv", PREAMBLE + HEADER_2023 + "\n"
              "Mia,Chen,https://www.linkedin.com/in/mia,,Northwind Analytics,Lead,07 Feb 2024\n")
    )  # fmt: skip
    before = dump(services.paths.database, history=False)
    jobs.import_jobs(
        export_zip(tmp_path / "export.zip", {"Jobs/Job Applications.csv": APPLIED,
                                              "Jobs/Saved Jobs.csv": SAVED})
    )  # fmt: skip
    preview = services.imports.undo_preview()
    assert (preview.removed, preview.restored, preview.job_search) == (0, 0, 4)
    assert "removes the 4 applications and targets" in preview.describe()
    result = services.imports.undo_last_import()
    assert (result.removed, result.job_search) == (0, 4)
    assert dump(services.paths.database, history=False) == before  # Mia and her organisation stay
    assert services.imports.last_batch().file_name == "Connections.csv"


def test_undo_keeps_what_the_user_worked_on(services, jobs, tmp_path, clock) -> None:
    jobs.import_jobs(write(tmp_path / "Job Applications.csv", APPLIED))
    conn = sqlite3.connect(services.paths.database)
    conn.execute("UPDATE application SET stage = 'screen', updated_at = '2999-01-01' WHERE id = 2")
    conn.commit()
    conn.close()
    result = services.imports.undo_last_import()
    assert result.job_search == 1
    kept = "SELECT o.name, a.import_batch_id FROM application a JOIN organisation o"
    assert rows(services, kept + " ON o.id = a.organisation_id") == [("Cobalt Health", None)]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("Job Applications.csv", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        ("Job Applications.csv", b"\x00\x01\x02\x03" * 500, "binary"),
        ("Job Applications.csv", b"First Name,Last Name\nA,B\n", "does not have LinkedIn"),
        ("Job Applications.csv", HEADER.encode() + b"\n2024-01-01,,,Acme,"
         + b"x" * 10_000_000 + b",,,\n", "line 2: a row of 10,000,0"),
        ("Saved Jobs.csv", b"", "is empty"),
        ("Notes.csv", b"Saved Date,Company Name\n", "neither Job Applications.csv"),
    ],
)  # fmt: skip
def test_hostile_files_are_refused_and_nothing_changes(
    services, jobs, tmp_path, name, content, message
) -> None:
    jobs.import_jobs(write(tmp_path / "Saved Jobs.csv", SAVED))
    before = dump(services.paths.database)
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=message):
        jobs.import_jobs(path)
    assert dump(services.paths.database) == before


def test_a_zip_bomb_is_refused(services, jobs, tmp_path) -> None:
    before = dump(services.paths.database)
    bomb = tmp_path / "export.zip"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("Jobs/Job Applications.csv", "w", force_zip64=True) as member,
    ):
        member.write(HEADER.encode() + b"\n")
        chunk = b"\n" * (1024 * 1024)
        for _ in range(80):  # 80 MB of nothing, a few hundred KB packed
            member.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ImportFormatError, match=r"far larger than any LinkedIn export"):
        jobs.import_jobs(bomb)
    assert dump(services.paths.database) == before


def test_a_fifo_and_an_export_without_jobs(services, jobs, tmp_path) -> None:
    fifo = tmp_path / "Job Applications.csv"
    os.mkfifo(fifo)
    with pytest.raises(ImportFormatError, match="FIFO"):
        jobs.import_jobs(fifo)
    basic = export_zip(tmp_path / "basic.zip", {"Connections.csv": PREAMBLE + HEADER_2023})
    assert jobs.import_jobs_if_any(basic) is None
    with pytest.raises(ImportFormatError, match=r"no Job Applications\.csv"):
        jobs.import_jobs(basic)


def test_the_import_announces_the_job_search(services, jobs, tmp_path) -> None:
    from netdesk.services.changes import Change

    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    jobs.import_jobs(write(tmp_path / "Saved Jobs.csv", SAVED))
    assert heard and heard[0] & Change.JOB_SEARCH and heard[0] & Change.IMPORTS


def test_netdesk_import_reads_job_files_and_an_export_with_them(tmp_path, capsys) -> None:
    from netdesk.__main__ import main

    data = ["--data-dir", str(tmp_path / "d")]
    assert main(["import", str(write(tmp_path / "Saved Jobs.csv", SAVED)), *data]) == 0
    assert "2 target organisations added" in capsys.readouterr().out
    export = export_zip(
        tmp_path / "export.zip",
        {
            "Connections.csv": PREAMBLE + HEADER_2023 + "\n"
            "Mia,Chen,https://www.linkedin.com/in/mia,,Northwind Analytics,Lead,07 Feb 2024\n",
            "Jobs/Job Applications.csv": APPLIED + "2024-01-01,,,,,,,\n",
        },
    )
    assert main(["import", str(export), "--json", *data]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["added"], out["jobs"]["applications"], out["jobs"]["skipped"]) == (1, 2, 1)
    assert main(["undo-import", *data]) == 0  # the jobs first: Mia stays
    assert "2 applications and targets removed" in capsys.readouterr().out
    assert main(["contacts", *data]) == 0
    assert "Mia Chen" in capsys.readouterr().out
    bad = write(tmp_path / "Job Applications.csv", "nothing,here\n1,2\n")
    assert main(["import", str(bad), *data]) == 2
    assert "does not have LinkedIn's columns" in capsys.readouterr().err
