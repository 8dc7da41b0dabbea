"""The "nice to meet you" after a networking event: the draft names the event, its day
and the note from it; sending it ticks that event's to-do and nothing else."""

from __future__ import annotations

from datetime import date

import pytest

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.mail.account import MailAccount

GUILD_DAY = date(2026, 10, 27)


@pytest.fixture
def met(services):
    """Aiko (starred: a conversation is proposed too) and Ben, met at the Data Guild."""
    services.mail.accounts.save(
        MailAccount(display_name="Ada Example", address="ada@example.org", signature="Ada")
    )
    guild = services.events.add("Data Guild evening", GUILD_DAY, place="Berlin")
    services.events.capture(
        guild.id,
        "* Aiko Tanaka, Kestrel, aiko@kestrel.example — wants intros to fintech.\n"
        "Ben Okafor, Ledgerly",
    )
    people = {c.display_name: c.id for c in map(services.contacts.get, _ids(services))}
    return guild, people["Aiko Tanaka"], people["Ben Okafor"]


def _ids(services) -> list[int]:
    return [row[0] for row in services.db.execute_sql("SELECT id FROM contact ORDER BY id")]


def _day(day: date, today: date) -> str:
    return f"{day.day} {day:%B}" + ("" if day.year == today.year else f" {day.year}")


def test_a_person_met_at_an_event_gets_a_nice_to_meet_you_naming_it(services, met) -> None:
    _, aiko, ben = met
    drafts = services.mail.drafts
    # Aiko also has "propose a conversation" open: the first word comes first.
    kinds = sorted(t.kind for t in services.todos.list(contact_id=aiko))
    assert kinds == ["check_in", "outreach"]
    assert drafts.suggest(aiko) == ("nice_to_meet_you", None)
    draft, template = drafts.compose(aiko)
    assert template.builtin_key == "nice_to_meet_you" and draft.purpose == "nice_to_meet_you"
    assert draft.to_address == "aiko@kestrel.example"
    assert draft.subject == "Nice to meet you at Data Guild evening"
    day = _day(GUILD_DAY, services.clock.today())  # the year only when not this year's
    assert draft.body.startswith(
        f"Hi Aiko,\n\nIt was good to meet you at Data Guild evening on {day}, and I enjoyed "
        "our conversation. [Your note: wants intros to fintech. One sentence"
    )
    assert draft.body.endswith("It would be good to stay in touch.\n\nBest wishes,\nAda\n")
    # The note is the user's shorthand: asked about before the email leaves.
    (note,) = drafts.warnings(draft).notes_to_self
    assert note.startswith("[Your note: wants intros to fintech.")
    # Ben had no note: no placeholder, still the event and its day.
    ben_draft, _ = drafts.compose(ben)
    assert f"at Data Guild evening on {day}, and I enjoyed our conversation.\n" in ben_draft.body
    assert "[" not in ben_draft.body


def test_sending_it_ticks_that_events_to_do_only(services, met) -> None:
    guild, aiko, _ = met
    drafts = services.mail.drafts
    later = services.events.add("Fintech Meetup", date(2026, 11, 5))
    services.events.capture(later.id, "Aiko Tanaka — [asked] about Ledgerly]")
    plain = services.todos.add("Call Aiko", kind="check_in", contact_id=aiko)

    # The newest capture's event first, its note's brackets softened (one placeholder).
    draft, _ = drafts.compose(aiko)
    assert draft.subject == "Nice to meet you at Fintech Meetup"
    assert "[Your note: (asked) about Ledgerly). One sentence" in draft.body
    assert len(drafts.warnings(draft).notes_to_self) == 1
    outcome = drafts.record_sent(draft)
    assert [(t.kind, t.event_id) for t in outcome.completed] == [("check_in", later.id)]
    assert outcome.interaction.kind == "email" and outcome.interaction.give_ask is None
    assert outcome.interaction.summary == "Email: Nice to meet you at Fintech Meetup"
    assert services.contacts.get(aiko).last_interaction == services.clock.today().isoformat()

    # Then the earlier event's; the proposed conversation and my own check-in stay open.
    assert drafts.suggest(aiko) == ("nice_to_meet_you", None)
    draft, _ = drafts.compose(aiko)
    assert draft.subject == "Nice to meet you at Data Guild evening"
    outcome = drafts.record_sent(draft)
    assert [(t.kind, t.event_id) for t in outcome.completed] == [("check_in", guild.id)]
    still_open = {(t.kind, t.event_id, t.id) for t in services.todos.list(contact_id=aiko)}
    assert ("check_in", None, plain.id) in still_open
    assert {kind for kind, *_ in still_open} == {"check_in", "outreach"}
    assert drafts.suggest(aiko) == ("outreach", None)


def test_chosen_by_hand_it_names_the_last_event_they_were_met_at(services, met) -> None:
    _, aiko, _ = met
    drafts = services.mail.drafts
    for todo in services.todos.list(contact_id=aiko):
        services.todos.complete(todo.id)  # ticked by hand on Today
    assert drafts.suggest(aiko) == ("keep_in_touch", None)
    nice = drafts.template_for("nice_to_meet_you")
    draft, _ = drafts.compose(aiko, template=nice)
    assert draft.subject == "Nice to meet you at Data Guild evening"
    assert drafts.record_sent(draft).completed == []  # nothing left to tick
    # Someone never met at an event: a plain sentence, no blanks.
    kay = services.contacts.save(ContactRecord(display_name="Kay Lee", given_name="Kay")).id
    draft, _ = drafts.compose(kay, template=nice)
    assert draft.subject == "Nice to meet you"
    assert draft.body.startswith("Hi Kay,\n\nIt was good to meet you, and I enjoyed our")
