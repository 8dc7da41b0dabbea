"""`netdesk meeting plan|notes|answer|refer|held|show`: informational interviews from
the command line, through the same service as the Meetings page."""

from __future__ import annotations

import itertools
from dataclasses import asdict
from typing import TYPE_CHECKING

from netdesk.cli.common import CommandError, Context, person, read_text, validation_message

if TYPE_CHECKING:
    from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion
    from netdesk.services.meetings.service import MeetingService

PREPARED_LAYERS = ("industry", "organisation", "person")  # the bank's three layers


def meeting_command(context: Context) -> int:
    from netdesk.errors import ValidationError

    action = {
        "plan": plan,
        "notes": notes,
        "answer": answer,
        "refer": refer,
        "held": held,
        "show": show,
    }[context.args.meeting_action]
    try:
        return action(context)
    except ValidationError as error:  # raised before or inside a rolled-back write
        raise CommandError(validation_message(error)) from None


def _meeting(context: Context) -> MeetingRecord:
    try:
        return context.services.meetings.get(context.args.meeting)
    except KeyError:
        raise CommandError(f"no meeting has the id {context.args.meeting}") from None


def _when(context: Context, text: str | None):
    from netdesk.services.meetings.records import parse_when

    if text is None:
        return None
    try:
        return parse_when(text, context.services.clock.tz)
    except ValueError as error:
        raise CommandError(str(error)) from None


def pick_questions(meetings: MeetingService, count: int) -> list[PreparedQuestion]:
    """*count* bank questions taken in turn from its three layers (industry, organisation,
    person; each in the bank's order), then the bank's closing questions."""
    by_layer = [meetings.bank(layer) for layer in PREPARED_LAYERS]
    chosen = []
    for question in itertools.chain.from_iterable(itertools.zip_longest(*by_layer)):
        if len(chosen) == count:
            break
        if question is not None:
            chosen.append(question)
    chosen.sort(key=lambda q: (PREPARED_LAYERS.index(q.layer), q.position, q.id))
    closing = meetings.bank("closing") if count else []
    return [meetings.prepared_from(q) for q in chosen + closing]


def plan(context: Context) -> int:
    from netdesk.services.meetings.records import MeetingRecord

    args = context.args
    people = [person(context, who).id for who in args.with_]
    starts_at = _when(context, args.at)
    meetings = context.services.meetings
    record = MeetingRecord(
        title=args.title,
        kind=args.kind,
        status="scheduled" if starts_at else "idea",
        starts_at=starts_at,
        purpose=args.purpose or "",
        place=args.place or "",
        people=list(dict.fromkeys(people)),
        questions=pick_questions(meetings, args.questions),
    )
    saved = meetings.save(record)
    if args.json:
        return context.json(meeting_dict(context, saved))
    context.print(str(saved.id))
    return 0


def notes(context: Context) -> int:
    record = _meeting(context)
    text = read_text(context.args.file)
    if context.args.append and record.notes.strip():
        text = record.notes.rstrip("\n") + "\n\n" + text
    context.services.meetings.save_text(record.id, "notes", text)
    if context.args.json:
        return context.json(meeting_dict(context, context.services.meetings.get(record.id)))
    words = len(text.split())
    context.print(f"Saved {words:,} word{'s' if words != 1 else ''} of notes to “{record.title}”.")
    return 0


def _question(record: MeetingRecord, wanted: str) -> PreparedQuestion:
    """The prepared question *wanted* names: its number in `meeting show`, its text, or
    words only one of them contains (any case)."""
    questions = record.questions
    wanted = " ".join(wanted.split())
    if wanted.isdigit():
        number = int(wanted)
        if 1 <= number <= len(questions):
            return questions[number - 1]
        raise CommandError(
            f"meeting {record.id} has {len(questions)} prepared questions, not {number}"
        )
    folded = wanted.casefold()
    exact = [q for q in questions if q.text.casefold() == folded]
    found = exact or [q for q in questions if folded and folded in q.text.casefold()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandError(
            f"meeting {record.id} has no question like {wanted!r} "
            f"(netdesk meeting show {record.id} lists them)"
        )
    raise CommandError(f"{len(found)} questions of meeting {record.id} contain {wanted!r}")


def answer(context: Context) -> int:
    record = _meeting(context)
    question = _question(record, context.args.question)
    assert question.id is not None
    context.services.meetings.save_answer(question.id, context.args.text)
    if context.args.json:
        return context.json(meeting_dict(context, context.services.meetings.get(record.id)))
    context.print(f"Answered: {question.text}")
    return 0


def refer(context: Context) -> int:
    from netdesk.services.contacts.records import ContactRecord

    args = context.args
    record = _meeting(context)
    if args.from_ is not None:
        introducer = person(context, args.from_).id
        if introducer not in record.people:
            raise CommandError(f"{args.from_} was not at meeting {record.id}")
    elif len(record.people) == 1:
        introducer = record.people[0]
    elif not record.people:
        raise CommandError(f"meeting {record.id} has nobody who could have referred you")
    else:
        raise CommandError(
            f"meeting {record.id} has several people: say who referred you (--from ID)"
        )
    new_person = existing = None
    if args.person is not None:
        existing = person(context, args.person).id
    else:
        new_person = ContactRecord(
            display_name=args.name, organisation=args.org or "", role=args.role or ""
        )
    referral = context.services.meetings.record_referral(
        introducer,
        meeting_id=record.id,
        to_contact_id=existing,
        new_person=new_person,
        permission=args.may_mention,
        note=args.note or "",
    )
    if args.json:
        return context.json(asdict(referral))
    mention = {"yes": "you may mention them", "no": "don't mention them", "ask": "ask first"}
    context.print(
        f"{referral.from_name} suggested {referral.to_name} (id {referral.to_contact_id}); "
        f"{mention[referral.permission]}. A to-do to reach out is on Today."
    )
    return 0


def held(context: Context) -> int:
    record = _meeting(context)
    starts_at = _when(context, context.args.at) or record.starts_at
    if record.status == "held" and starts_at == record.starts_at:  # nothing to change
        if context.args.json:
            return context.json(meeting_dict(context, record))
        context.print(f"“{record.title}” is already held.")
        return 0
    record.status = "held"
    record.starts_at = starts_at or context.services.clock.now()
    saved = context.services.meetings.save(record)
    if context.args.json:
        return context.json(meeting_dict(context, saved))
    context.print(
        f"“{saved.title}” held; the thank-you is on Today (netdesk draft thank-you {saved.id})."
    )
    return 0


def show(context: Context) -> int:
    record = _meeting(context)
    if context.args.json:
        return context.json(meeting_dict(context, record))
    context.print(*meeting_lines(context, record))
    return 0


def meeting_dict(context: Context, record: MeetingRecord) -> dict:
    """The whole meeting: its fields, its people by name, its numbered questions with
    their answers, and the referrals made at it."""
    services = context.services
    names = {r.id: r.display_name for r in services.contacts.records(record.people)}
    value = asdict(record)
    value["people"] = [{"id": pid, "name": names.get(pid, "")} for pid in record.people]
    value["questions"] = [
        {"number": number, **asdict(q)} for number, q in enumerate(record.questions, 1)
    ]
    value["ends_at"] = record.ends_at
    value["referrals"] = [asdict(r) for r in services.meetings.referrals(meeting_id=record.id)]
    return value


def meeting_lines(context: Context, record: MeetingRecord) -> list[str]:
    from netdesk.services.meetings.records import LAYERS, STATUSES

    services = context.services
    people = ", ".join(r.display_name for r in services.contacts.records(record.people))
    when = f"{record.starts_at:%a %d %b %Y %H:%M}" if record.starts_at else "no date yet"
    lines = [f"# {record.title} (meeting {record.id})", f"{STATUSES[record.status]}, {when}"]
    if people:
        lines.append(f"With {people}")
    for label, text in (("Purpose", record.purpose), ("Notes", record.notes)):
        if text.strip():
            lines += ["", f"## {label}", text.rstrip()]
    if record.questions:
        lines += ["", "## Questions"]
    layer = None
    for number, question in enumerate(record.questions, 1):
        if question.layer != layer:
            layer = question.layer
            lines.append(f"### {LAYERS.get(layer, layer)}")
        lines.append(f"{number}. {question.text}")
        if question.answer.strip():
            lines.append(f"   {' '.join(question.answer.split())}")
    referrals = services.meetings.referrals(meeting_id=record.id)
    if referrals:
        lines += ["", "## Referrals"]
        lines += [f"- {r.from_name} → {r.to_name} (mention: {r.permission})" for r in referrals]
    return lines
