"""What tells the DAV account pages apart (Settings → Calendar, Contacts sync): their
words, object names and the account fields of the collection chosen."""

from __future__ import annotations

from dataclasses import dataclass

from netdesk.services.dav_account import DavAccount

SERVER_PLACEHOLDER = "https://cloud.example.org — Nextcloud, Radicale, Fastmail or iCloud"
LOGIN_PLACEHOLDER = "Your login (for Fastmail and iCloud, your email address)"


@dataclass(frozen=True)
class DavKind:
    """What a calendar and an address book page say and hold differently."""

    account_type: type[DavAccount]  # an empty one is the page's "no account"
    prefix: str  # object names: calendarServer, calendarUsername…
    page_name: str
    choice_name: str  # the chooser's object name
    one: str  # what is chosen: "calendar", "address book"
    many: str  # "calendars"
    chosen_for: str  # what the chosen one is for: "meetings"
    url_field: str  # the account's fields for the chosen one
    name_field: str
    intro: str
    server_help: str
    sync_title: str
    sync_explanation: str  # rich text
    sync_now: str  # how to sync at once
    none_found: str  # when the server lists none
    kept: str  # what stays here when the account goes: "meetings"
    items: str  # what stays on the server: "events"

    @property
    def title(self) -> str:
        return self.one[:1].upper() + self.one[1:]

    @property
    def removal(self) -> str:
        """Asked before removing: what goes and what stays."""
        return (
            "NetDesk forgets this server, its login and the password in the keyring, and "
            f"stops syncing. Your {self.kept} stay, and so do the {self.items} already in "
            f"the {self.one}."
        )

    @property
    def find(self) -> str:
        return "Find " + self.many.title()  # "Find Address Books"
