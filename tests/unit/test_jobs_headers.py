"""The job files as LinkedIn has shipped them (sources at the top of jobs_parse.py): each
variant is a tiny CSV in a temp folder, imported into a real temp database (invented
people and jobs, LinkedIn's headers and cell shapes)."""

from __future__ import annotations

import pytest

from netdesk.errors import ImportFormatError
from netdesk.services.imports.jobs import JobsImportService
from tests.helpers import dump, export_zip, write
from tests.unit.test_jobs_import import applications, rows

APPLICATIONS_HEADER = (
    "Application Date,Contact Email,Contact Phone Number,Company Name,Job Title,Job Url,"
    "Resume Name,Question And Answers"
)
SAVED_HEADER = "Saved Date,Job Url,Job Title,Company Name"
# Shapes from real exports: a phone number with a leading space; answers joined by " | ",
# with quoted commas, doubled quotes, HTML and questions in the job's own language.
APPLIED = APPLICATIONS_HEADER + (
    '\n"12/16/22, 3:07 PM",ada@example.test, +15550100,Northwind Analytics,'
    '"Director, Content",http://www.linkedin.com/jobs/view/3396587903,Ada CV 2022.pdf,'
    "\"Are you legally authorized to work?:Yes | Consent:I read the <a href=''>policy</a>"
    ' and the ""terms"" | Wie viele Jahre Erfahrung haben Sie mit: C++?:20"\n'
    '"2/23/23, 4:13 PM",ada@example.test, +15550100,Cobalt Health,Writer,'
    "http://www.linkedin.com/jobs/view/3495900645,Ada CV.pdf,\n"
)
SAVED = SAVED_HEADER + (
    '\n"11/27/17, 2:12 PM",http://www.linkedin.com/jobs/view/486566724,Instructor,Initech\n'
    '"7/1/22, 7:01 AM",http://www.linkedin.com/jobs/view/3137397159,'
    '"Developer - Associate (Egypt)","Globex, Inc."\n'
)


@pytest.fixture
def jobs(services) -> JobsImportService:
    return JobsImportService(services.db, services.clock, services.changes)


def targets(services) -> list[tuple]:
    return rows(
        services,
        "SELECT o.name, t.notes FROM target t JOIN organisation o ON o.id = t.organisation_id "
        "ORDER BY t.id",
    )


def test_linkedins_applications_file(services, jobs, tmp_path) -> None:
    summary = jobs.import_jobs(write(tmp_path / "Job Applications.csv", APPLIED))
    assert (summary.applications, summary.problems) == (2, [])
    assert applications(services) == [
        ("Northwind Analytics", "Director, Content",
         "https://www.linkedin.com/jobs/view/3396587903", "2022-12-16", "Ada CV 2022.pdf",
         "applied"),
        ("Cobalt Health", "Writer", "https://www.linkedin.com/jobs/view/3495900645",
         "2023-02-23", "Ada CV.pdf", "applied"),
    ]  # fmt: skip


def test_linkedins_saved_jobs_file_since_2017(services, jobs, tmp_path) -> None:
    summary = jobs.import_jobs(write(tmp_path / "Saved Jobs.csv", SAVED))
    assert (summary.targets, summary.problems) == (2, [])
    assert targets(services) == [
        ("Initech", "Saved jobs on LinkedIn:\n- Instructor — "
         "https://www.linkedin.com/jobs/view/486566724 (saved 2017-11-27)"),
        ("Globex, Inc.", "Saved jobs on LinkedIn:\n- Developer - Associate (Egypt) — "
         "https://www.linkedin.com/jobs/view/3137397159 (saved 2022-07-01)"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "cells, day",
    [
        ('"1/15/25, 3:04 PM"', "2025-01-15"),  # LinkedIn's own
        ('"2/3/24, 5:45 AM"', "2024-02-03"),  # LinkedIn's: month first though both fit
        ('"12/1/24, 12:05 AM"', "2024-12-01"),
        ('"01/15/2025, 3:04 PM"', "2025-01-15"),  # re-saved with a four-digit year
        ("1/15/2025 15:04", "2025-01-15"),
        ("2025-01-15 15:04:00", "2025-01-15"),
        ("15/01/2025 15:04", "2025-01-15"),  # a day-first spreadsheet
        ("15.01.2025", "2025-01-15"),
    ],
)
def test_date_spellings(services, jobs, tmp_path, cells, day) -> None:
    text = f"{APPLICATIONS_HEADER}\n{cells},,,Acme,Engineer,,,\n"
    summary = jobs.import_jobs(write(tmp_path / "Job Applications.csv", text))
    assert summary.problems == []
    assert applications(services) == [("Acme", "Engineer", "", day, "", "applied")]


def test_columns_found_by_name_whatever_else_the_file_holds(services, jobs, tmp_path) -> None:
    # No Question And Answers or contact columns, the rest reordered, two unknown ones.
    text = (
        "Job Url,Extra,Company Name,Application Date,Job Title,Resume Name,More\n"
        'http://www.linkedin.com/jobs/view/7,x,Acme,"3/7/24, 2:22 PM",Engineer,cv.pdf,y\n'
    )
    jobs.import_jobs(write(tmp_path / "Job Applications.csv", text))
    assert applications(services) == [
        ("Acme", "Engineer", "https://www.linkedin.com/jobs/view/7", "2024-03-07", "cv.pdf",
         "applied"),
    ]  # fmt: skip


def test_split_parts_and_the_other_job_files_of_an_export(services, jobs, tmp_path) -> None:
    part = APPLICATIONS_HEADER + '\n"3/7/24, 2:22 PM",,,Globex,Analyst,,,\n'
    archive = export_zip(
        tmp_path / "Complete_LinkedInDataExport_12-01-2026.zip",
        {
            "Jobs/Job Applications.csv": APPLIED,
            "Jobs/Job Applications_1.csv": part,
            "Jobs/Job Applications_2.csv": part.replace("Globex", "Hooli"),
            "Jobs/Saved Jobs.csv": SAVED,
            # Recognised as not ours and left alone, both of their known headers included.
            "Jobs/Job Seeker Preferences.csv": "Locations,Industries,Company Employee Count,"
            "Preferred Job Types,Job Titles,Open To Recruiters,Dream Companies\n"
            '"[Berlin]",Software,,,Engineer,No,Acme\n',
            "Jobs/Job Applicant Saved Answers.csv": "Question,Answer\nCompany,Acme\n",
            "SavedJobAlerts.csv": "Saved Search Date,Jobs Search Url\n"
            '"9/24/17, 5:59 AM",https://www.linkedin.com/jobs/search?title=PHP\n',
            "Jobs/SavedJobAlerts.csv": "ALERT_PARAMETERS,QUERY_CONTEXT,SAVED_SEARCH_ID\n"
            '"{frequency=DAILY}","{keywords=writer}",15761621772\n',
        },
    )
    summary = jobs.import_jobs(archive)
    assert (summary.applications, summary.targets, summary.problems) == (4, 2, [])
    assert [row[0] for row in applications(services)] == [
        "Northwind Analytics",
        "Cobalt Health",
        "Globex",
        "Hooli",
    ]


@pytest.mark.parametrize(
    "name, content",
    [
        ("Job Seeker Preferences.csv", "Locations,Industries\nBerlin,Software\n"),
        ("SavedJobAlerts.csv", "ALERT_PARAMETERS,QUERY_CONTEXT,SAVED_SEARCH_ID\n"),
        ("Job Applicant Saved Answers.csv", "Question,Answer\nCompany,Acme\n"),
    ],
)
def test_another_job_file_dropped_alone_is_refused(jobs, tmp_path, name, content) -> None:
    with pytest.raises(ImportFormatError, match=r"neither Job Applications\.csv nor Saved Jobs"):
        jobs.import_jobs(write(tmp_path / name, content))


@pytest.mark.parametrize(
    "name, content, message",
    [
        # Guessed spellings no LinkedIn export has: a tracker of one's own is not misread.
        ("Job Applications.csv", "Date Applied,Company,Title,Job Link,Resume\n1/2/26,A,B,,\n",
         "does not have LinkedIn's columns"),
        ("Saved Jobs.csv", "Date,Employer,Role,URL\n1/2/26,A,B,\n",
         "does not have LinkedIn's columns"),
        # One file renamed as the other: both have Company Name and Job Title.
        ("Job Applications.csv", SAVED, r"columns of LinkedIn's Saved Jobs\.csv"),
        ("Saved Jobs.csv", APPLIED, r"columns of LinkedIn's Job Applications\.csv"),
    ],
)  # fmt: skip
def test_files_that_are_not_the_one_named_are_refused(
    services, jobs, tmp_path, name, content, message
) -> None:
    before = dump(services.paths.database)
    with pytest.raises(ImportFormatError, match=message):
        jobs.import_jobs(write(tmp_path / name, content))
    assert dump(services.paths.database) == before


def test_bad_rows_are_reported_with_the_line_they_start_on(services, jobs, tmp_path) -> None:
    text = APPLICATIONS_HEADER + (
        '\n"1/2/25, 9:00 AM",,,Acme,Engineer,,,"Cover letter:Dear team,\nI apply."\n'  # 2-3
        '"2/22/23, 1:49 PM",,,,,http://www.linkedin.com/jobs/view/3426706183,cv.pdf,\n'  # 4
        '"1/3/25, 9:00 AM",,,,,,,"spans\ntwo lines"\n'  # 5-6
        "soon,,,Globex,Analyst,,,\n"  # 7
    )
    summary = jobs.import_jobs(write(tmp_path / "Job Applications.csv", text))
    assert [(p.line, p.kind, p.reason) for p in summary.problems] == [
        (4, "skipped", "Job Applications.csv: no company or job title, only the job link "
         "https://www.linkedin.com/jobs/view/3426706183"),
        (5, "skipped", "Job Applications.csv: no company or job title"),
        (7, "warning", "Job Applications.csv: unreadable date 'soon'; left out"),
    ]  # fmt: skip
    assert applications(services) == [
        ("Acme", "Engineer", "", "2025-01-02", "", "applied"),
        ("Globex", "Analyst", "", None, "", "applied"),
    ]


def test_a_saved_job_with_only_its_link_is_reported(services, jobs, tmp_path) -> None:
    text = SAVED_HEADER + '\n"5/1/23, 3:58 PM",http://www.linkedin.com/jobs/view/3585536129,,\n'
    summary = jobs.import_jobs(write(tmp_path / "Saved Jobs.csv", text))
    assert [(p.line, p.reason) for p in summary.problems] == [
        (2, "Saved Jobs.csv: no company, only the job link "
         "https://www.linkedin.com/jobs/view/3585536129"),
    ]  # fmt: skip
    assert (summary.targets, targets(services)) == (0, [])
