"""Drafts for the job search: a referral request names its application, an informational
interview names the organisation, and sending a referral request notes whom it asked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.drafts.jobsearch import REFERRAL_WAIT_DAYS
from netdesk.services.mail.account import MailAccount
from tests.frozen_time import TODAY

LINK = "https://www.linkedin.com/jobs/view/4242"


@pytest.fixture
def dana(services) -> int:
    services.mail.accounts.save(MailAccount(display_name="Ada Example", address="a@example.org"))
    person = ContactRecord(
        display_name="Dana Cruz", given_name="Dana", organisation="Fabrikam", emails=["d@x.org"]
    )
    return services.contacts.save(person).id


def test_a_referral_request_names_the_role_organisation_and_link(services, dana) -> None:
    job = services.applications.add("Tidewater Bank", "Data Engineer", link=LINK)
    draft, template = services.mail.drafts.compose(dana, application_id=job.id)
    assert template is not None and template.purpose == "referral_request"
    assert draft.purpose == "referral_request" and draft.application_id == job.id
    assert draft.subject == "Data Engineer at Tidewater Bank"
    assert "the Data Engineer role at Tidewater Bank (" + LINK + ")" in draft.body
    assert draft.body.startswith("Hi Dana,") and "Fabrikam" not in draft.body
    with pytest.raises(KeyError):
        services.mail.drafts.compose(dana, application_id=job.id + 99)


def test_an_informational_interview_names_the_organisation_not_their_employer(
    services, dana
) -> None:
    drafts = services.mail.drafts
    draft, template = drafts.compose(dana, organisation="Tidewater Bank")
    assert template is not None and template.purpose == "outreach"
    assert "your work at Tidewater Bank" in draft.body and "Fabrikam" not in draft.body
    job = services.applications.add("Northwind", "Data Lead")
    draft, _ = drafts.compose(dana, template=drafts.template_for("outreach"), application_id=job.id)
    assert "your work at Northwind" in draft.body
    plain, _ = drafts.compose(dana, None, drafts.template_for("outreach"))
    assert "your work at Fabrikam" in plain.body  # without one, as before


def test_sending_a_referral_request_notes_the_person_as_asked(services, dana) -> None:
    apps = services.applications
    job = apps.add("Tidewater Bank", "Data Engineer", notes="Found on LinkedIn.")
    draft, _ = services.mail.drafts.compose(dana, application_id=job.id)
    outcome = services.mail.drafts.record_sent(draft)
    assert outcome.interaction.summary == "Email: Data Engineer at Tidewater Bank"
    (asked,) = services.outreach.list(contact_id=dana)
    assert asked.is_open  # a request in the pipeline, awaiting an answer
    after = apps.get(job.id)
    assert after.next_action == "Waiting for Dana Cruz's referral"
    assert after.due_on == (TODAY + timedelta(days=REFERRAL_WAIT_DAYS)).isoformat()
    assert after.notes == f"Found on LinkedIn.\nAsked Dana Cruz for a referral on {TODAY}."
    assert after.referrer_id is None  # asked, not (yet) referred


def test_a_planned_next_action_or_a_referrer_is_kept(services, dana) -> None:
    apps = services.applications
    planned = apps.add("A", "Analyst", next_action="Send the portfolio", due_on=TODAY)
    referred = apps.add("B", "Analyst", source="referral", referrer_id=dana)
    for job in (planned, referred):
        draft, _ = services.mail.drafts.compose(dana, application_id=job.id)
        services.mail.drafts.record_sent(draft)
    kept = apps.get(planned.id)
    assert (kept.next_action, kept.due_on) == ("Send the portfolio", TODAY.isoformat())
    assert kept.notes == f"Asked Dana Cruz for a referral on {TODAY}."
    assert apps.get(referred.id) == referred


def test_sending_a_referral_request_announces_the_job_search(services, dana) -> None:
    from netdesk.services.changes import Change

    seen: list = []
    services.changes.subscribe(seen.append)
    job = services.applications.add("Tidewater Bank", "Data Engineer")
    seen.clear()
    draft, _ = services.mail.drafts.compose(dana, application_id=job.id)
    services.mail.drafts.record_sent(draft)
    assert any(c & Change.JOB_SEARCH for c in seen)


def test_the_command_line_drafts_a_referral_request(capsys, tmp_path) -> None:
    import json

    from netdesk.__main__ import main
    from tests.frozen_time import frozen_clock

    data = ["--data-dir", str(tmp_path / "d")]
    assert main(["people", "add", "Dana Cruz", *data], clock=frozen_clock()) == 0
    args = ["applications", "add", "--org", "Tidewater Bank", "--role", "Data Engineer"]
    assert main([*args, "--link", LINK, *data], clock=frozen_clock()) == 0
    job = int(capsys.readouterr().out.split()[-1])
    status = main(["draft", "email", "1", "--purpose", "referral", *data], clock=frozen_clock())
    assert status == 2 and "--application" in capsys.readouterr().err
    args = ["draft", "email", "1", "--purpose", "referral", "--application", str(job), "--json"]
    assert main([*args, *data], clock=frozen_clock()) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["purpose"] == "referral_request" and out["application_id"] == job
    assert out["subject"] == "Data Engineer at Tidewater Bank" and LINK in out["body"]
