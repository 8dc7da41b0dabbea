"""The command line's words: every command, its options and their help.

Light on purpose (argparse and a vocabulary module): the window's start-up parses
its arguments with it too.
"""

from __future__ import annotations

import argparse
import sys

from netdesk.services.vocabulary import CLOSENESS_RANGE, DRAFT_PURPOSES, RELATIONS

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a command's ~3 ms)
if TYPE_CHECKING:
    from typing import NoReturn

# The interaction log's kinds and the meeting kinds (netdesk.services.followups.interactions
# and .meetings hold their labels; named here so that parsing imports neither).
LOG_KINDS = ("call", "email", "message", "meeting", "note")
MEETING_KINDS = ("informational", "coffee", "call", "event", "other")
# netdesk.services.events.records.KINDS, named here so that parsing does not import it.
EVENT_KINDS = ("meetup", "conference", "career_fair", "association", "alumni", "other")


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments are one line on stderr and exit status 2, like any bad input."""

    def error(self, message: str) -> NoReturn:
        print(f"netdesk: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def _day(text: str):
    from netdesk.cli.common import parse_day

    return parse_day(text)


_day.__name__ = "date (YYYY-MM-DD)"  # argparse's "invalid date (YYYY-MM-DD) value"


def _count(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 100:
        raise ValueError(text)
    return value


_count.__name__ = "number (0-100)"


def _port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise ValueError(text)
    return value


_port.__name__ = "port (1-65535)"


def add_commands(
    parser: argparse.ArgumentParser, common: argparse.ArgumentParser, only: str | None = None
) -> None:
    """Every subcommand (or only the one *only* names: building all of them costs a
    command ~6 ms); each accepts --data-dir (through *common*)."""
    commands = parser.add_subparsers(dest="command", parser_class=OneLineParser)
    for name, build in BUILDERS.items():
        if only is None or name == only:
            build(commands, common)


def command_named(argv: list[str]) -> str | None:
    """The command *argv* runs, if it names one (after the global options)."""
    values = iter(argv)
    for token in values:
        if token in ("--data-dir", "--passphrase-file", "--recovery-key-file"):
            next(values, None)
        elif not token.startswith("-"):
            return token if token in BUILDERS else None
    return None


def _log(commands, common) -> None:
    log = commands.add_parser(
        "log", parents=[common], help="log an interaction that happened (today by default)"
    )
    log.add_argument("person", help="the person's id, or a name only one person has")
    log.add_argument("--kind", choices=LOG_KINDS, required=True)
    give_ask = log.add_mutually_exclusive_group()
    give_ask.add_argument("--gave", action="store_true", help="I gave something (reciprocity)")
    give_ask.add_argument("--asked", action="store_true", help="I asked for something")
    log.add_argument(
        "--on", type=_day, help="the day it happened (YYYY-MM-DD; not later than today)"
    )
    log.add_argument("--summary", help="what it was about, in a few words")
    log.add_argument("--json", action="store_true", help="print the logged entry as JSON")


def _today(commands, common) -> None:
    today = commands.add_parser(
        "today", parents=[common], help="follow-ups due, people to reconnect with, this week"
    )
    today.add_argument("--json", action="store_true", help="print everything as JSON")


def _paths(commands, common) -> None:
    paths = commands.add_parser(
        "paths", parents=[common], help="warm introduction paths to a person or organisation"
    )
    paths.add_argument(
        "--to",
        required=True,
        help="a person's id, an organisation's name, or a person's name",
    )
    paths.add_argument("--limit", type=_count, default=8, help="at most this many paths")
    paths.add_argument("--json", action="store_true", help="print the paths as JSON")


def _import(commands, common) -> None:
    importing = commands.add_parser(
        "import",
        parents=[common],
        help="import a LinkedIn Connections.csv or export .zip, a vCard file, a Google "
        "Contacts CSV, or NetDesk's own CSV or JSON export",
    )
    importing.add_argument("path")
    importing.add_argument("--json", action="store_true", help="print the summary as JSON")


def _contacts(commands, common) -> None:
    listing = commands.add_parser("contacts", parents=[common], help="list people")
    listing.add_argument("--search", help="only people matching these words")
    listing.add_argument("--json", action="store_true", help="print a JSON list")


def _undo_import(commands, common) -> None:
    commands.add_parser("undo-import", parents=[common], help="undo the last import")


def _export(commands, common) -> None:
    exporting = commands.add_parser(
        "export", parents=[common], help="export people as CSV or vCard, or everything as JSON"
    )
    exporting.add_argument("path")
    exporting.add_argument(
        "--format",
        choices=("csv", "vcard", "json"),
        help="default: from the file's extension (.csv, .vcf, .json)",
    )


def _backup(commands, common) -> None:
    commands.add_parser("backup", parents=[common], help="back up the database now")


def _restore(commands, common) -> None:
    restoring = commands.add_parser(
        "restore",
        parents=[common],
        help="check a backup and restore it (the current data is backed up first)",
    )
    restoring.add_argument("path")
    restoring.add_argument(
        "--yes", action="store_true", help="restore; without it, only check the backup"
    )


def _people(commands, common) -> None:
    people = commands.add_parser(
        "people", parents=[common], help="add a person, or show everything about one"
    ).add_subparsers(dest="people_action", required=True, parser_class=OneLineParser)
    adding = people.add_parser("add", parents=[common], help="add a person; prints the new id")
    adding.add_argument("name")
    adding.add_argument("--org", help="organisation")
    adding.add_argument("--role")
    adding.add_argument("--relation", choices=tuple(RELATIONS), help="how you know them")
    adding.add_argument(
        "--closeness", type=int, choices=CLOSENESS_RANGE, help="1 (acquaintance) to 5 (very close)"
    )
    adding.add_argument("--email", action="append", help="an email address (repeatable)")
    adding.add_argument("--phone", action="append", help="a phone number (repeatable)")
    adding.add_argument("--linkedin", help="their LinkedIn profile's address")
    adding.add_argument("--tag", action="append", help="a tag or group (repeatable)")
    adding.add_argument("--notes")
    adding.add_argument(
        "--no-track-mail",
        dest="track_mail",
        action="store_false",
        help="the mail scan leaves them out (no emails on their timeline)",
    )
    adding.add_argument("--json", action="store_true", help="print the new person as JSON")
    showing = people.add_parser("show", parents=[common], help="everything about one person")
    showing.add_argument("person", help="the person's id, or a name only one person has")
    showing.add_argument("--json", action="store_true", help="print the person as JSON")


def _meetings(commands, common) -> None:
    meeting = commands.add_parser(
        "meeting", parents=[common], help="plan, record and review meetings"
    ).add_subparsers(dest="meeting_action", required=True, parser_class=OneLineParser)
    planning = meeting.add_parser(
        "plan", parents=[common], help="plan a meeting; prints the new meeting's id"
    )
    planning.add_argument(
        "--with",
        dest="with_",
        action="append",
        required=True,
        metavar="PERSON",
        help="a person's id or name (repeatable)",
    )
    planning.add_argument("--title", required=True)
    planning.add_argument("--at", help="when, e.g. 2026-11-24T14:30 (your time zone unless given)")
    planning.add_argument(
        "--questions",
        type=_count,
        default=0,
        help="prepare this many questions from the bank, across its three layers "
        "(plus its two closing questions)",
    )
    planning.add_argument("--kind", choices=MEETING_KINDS, default="informational")
    planning.add_argument("--purpose")
    planning.add_argument("--place")
    noting = meeting.add_parser(
        "notes", parents=[common], help="set a meeting's notes (Markdown) from a file or stdin"
    )
    noting.add_argument("--file", help="read the notes from this file (default: standard input)")
    noting.add_argument("--append", action="store_true", help="add to the notes already there")
    answering = meeting.add_parser(
        "answer", parents=[common], help="record the answer to a prepared question"
    )
    answering.add_argument(
        "--question", required=True, help="its number in `meeting show`, or its words"
    )
    answering.add_argument("--text", required=True, help="the answer")
    referring = meeting.add_parser(
        "refer", parents=[common], help="record whom they suggested you talk to"
    )
    who = referring.add_mutually_exclusive_group(required=True)
    who.add_argument("--name", help="a new person's name")
    who.add_argument("--person", help="someone already in NetDesk (id or name)")
    referring.add_argument("--org", help="the new person's organisation")
    referring.add_argument("--role", help="the new person's role")
    referring.add_argument(
        "--may-mention", choices=("yes", "no", "ask"), default="ask",
        help="may you say who suggested it? (default: ask first)",
    )  # fmt: skip
    referring.add_argument(
        "--from", dest="from_", help="who suggested it, when several people were there"
    )
    referring.add_argument("--note")
    holding = meeting.add_parser(
        "held", parents=[common], help="mark a meeting held (a thank-you to-do follows)"
    )
    holding.add_argument("--at", help="when it took place (default: its date, else now)")
    showing = meeting.add_parser("show", parents=[common], help="a meeting in full")
    for action in (planning, noting, answering, referring, holding, showing):
        if action is not planning:
            action.add_argument("meeting", type=int, help="the meeting's id")
        action.add_argument("--json", action="store_true", help="print the meeting as JSON")


def _drafts(commands, common) -> None:
    drafting = commands.add_parser(
        "draft",
        parents=[common],
        help="write an email draft (nothing is sent); lists the notes to yourself in it",
    ).add_subparsers(dest="draft_kind", required=True, parser_class=OneLineParser)
    thanks = drafting.add_parser(
        "thank-you", parents=[common], help="the thank-you for a held meeting"
    )
    thanks.add_argument("meeting", type=int, help="the meeting's id")
    thanks.add_argument("--to", type=int, help="which of its people (default: the first)")
    thanks.add_argument("--tone", choices=("warm", "brief", "formal"), default="warm")
    emailing = drafting.add_parser(
        "email", parents=[common], help="an email to a person, for a purpose"
    )
    emailing.add_argument("person", type=int, help="the person's id (netdesk contacts --json)")
    emailing.add_argument(
        "--purpose",
        choices=tuple(DRAFT_PURPOSES),
        help="default: what fits the person now",
    )
    emailing.add_argument(
        "--introduce-to", type=int, help="with --purpose introduction: whom to meet"
    )
    emailing.add_argument(
        "--application",
        type=int,
        help="the application a referral (or outreach: its organisation) is about",
    )
    for parser_ in (thanks, emailing):
        parser_.add_argument("--eml", help="also write it as an .eml file to open as a draft")
        parser_.add_argument("--json", action="store_true", help="print the draft as JSON")


def _events(commands, common) -> None:
    event = commands.add_parser(
        "event", parents=[common], help="networking events and the people met there"
    ).add_subparsers(dest="event_action", required=True, parser_class=OneLineParser)
    adding = event.add_parser("add", parents=[common], help="add an event; prints the new id")
    adding.add_argument("name")
    adding.add_argument("--on", type=_day, required=True, help="the day it was held")
    adding.add_argument("--kind", choices=EVENT_KINDS, default="meetup")
    adding.add_argument("--place")
    meeting = event.add_parser(
        "met",
        parents=[common],
        help="add the people met there, one per line from standard input "
        "(NAME, ORGANISATION, ROLE, EMAIL, LINKEDIN — NOTE; a leading * stars them)",
    )
    meeting.add_argument(
        "--star-all", action="store_true", help="star everyone (a conversation to propose)"
    )
    showing = event.add_parser("show", parents=[common], help="who was met and what came of it")
    listing = event.add_parser("list", parents=[common], help="every event, the latest first")
    for action in (meeting, showing):
        action.add_argument("event", help="the event's id, or a name only one event has")
    for action in (adding, meeting, showing, listing):
        action.add_argument("--json", action="store_true", help="print it as JSON")


def _mail(commands, common) -> None:
    mail = commands.add_parser(
        "mail", parents=[common], help="keep timelines current from your mailbox's headers"
    ).add_subparsers(dest="mail_action", required=True, parser_class=OneLineParser)
    scan = mail.add_parser(
        "scan",
        parents=[common],
        help="read what is new in Sent, INBOX and the chosen archives (headers only)",
    )
    scan.add_argument("--json", action="store_true", help="print the figures as JSON")
    scan.add_argument(
        "--password-file", help="read the password from this file (used, never stored)"
    )
    mail.add_parser("on", parents=[common], help="allow reading your mailbox")
    mail.add_parser("off", parents=[common], help="stop reading your mailbox")


def _accounts(commands, common) -> None:
    accounts = commands.add_parser(
        "accounts", parents=[common], help="the mail account NetDesk reads"
    ).add_subparsers(dest="accounts_action", required=True, parser_class=OneLineParser)
    setting = accounts.add_parser(
        "set",
        parents=[common],
        help="mail: the IMAP server of the mail account; calendar: the CalDAV account",
    )
    setting.add_argument("kind", choices=("mail", "calendar", "contacts"))
    setting.add_argument(
        "--server",
        required=True,
        help="mail: the IMAP server's host name; calendar: its address (https://…)",
    )
    setting.add_argument("--port", type=_port, help="default: 993 (tls) or 143")
    setting.add_argument("--security", choices=("tls", "starttls", "loopback-plain"), default="tls")
    setting.add_argument("--user", required=True, help="the login (often the address)")
    setting.add_argument("--address", help="your email address, if not the login")
    setting.add_argument(
        "--password-file", help="log in once with the password in this file (never stored)"
    )
    setting.add_argument(
        "--calendar", help="calendar: the calendar's name (default: the first found)"
    )
    setting.add_argument(
        "--addressbook", help="contacts: the address book's name (default: the first found)"
    )
    setting.add_argument(
        "--scope",
        choices=("relationships", "everyone", "tag"),
        help="contacts: who syncs (default: real relationships, not LinkedIn-only)",
    )
    setting.add_argument("--tag", help="contacts, with --scope tag: the tag")


def _sync(commands, common) -> None:
    sync = commands.add_parser(
        "sync",
        parents=[common],
        help="one two-way pass: people with the address book, meetings and to-dos with "
        "the calendar",
    )
    sync.add_argument("--json", action="store_true", help="print the figures as JSON")
    sync.add_argument(
        "--password-file",
        help="read the password from this file (used, never stored); the calendar uses it "
        "too when it is on the same server and login",
    )


def _calendar(commands, common) -> None:
    calendar = commands.add_parser(
        "calendar", parents=[common], help="meetings and your CalDAV calendar in step"
    ).add_subparsers(dest="calendar_action", required=True, parser_class=OneLineParser)
    sync = calendar.add_parser(
        "sync", parents=[common], help="one two-way pass with the calendar set up"
    )
    sync.add_argument("--json", action="store_true", help="print the figures as JSON")
    sync.add_argument(
        "--password-file", help="read the password from this file (used, never stored)"
    )


def _duplicates(commands, common) -> None:
    listing = commands.add_parser(
        "duplicates", parents=[common], help="people who are likely the same person"
    )
    listing.add_argument("--json", action="store_true", help="print the pairs as JSON")


def _merge(commands, common) -> None:
    merging = commands.add_parser(
        "merge", parents=[common], help="merge two records of one person (KEEP OTHER)"
    )
    merging.add_argument("keep", type=int, nargs="?", help="the id of the person kept")
    merging.add_argument("other", type=int, nargs="?", help="the id merged into them")
    merging.add_argument("--undo", action="store_true", help="undo the last merge")
    merging.add_argument("--json", action="store_true", help="print the result as JSON")


# netdesk.services.jobsearch.records' words, named here so that parsing does not import it.
TARGET_STAGES = ("exploring", "talking", "referred", "applied", "interviewing", "offer", "closed")
APPLICATION_STAGES = ("applied", "screen", "interview", "offer", "rejected", "withdrawn")
APPLICATION_SOURCES = ("cold", "referral", "recruiter", "other")


def _targets(commands, common) -> None:
    targets = commands.add_parser(
        "targets", parents=[common], help="the organisations you target in your job search"
    )
    targets.add_argument("--json", action="store_true", help="print the targets as JSON")
    actions = targets.add_subparsers(dest="targets_action", parser_class=OneLineParser)
    adding = actions.add_parser("add", parents=[common], help="target an organisation")
    adding.add_argument("organisation")
    adding.add_argument("--stage", choices=TARGET_STAGES, default="exploring")
    adding.add_argument("--notes")
    adding.add_argument("--json", action="store_true", help="print the new target as JSON")


def _applications(commands, common) -> None:
    applications = commands.add_parser(
        "applications", parents=[common], help="your job applications and their steps"
    )
    applications.add_argument("--json", action="store_true", help="print them as JSON")
    actions = applications.add_subparsers(dest="applications_action", parser_class=OneLineParser)
    adding = actions.add_parser(
        "add", parents=[common], help="record an application; prints the new id"
    )
    adding.add_argument("--org", required=True, help="the organisation")
    adding.add_argument("--role", required=True)
    adding.add_argument("--link", help="the job posting's address")
    adding.add_argument("--applied", type=_day, help="the day you applied (default: today)")
    adding.add_argument("--referrer", help="who referred you: a person's id or name")
    adding.add_argument(
        "--source", choices=APPLICATION_SOURCES, help="default: referral with --referrer, else cold"
    )
    adding.add_argument("--stage", choices=APPLICATION_STAGES, default="applied")
    adding.add_argument("--next", help="the next action (with --due)")
    adding.add_argument("--due", type=_day, help="when the next action is due")
    moving = actions.add_parser(
        "move", parents=[common], help="a step: the application reached a stage"
    )
    moving.add_argument("application", type=int, help="the application's id")
    moving.add_argument("stage", choices=APPLICATION_STAGES)
    moving.add_argument("--on", type=_day, help="the day (default: today)")
    moving.add_argument("--note")
    for action in (adding, moving):
        action.add_argument("--json", action="store_true", help="print it as JSON")


def _encryption(commands, common) -> None:
    encryption = commands.add_parser(
        "encryption",
        parents=[common],
        help="encrypt the database at rest (SQLCipher), turn it off, or say whether it is",
    )
    encryption.add_argument("action", choices=("on", "off", "status"))
    encryption.add_argument(
        "--no-keyring",
        action="store_true",
        help="with on: keep the key only behind the passphrase (asked at every start)",
    )
    encryption.add_argument(
        "--recovery-file",
        help="with on: write the recovery key to this new file instead of printing it",
    )
    encryption.add_argument("--json", action="store_true", help="print the result as JSON")


# In the order `netdesk --help` lists them.
BUILDERS = {
    "import": _import,
    "contacts": _contacts,
    "undo-import": _undo_import,
    "export": _export,
    "backup": _backup,
    "draft": _drafts,
    "restore": _restore,
    "people": _people,
    "meeting": _meetings,
    "event": _events,
    "log": _log,
    "today": _today,
    "paths": _paths,
    "mail": _mail,
    "calendar": _calendar,
    "sync": _sync,
    "accounts": _accounts,
    "duplicates": _duplicates,
    "merge": _merge,
    "targets": _targets,
    "applications": _applications,
    "encryption": _encryption,
}
