"""The interaction log behind each person's timeline: meetings, emails, calls, notes."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta

import peewee

from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import ValidationError

KINDS = {
    "meeting": "Meeting",
    "email": "Email",
    "call": "Call",
    "message": "Message",
    "note": "Note",
}
GIVE_ASK = {"give": "I gave", "ask": "I asked"}
# How far past "now" an entry may be (a clock a little ahead, a dialog left open).
FUTURE_SLACK = timedelta(minutes=5)


@dataclass(frozen=True)
class Interaction:
    id: int
    contact_id: int
    meeting_id: int | None
    kind: str
    occurred_at: str
    summary: str
    give_ask: str | None


class InteractionService:
    def __init__(self, db: peewee.SqliteDatabase, clock: Clock = SYSTEM_CLOCK) -> None:
        self._db = db
        self._clock = clock

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def log(
        self,
        contact_id: int,
        kind: str,
        summary: str = "",
        *,
        meeting_id: int | None = None,
        give_ask: str | None = None,
        occurred_at: datetime | None = None,
    ) -> Interaction:
        """Record one interaction and move the person's last-interaction date forward."""
        if kind not in KINDS:
            raise ValidationError({"kind": f"Unknown kind of interaction: {kind!r}."})
        if give_ask is not None and give_ask not in GIVE_ASK:
            raise ValidationError({"give_ask": f"Expected 'give', 'ask' or nothing: {give_ask!r}."})
        when = self._clock.wall(occurred_at or self._clock.now())
        if when > self._clock.wall(self._clock.now() + FUTURE_SLACK):
            moment = datetime.fromisoformat(when)
            shown = (
                f"{moment:%H:%M} today"
                if moment.date() == self._clock.today()
                else f"{moment:%a} {moment.day} {moment:%b %Y}"
            )
            raise ValidationError(
                {
                    "occurred_at": f"{shown} is in the future: log an interaction once it "
                    "has happened (plan what is ahead as a meeting or a to-do)."
                }
            )
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            interaction_id = conn.execute(
                "INSERT INTO interaction (contact_id, meeting_id, kind, occurred_at, summary, "
                "give_ask, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (contact_id, meeting_id, kind, when, summary, give_ask, self._clock.timestamp()),
            ).lastrowid
            # An older entry added late must not move the date backwards.
            conn.execute(
                "UPDATE contact SET last_interaction = ? WHERE id = ? "
                "AND (last_interaction IS NULL OR last_interaction < ?)",
                (when[:10], contact_id, when[:10]),
            )
        return self.get(interaction_id)

    def get(self, interaction_id: int) -> Interaction:
        row = (
            self._conn()
            .execute(
                "SELECT id, contact_id, meeting_id, kind, occurred_at, summary, give_ask "
                "FROM interaction WHERE id = ?",
                (interaction_id,),
            )
            .fetchone()
        )
        if row is None:
            raise KeyError(interaction_id)
        return Interaction(*row)

    def for_contact(self, contact_id: int) -> list[Interaction]:
        """Newest first."""
        rows = self._conn().execute(
            "SELECT id, contact_id, meeting_id, kind, occurred_at, summary, give_ask "
            "FROM interaction WHERE contact_id = ? ORDER BY occurred_at DESC, id DESC",
            (contact_id,),
        )
        return [Interaction(*row) for row in rows]

    def mark(self, interaction_id: int, give_ask: str | None) -> Interaction:
        """Mark an entry as something I gave, something I asked, or neither."""
        if give_ask is not None and give_ask not in GIVE_ASK:
            raise ValidationError({"give_ask": f"Expected 'give', 'ask' or nothing: {give_ask!r}."})
        with self._db.atomic("IMMEDIATE"):
            changed = (
                self._conn()
                .execute(
                    "UPDATE interaction SET give_ask = ? WHERE id = ?", (give_ask, interaction_id)
                )
                .rowcount
            )
        if not changed:
            raise KeyError(interaction_id)
        return self.get(interaction_id)

    def delete(self, interaction_id: int) -> Interaction:
        """Remove an entry logged by mistake; returns it so that it can be logged again.

        When it was the person's latest, their last-interaction date goes back to the
        latest entry or held meeting left (or to none), so a mistaken log does not
        silence a reminder.
        """
        entry = self.get(interaction_id)
        conn = self._conn()
        with self._db.atomic("IMMEDIATE"):
            conn.execute("DELETE FROM interaction WHERE id = ?", (interaction_id,))
            conn.execute(
                "UPDATE contact SET last_interaction = (SELECT max(day) FROM ("
                "  SELECT substr(occurred_at, 1, 10) AS day FROM interaction "
                "  WHERE contact_id = :id UNION ALL "
                "  SELECT substr(m.starts_at, 1, 10) FROM meeting m "
                "  JOIN meeting_person mp ON mp.meeting_id = m.id "
                "  WHERE mp.contact_id = :id AND m.status = 'held') WHERE day <= :today) "
                "WHERE id = :id AND last_interaction = :day",
                {
                    "id": entry.contact_id,
                    "day": entry.occurred_at[:10],
                    "today": self._clock.today().isoformat(),
                },
            )
        return entry
