"""Reciprocity: what I gave and what I asked, per person and overall, with a gentle nudge.

Gives and asks are interactions marked as such (a shared article, an introduction made,
help given; a request for a conversation, a referral, a favour).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import peewee

from netdesk.services.text import count_of

NUDGE_AFTER_ASKS = 3  # "several times"


@dataclass(frozen=True)
class Balance:
    gives: int
    asks: int

    def nudge(self, name: str | None = None) -> str | None:
        """A kind hint when asks clearly outweigh gives; None when all is well."""
        whom = name or "this person"
        if self.asks >= NUDGE_AFTER_ASKS and self.gives == 0:
            return (
                f"You have asked {whom} for something {self.asks} times and not given "
                "anything yet. Before the next ask, maybe share something useful: an "
                "article, an introduction, a word of thanks."
            )
        if self.asks >= self.gives + NUDGE_AFTER_ASKS:
            return (
                f"Lately more asks ({self.asks}) than gives ({self.gives}) with {whom}. "
                "A small give would balance it."
            )
        return None

    def overall_nudge(self) -> str | None:
        if self.asks >= NUDGE_AFTER_ASKS and self.asks > 2 * self.gives:
            return (
                f"Across your network: {count_of(self.asks, 'ask')}, "
                f"{count_of(self.gives, 'give')}. "
                "Could you give something small this week?"
            )
        return None


@dataclass(frozen=True)
class PersonBalance:
    contact_id: int
    name: str
    balance: Balance


class ReciprocityService:
    def __init__(self, db: peewee.SqliteDatabase) -> None:
        self._db = db

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def balance(self, contact_id: int) -> Balance:
        gives, asks = (
            self._conn()
            .execute(
                "SELECT coalesce(sum(give_ask = 'give'), 0), coalesce(sum(give_ask = 'ask'), 0) "
                "FROM interaction WHERE contact_id = ? AND give_ask IS NOT NULL",
                (contact_id,),
            )
            .fetchone()
        )
        return Balance(gives, asks)

    def overall(self) -> Balance:
        gives, asks = (
            self._conn()
            .execute(
                "SELECT coalesce(sum(give_ask = 'give'), 0), coalesce(sum(give_ask = 'ask'), 0) "
                "FROM interaction WHERE give_ask IS NOT NULL"
            )
            .fetchone()
        )
        return Balance(gives, asks)

    def owing(self, limit: int = 5) -> list[PersonBalance]:
        """People I have asked of several times and given nothing back, most asks first."""
        rows = self._conn().execute(
            "SELECT i.contact_id, c.display_name, sum(i.give_ask = 'give') AS gives, "
            "sum(i.give_ask = 'ask') AS asks FROM interaction i "
            "JOIN contact c ON c.id = i.contact_id WHERE i.give_ask IS NOT NULL "
            "GROUP BY i.contact_id HAVING gives = 0 AND asks >= ? "
            "ORDER BY asks DESC, c.sort_name LIMIT ?",
            (NUDGE_AFTER_ASKS, limit),
        )
        return [PersonBalance(cid, name, Balance(gives, asks)) for cid, name, gives, asks in rows]
