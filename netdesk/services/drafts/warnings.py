"""What to ask about before a draft leaves NetDesk: notes to self and earlier emails."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

# A bracketed note to self left by a template or typed by the user: "[your name]",
# "[link or title]". Needs a letter inside; "[1]" and a Markdown link "[text](url)" are
# not notes.
NOTE_TO_SELF = re.compile(r"\[(?=[^\[\]\n]*[^\W\d_])[^\[\]\n]{1,300}\](?!\()")
RECENT_EMAIL = timedelta(days=1)


def notes_to_self(text: str) -> list[str]:
    """Every unfilled "[…]" placeholder in *text*, in order."""
    return [match.group(0) for match in NOTE_TO_SELF.finditer(text)]


@dataclass(frozen=True)
class EarlierEmail:
    when: str  # wall-clock 'YYYY-MM-DD HH:MM:SS'
    summary: str


@dataclass(frozen=True)
class DraftWarnings:
    """What to ask about before a draft leaves NetDesk (sent, saved or handed over)."""

    notes_to_self: list[str]
    earlier: list[EarlierEmail]  # a thank-you for this meeting, or any email in a day

    def __bool__(self) -> bool:
        return bool(self.notes_to_self or self.earlier)

    def describe(self) -> str:
        lines = []
        if self.notes_to_self:
            count = len(self.notes_to_self)
            noun = "note to yourself is" if count == 1 else "notes to yourself are"
            listed = ", ".join(f"“{note}”" for note in self.notes_to_self[:4])
            more = f" and {count - 4} more" if count > 4 else ""
            lines.append(f"{count} {noun} still in the email: {listed}{more}.")
        for email in self.earlier:
            day = datetime.fromisoformat(email.when)
            lines.append(
                f"You already emailed them on {day.day} {day:%B} at {day:%H:%M}: "
                f"“{email.summary.removeprefix('Email: ')}”."
            )
        return "\n".join(lines)
