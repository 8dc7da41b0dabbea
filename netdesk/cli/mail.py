"""`netdesk mail on|off|scan` and `netdesk accounts set mail`: reading the mailbox's
headers from the command line (for cron and scripts), with the password from the keyring
or from `--password-file` (read, used, never stored)."""

from __future__ import annotations

from netdesk.cli.common import CommandError, Context, read_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.services.credentials import Secret

MAX_PASSWORD_BYTES = 4096
# The command line's words for how a server is secured, and the account's.
SECURITY = {"tls": "tls", "starttls": "starttls", "loopback-plain": "plain"}


def mail_command(context: Context) -> int:
    from netdesk.errors import MailError

    scan = context.services.mail.scan
    action = context.args.mail_action
    if action in ("on", "off"):
        scan.set_enabled(action == "on")
        context.print(f"Reading your mailbox is {action}.")
        return 0
    if not scan.enabled:
        raise CommandError(
            "reading your mailbox is off: turn it on in Settings → Mail account, or with "
            "`netdesk mail on`"
        )
    try:
        result = scan.scan(secret=password_from(context.args.password_file))
    except MailError as error:
        raise CommandError(str(error)) from None
    if context.args.json:
        return context.json(result.as_dict())
    context.print(
        f"scanned {result.scanned:,} · matched {result.matched:,} · interactions "
        f"{result.interactions:,} · replies {result.replies:,} "
        f"({', '.join(result.folders) or 'no folder'})"
    )
    return 0


def accounts_command(context: Context) -> int:
    from dataclasses import replace

    from netdesk.errors import MailError, ValidationError
    from netdesk.services.mail.account import MailAccount
    from netdesk.services.mail.security import DEFAULT_PORTS

    args = context.args
    if args.kind == "calendar":
        from netdesk.cli.calendar import set_calendar_account

        return set_calendar_account(context)
    if args.kind == "contacts":
        from netdesk.cli.contact_sync import set_contacts_account

        return set_contacts_account(context)
    accounts = context.services.mail.accounts
    security = SECURITY[args.security]
    account = accounts.get() or MailAccount(address=args.address or args.user, keyring_service="")
    account = replace(
        account,
        address=args.address or account.address or args.user,
        imap_host=args.server,
        imap_port=args.port or DEFAULT_PORTS[("imap", security)],
        imap_security=security,
        username=args.user,
    )
    try:
        saved, _status = accounts.save(account)
    except ValidationError as error:
        raise CommandError("; ".join(error.errors.values())) from None
    if args.password_file:  # log in once to check, without keeping the password
        try:
            folder = context.services.mail.transport.check_imap(
                saved, password_from(args.password_file)
            )
        except MailError as error:
            raise CommandError(f"saved, but the login failed: {error}") from None
        context.print(f"Logged in; drafts go to “{folder}”.")
    context.print(f"IMAP: {saved.imap_host}:{saved.imap_port} ({args.security}) as {saved.login}")
    return 0


def password_from(path: str | None) -> Secret | None:
    """The password in *path* (its first line), or None: the keyring's."""
    if not path:
        return None
    from netdesk.services.credentials import Secret

    text = read_text(path, MAX_PASSWORD_BYTES).splitlines()
    if not text or not text[0]:
        raise CommandError(f"{path}: holds no password on its first line")
    return Secret(text[0])
