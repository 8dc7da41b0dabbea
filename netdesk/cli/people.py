"""`netdesk contacts`, `netdesk people add|show` and `netdesk log`: people and what
happened with them."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, time

from netdesk.cli.common import CommandError, Context, person, validation_message


def contacts_command(context: Context) -> int:
    from netdesk.services.contacts.records import ContactFilter

    contacts = context.services.contacts
    records = contacts.records(contacts.query_ids(ContactFilter(text=context.args.search or "")))
    if context.args.json:
        return context.json(contacts.as_export_dicts(records))
    for record in records:
        details = " · ".join(p for p in (record.role, record.organisation) if p)
        context.print(f"{record.display_name}" + (f" — {details}" if details else ""))
    return 0


def people_command(context: Context) -> int:
    if context.args.people_action == "add":
        return add_person(context)
    return show_person(context)


def add_person(context: Context) -> int:
    from netdesk.errors import ValidationError
    from netdesk.services.contacts.records import ContactRecord

    args = context.args
    record = ContactRecord(
        display_name=args.name,
        organisation=args.org or "",
        role=args.role or "",
        relation=args.relation or "other",
        closeness=args.closeness if args.closeness is not None else 3,
        emails=list(args.email or []),
        phones=list(args.phone or []),
        linkedin_url=args.linkedin or "",
        tags=list(args.tag or []),
        notes=args.notes or "",
        track_mail=args.track_mail,
    )
    try:
        saved = context.services.contacts.save(record)
    except ValidationError as error:
        raise CommandError(validation_message(error)) from None
    if args.json:
        return context.json(person_dict(saved))
    context.print(str(saved.id))
    return 0


def show_person(context: Context) -> int:
    record = person(context, context.args.person)
    positions = context.services.positions.positions(record.id)
    if context.args.json:
        shown = person_dict(record, context.services.contacts.me_id())
        return context.json({**shown, "positions": [p.as_dict() for p in positions]})
    context.print(*person_lines(record), *position_lines(positions))
    return 0


def position_lines(positions) -> list[str]:
    """The job history, when there is more than today's position."""
    if len(positions) < 2:
        return []
    lines = ["", "  job history:"]
    for position in positions:
        what = " · ".join(p for p in (position.role, position.organisation) if p)
        since = f" from {position.started_on}" if position.started_on else ""
        until = f" until {position.ended_on}" if position.ended_on else " (current)"
        lines.append(f"    {what}{since}{until}")
    return lines


def person_dict(record, me_id: int | None = None) -> dict:
    """Everything the contact record holds (its tags too), with `name` as `contacts
    --json` calls it."""
    return {"name": record.display_name, **asdict(record), "is_me": record.id == me_id}


def person_lines(record) -> list[str]:
    from netdesk.services.vocabulary import CLOSENESS_LABELS, relation_label

    details = " · ".join(p for p in (record.role, record.organisation) if p)
    lines = [f"{record.display_name} (id {record.id})" + (f" — {details}" if details else "")]
    closeness = CLOSENESS_LABELS.get(record.closeness, str(record.closeness))
    lines.append(f"  {relation_label(record.relation)}, closeness {record.closeness} ({closeness})")
    for label, values in (
        ("email", record.emails),
        ("phone", record.phones),
        ("tags", [", ".join(record.tags)] if record.tags else []),
    ):
        lines += [f"  {label}: {value}" for value in values]
    if record.linkedin_url:
        lines.append(f"  LinkedIn: {record.linkedin_url}")
    if record.location:
        lines.append(f"  location: {record.location}")
    if record.last_interaction:
        lines.append(f"  last interaction: {record.last_interaction}")
    if not record.track_mail:
        lines.append("  mail: not tracked (the mail scan leaves them out)")
    if record.notes:
        lines += ["", *(f"  {line}" for line in record.notes.splitlines())]
    return lines


def log_command(context: Context) -> int:
    """Log an interaction that happened (today, or --on an earlier day)."""
    from netdesk.errors import ValidationError

    args = context.args
    services = context.services
    who = person(context, args.person)
    clock = services.clock
    day = args.on
    # As the window's quick log: today's entry keeps the time it is logged, an
    # earlier day sits at midday (a later day is refused by the service).
    moment = clock.now() if day is None or day == clock.today() else datetime.combine(day, time(12))
    give_ask = "give" if args.gave else "ask" if args.asked else None
    try:
        entry = services.interactions.log(
            who.id,
            args.kind,
            " ".join((args.summary or "").split()),
            give_ask=give_ask,
            occurred_at=moment,
        )
    except ValidationError as error:
        raise CommandError(validation_message(error)) from None
    if args.json:
        return context.json({**asdict(entry), "name": who.display_name})
    what = {"give": ", something you gave", "ask": ", something you asked"}.get(give_ask or "", "")
    context.print(
        f"Logged {'an' if args.kind[0] in 'aeiou' else 'a'} {args.kind} with "
        f"{who.display_name} on {entry.occurred_at[:10]}{what}."
    )
    return 0
