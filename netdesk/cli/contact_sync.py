"""`netdesk sync` and `netdesk accounts set contacts`: people and the user's CardDAV
address book in step from the command line; the password from the keyring or from
`--password-file` (read, used, never stored)."""

from __future__ import annotations

from netdesk.cli.common import CommandError, Context
from netdesk.cli.mail import password_from


def sync_command(context: Context) -> int:
    from netdesk.errors import CalendarError

    secret = password_from(context.args.password_file)
    figures: dict[str, int] = {}
    try:
        figures |= context.services.contact_sync.sync.sync(secret=secret).as_dict()
    except CalendarError as error:
        raise CommandError(str(error)) from None
    if context.args.json:
        return context.json(figures)
    context.print(" · ".join(f"{name} {value:,}" for name, value in figures.items()))
    return 0


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
