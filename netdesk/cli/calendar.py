"""`netdesk calendar sync` and `netdesk accounts set calendar`: meetings and the user's
CalDAV calendar in step from the command line (for cron and scripts); the password from
the keyring or from `--password-file` (read, used, never stored)."""

from __future__ import annotations

from netdesk.cli.common import CommandError, Context
from netdesk.cli.mail import password_from


def calendar_command(context: Context) -> int:
    from netdesk.errors import CalendarError

    try:
        result = context.services.calendar.sync.sync(
            secret=password_from(context.args.password_file)
        )
    except CalendarError as error:
        raise CommandError(str(error)) from None
    if context.args.json:
        return context.json(result.as_dict())
    context.print(" · ".join(f"{name} {value:,}" for name, value in result.as_dict().items()))
    return 0


def set_calendar_account(context: Context) -> int:
    """Save the server and login; with --password-file, log in, find the calendars and
    choose the one named --calendar (else the first)."""
    from dataclasses import replace

    from netdesk.errors import CalendarError, ValidationError
    from netdesk.services.calendar.account import CalendarAccount

    args = context.args
    calendar = context.services.calendar
    account = replace(
        calendar.accounts.get() or CalendarAccount(),
        server_url=args.server,
        username=args.user,
    )
    secret = password_from(args.password_file)
    if secret is not None:
        try:
            found = calendar.transport.calendars(account, secret)
        except CalendarError as error:
            raise CommandError(f"nothing saved: {error}") from None
        chosen = [c for c in found if not args.calendar or c.name == args.calendar]
        if not chosen:
            names = ", ".join(c.name for c in found) or "none"
            raise CommandError(f"no calendar is called {args.calendar!r} (there: {names})")
        account = replace(account, calendar_url=chosen[0].url, calendar_name=chosen[0].name)
    elif args.calendar:
        raise CommandError("--calendar needs --password-file to find it on the server")
    try:
        saved, _status = calendar.accounts.save(account)
    except ValidationError as error:
        raise CommandError("; ".join(error.errors.values())) from None
    chosen_name = f" · calendar “{saved.calendar_name}”" if saved.calendar_name else ""
    context.print(f"Calendar: {saved.server_url} as {saved.username}{chosen_name}")
    return 0
