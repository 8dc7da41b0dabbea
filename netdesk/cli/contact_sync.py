"""`netdesk sync` and `netdesk accounts set contacts`: people (with the user's CardDAV
address book) and meetings and to-dos (with the CalDAV calendar) in step from the
command line; the password from the keyring or from `--password-file` (read, used,
never stored)."""

from __future__ import annotations

from netdesk.cli.common import CommandError, Context
from netdesk.cli.mail import password_from

FIGURES = ("pushed", "pulled", "merged", "conflicts", "deleted")


def sync_command(context: Context) -> int:
    """One two-way pass: people with the address book, then meetings and to-dos with
    the calendar, each where an account is set up."""
    from netdesk.errors import CalendarError

    services = context.services
    contacts = services.contact_sync.accounts.get()
    calendar = services.calendar.accounts.get()
    if contacts is None and calendar is None:
        raise CommandError(
            "nothing to sync: set up an address book (`netdesk accounts set contacts`) "
            "or a calendar (`netdesk accounts set calendar`) first"
        )
    secret = password_from(context.args.password_file)
    parts: dict[str, dict[str, int]] = {}
    try:
        if contacts is not None:
            parts["contacts"] = services.contact_sync.sync.sync(secret=secret).as_dict()
        if calendar is not None:
            same_login = contacts is None or (
                (calendar.server_url, calendar.username) == (contacts.server_url, contacts.username)
            )  # a password file is for one login; another's comes from the keyring
            parts["calendar"] = services.calendar.sync.sync(
                secret=secret if same_login else None
            ).as_dict()
    except CalendarError as error:
        raise CommandError(str(error)) from None
    figures = _totals(parts.get("contacts", {}), parts.get("calendar", {}))
    if context.args.json:
        return context.json({**figures, **parts})
    context.print(" · ".join(f"{name} {value:,}" for name, value in figures.items()))
    return 0


def _totals(contacts: dict[str, int], calendar: dict[str, int]) -> dict[str, int]:
    """The address book's figures, with the calendar's meetings and to-dos added in."""
    totals = {name: contacts.get(name, 0) for name in FIGURES}
    totals["pushed"] += calendar.get("pushed", 0) + calendar.get("todos_pushed", 0)
    totals["pulled"] += calendar.get("events", 0) + calendar.get("todos_pulled", 0)
    totals["merged"] += (
        calendar.get("meetings_pulled", 0) + calendar.get("moved", 0) + calendar.get("cancelled", 0)
    )
    totals["deleted"] += calendar.get("deleted", 0)
    return totals


def set_contacts_account(context: Context) -> int:
    """Save the server, login and which people sync; with --password-file, log in, find
    the address books and choose the one named --addressbook (else the first)."""
    from dataclasses import replace

    from netdesk.errors import CalendarError, ValidationError
    from netdesk.services.carddav.account import ContactsAccount

    args = context.args
    sync = context.services.contact_sync
    account = replace(
        sync.accounts.get() or ContactsAccount(),
        server_url=args.server,
        username=args.user,
        scope=args.scope or "relationships",
        scope_tag=args.tag or "",
    )
    secret = password_from(args.password_file)
    if secret is not None:
        try:
            with sync.transport.session(account, secret) as session:
                found = session.addressbooks()
        except CalendarError as error:
            raise CommandError(f"nothing saved: {error}") from None
        chosen = [b for b in found if not args.addressbook or b.name == args.addressbook]
        if not chosen:
            names = ", ".join(b.name for b in found) or "none"
            raise CommandError(f"no address book is called {args.addressbook!r} (there: {names})")
        account = replace(account, addressbook_url=chosen[0].url, addressbook_name=chosen[0].name)
    elif args.addressbook:
        raise CommandError("--addressbook needs --password-file to find it on the server")
    try:
        saved, _status = sync.accounts.save(account)
    except ValidationError as error:
        raise CommandError("; ".join(error.errors.values())) from None
    book = f" · address book “{saved.addressbook_name}”" if saved.addressbook_name else ""
    context.print(f"Contacts: {saved.server_url} as {saved.username}{book} ({saved.scope})")
    return 0
