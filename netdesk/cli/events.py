"""`netdesk event add|met|show|list`: networking events from the command line, through
the same service as the window; `met` reads one person per line from standard input,
as the quick capture does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from netdesk.cli.common import CommandError, Context, read_text, validation_message

if TYPE_CHECKING:
    from netdesk.services.events.records import Event, EventReport


def event_command(context: Context) -> int:
    from netdesk.errors import ValidationError

    action = {"add": add, "met": met, "show": show, "list": list_events}[context.args.event_action]
    try:
        return action(context)
    except ValidationError as error:  # raised before or inside a rolled-back write
        raise CommandError(validation_message(error)) from None


def _event(context: Context) -> Event:
    return context.services.events.find(context.args.event)


def add(context: Context) -> int:
    args = context.args
    event = context.services.events.add(args.name, args.on, kind=args.kind, place=args.place or "")
    if args.json:
        return context.json(event)
    context.print(str(event.id))
    return 0


def met(context: Context) -> int:
    args = context.args
    events = context.services.events
    event = _event(context)
    text = read_text(None)
    result = events.capture(event.id, text, star_all=args.star_all)
    if args.json:
        return context.json(_report_json(events.report(event.id), result.capture_id))
    for line in result.lines:
        captured = line.captured
        if captured.problem:
            context.print(f"line {captured.line}: skipped ({captured.problem})")
        elif line.contact_id is not None:
            context.print(f"line {captured.line}: matched {line.describe()[8:]}")
        elif line.same_as_line is not None:
            context.print(f"line {captured.line}: {line.describe()}")
        else:
            context.print(f"line {captured.line}: new {captured.name}")
    todos = context.services.todos
    for todo_id in result.todos:
        todo = todos.get(todo_id)
        context.print(f"to-do {todo.id}, due {todo.due_on}: {todo.title}")
    context.print(
        f"{len(result.linked_people)} met at {event.name}, {len(result.added_people)} new "
        f"(capture {result.capture_id})"
    )
    return 0


def show(context: Context) -> int:
    events = context.services.events
    report = events.report(_event(context).id)
    if context.args.json:
        return context.json(_report_json(report))
    event = report.event
    context.print(
        f"{event.name} — {event.held_on}, {event.kind}"
        + (f", {event.place}" if event.place else "")
    )
    for person in report.people:
        came_of_it = [
            word
            for word, done in (
                ("followed up", person.followed_up),
                ("conversation", person.conversation),
                ("referral", person.referral),
                ("real relationship", person.real_relationship),
            )
            if done
        ]
        star = "* " if person.starred else "  "
        note = f" — {person.note}" if person.note else ""
        after = f" [{', '.join(came_of_it)}]" if came_of_it else ""
        context.print(f"{star}{person.name} (id {person.contact_id}){note}{after}")
    for introducer, introduced in report.introductions:
        context.print(f"{introducer} introduced {introduced}")
    context.print(
        f"{len(report.people)} met, {report.count('followed_up')} followed up, "
        f"{report.count('conversation')} conversations"
    )
    return 0


def list_events(context: Context) -> int:
    events = context.services.events
    numbers = {n.event_id: n for n in events.numbers()}
    listed = events.list()
    if context.args.json:
        return context.json(
            [{**_event_json(e), "conversations": numbers[e.id].conversations} for e in listed]
        )
    for event in listed:
        context.print(
            f"{event.id}\t{event.held_on}\t{event.name}\t{event.people} met, "
            f"{numbers[event.id].conversations} conversations"
        )
    return 0


def _event_json(event: Event) -> dict:
    from dataclasses import asdict

    return asdict(event)


def _report_json(report: EventReport, capture_id: int | None = None) -> dict:
    from dataclasses import asdict

    value = {
        "event": asdict(report.event),
        "people": [asdict(person) for person in report.people],
        "introductions": [
            {"introducer": introducer, "introduced": introduced}
            for introducer, introduced in report.introductions
        ],
        "conversations": report.count("conversation"),
    }
    if capture_id is not None:
        value["capture_id"] = capture_id
    return value
