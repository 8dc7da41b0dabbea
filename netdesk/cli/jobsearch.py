"""`netdesk targets [add]` and `netdesk applications [add|move]`: the job search from
the command line, through the same services as the window."""

from __future__ import annotations

from dataclasses import asdict

from netdesk.cli.common import CommandError, Context, person, validation_message

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from netdesk.services.jobsearch.records import ApplicationRecord, TargetRecord


def _guarded(action: Callable[[Context], int], context: Context) -> int:
    """Bad input (a stage that is none, a link already used…) is one line, nothing saved."""
    from netdesk.errors import ValidationError

    try:
        return action(context)
    except ValidationError as error:
        raise CommandError(validation_message(error)) from None


def targets_command(context: Context) -> int:
    action = add_target if context.args.targets_action == "add" else list_targets
    return _guarded(action, context)


def applications_command(context: Context) -> int:
    chosen = context.args.applications_action
    action = {"add": add_application, "move": move_application}.get(chosen, list_applications)
    return _guarded(action, context)


# --- targets ---------------------------------------------------------------------


def target_dict(target: TargetRecord) -> dict:
    return asdict(target)


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def _names(people) -> str:
    return ", ".join(p.name for p in people)


def list_targets(context: Context) -> int:
    targets = context.services.targets.list()
    if context.args.json:
        return context.json([target_dict(t) for t in targets])
    if not targets:
        context.print("No target organisations yet (netdesk targets add ORGANISATION).")
    for target in targets:
        context.print(
            f"{target.id}\t{target.organisation}\t{target.stage}\t"
            f"{_count(target.applications, 'application')}, "
            f"{_count(target.conversations, 'conversation')}"
        )
        if target.people_now:
            context.print(f"\tthere now: {_names(target.people_now)}")
        if target.people_before:
            context.print(f"\tformerly: {_names(target.people_before)}")
    return 0


def add_target(context: Context) -> int:
    args = context.args
    target = context.services.targets.add(args.organisation, args.stage, args.notes or "")
    if args.json:
        return context.json(target_dict(target))
    context.print(str(target.id))
    return 0


# --- applications ----------------------------------------------------------------


def application_dict(application: ApplicationRecord) -> dict:
    return asdict(application)


def list_applications(context: Context) -> int:
    applications = context.services.applications.list()
    if context.args.json:
        return context.json([application_dict(a) for a in applications])
    if not applications:
        context.print("No applications yet (netdesk applications add --org ORG --role ROLE).")
    for a in applications:
        via = f", referred by {a.referrer}" if a.referrer else ""
        context.print(
            f"{a.id}\t{a.applied_on or ''}\t{a.organisation}\t{a.role}\t{a.stage}{via}"
            + (f"\tnext: {a.next_action} ({a.due_on})" if a.next_action else "")
        )
    return 0


def add_application(context: Context) -> int:
    args = context.args
    if bool(args.next) != bool(args.due):
        raise CommandError("--next and --due go together: what to do, and by when")
    referrer = person(context, args.referrer).id if args.referrer else None
    source = args.source or ("referral" if referrer is not None else "cold")
    application = context.services.applications.add(
        args.org, args.role, link=args.link or "", applied_on=args.applied, source=source,
        referrer_id=referrer, stage=args.stage, next_action=args.next or "", due_on=args.due,
    )  # fmt: skip
    if args.json:
        return context.json(application_dict(application))
    context.print(str(application.id))
    return 0


def move_application(context: Context) -> int:
    args = context.args
    applications = context.services.applications
    try:
        applications.get(args.application)
    except KeyError:
        raise CommandError(
            f"no application has the id {args.application} (netdesk applications)"
        ) from None
    step = applications.move(args.application, args.stage, args.on, args.note or "")
    if args.json:
        return context.json(asdict(step))
    context.print(f"{args.application}: {step.label()} on {step.on_day}")
    return 0
