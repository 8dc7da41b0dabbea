"""`netdesk draft thank-you|email`: an email draft, as the window's one click writes it."""

from __future__ import annotations

from pathlib import Path

from netdesk.cli.common import CommandError, Context
from netdesk.services.vocabulary import DRAFT_PURPOSES


def draft_command(context: Context) -> int:
    """An email draft with what to check before it goes: unfilled notes to self and
    emails already sent. Nothing is sent."""
    from netdesk.services.mail.account import MailAccount
    from netdesk.services.mail.messages import as_eml, build_message

    args = context.args
    services = context.services
    drafts = services.mail.drafts
    try:
        if args.draft_kind == "thank-you":
            people = [pid for pid, _name in drafts.recipients(args.meeting)]
            if not people or (args.to is not None and args.to not in people):
                raise CommandError(f"meeting {args.meeting} has nobody to thank")
            template = next(
                t for t in drafts.templates.list() if t.builtin_key == f"thank_you_{args.tone}"
            )
            draft, _ = drafts.compose(args.to or people[0], args.meeting, template)
        else:
            services.contacts.get(args.person)  # KeyError: nobody has that id
            purpose = DRAFT_PURPOSES.get(args.purpose or "")
            if purpose == "referral_request" and args.application is None:
                raise CommandError("--purpose referral needs --application ID")
            template = drafts.template_for(purpose) if purpose else None
            draft, _ = drafts.compose(
                args.person, None, template, args.introduce_to, application_id=args.application
            )
    except KeyError as error:
        raise CommandError(f"nobody and nothing has the id {error}") from None
    warnings = drafts.warnings(draft)
    if args.eml:
        account = services.mail.accounts.get() or MailAccount()
        message = build_message(account.display_name, account.address, draft)
        Path(args.eml).write_bytes(as_eml(message))
    if args.json:
        return context.json(
            {
                "to": draft.to_address,
                "to_name": draft.to_name,
                "subject": draft.subject,
                "body": draft.body,
                "purpose": draft.purpose,
                "meeting_id": draft.meeting_id,
                "application_id": draft.application_id,
                "unfilled": warnings.notes_to_self,
                "earlier_emails": [
                    {"when": e.when, "summary": e.summary} for e in warnings.earlier
                ],
            }
        )
    context.print(f"To: {draft.to_name} <{draft.to_address}>")
    context.print(f"Subject: {draft.subject}\n\n{draft.body}")
    if warnings:
        context.print("Before it goes:")
        for line in warnings.describe().splitlines():
            context.print(f"  {line}")
    return 0
