"""Reciprocity: what I gave and what I asked, per person and overall, with a gentle nudge.

Gives and asks are interactions marked as such (a shared article, an introduction made,
help given; a request for a conversation, a referral, a favour).
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee
from peewee import fn

from netdesk.db.models import Contact, Interaction
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

    def balance(self, contact_id: int) -> Balance:
        return self._balance(Interaction.contact_id == contact_id)

    def overall(self) -> Balance:
        return self._balance()

    def _balance(self, *conditions: peewee.Expression) -> Balance:
        gives, asks = (
            Interaction.select(fn.COALESCE(_GIVES, 0), fn.COALESCE(_ASKS, 0))
            .where(Interaction.give_ask.is_null(False), *conditions)
            .bind(self._db)
            .tuples()
            .get()
        )
        return Balance(gives, asks)

    def owing(self, limit: int = 5) -> list[PersonBalance]:
        """People I have asked of several times and given nothing back, most asks first."""
        gives, asks = _GIVES.alias("gives"), _ASKS.alias("asks")
        rows = (
            Interaction.select(Interaction.contact_id, Contact.display_name, gives, asks)
            .join(Contact, on=Contact.id == Interaction.contact_id)
            .where(Interaction.give_ask.is_null(False))
            .group_by(Interaction.contact_id)
            .having((peewee.SQL("gives") == 0) & (peewee.SQL("asks") >= NUDGE_AFTER_ASKS))
            .order_by(peewee.SQL("asks").desc(), Contact.sort_name)
            .limit(limit)
            .bind(self._db)
            .tuples()
        )
        return [PersonBalance(cid, name, Balance(gives, asks)) for cid, name, gives, asks in rows]


# How many of a person's interactions gave and asked (SQLite sums booleans as 0/1).
_GIVES = fn.SUM(Interaction.give_ask == "give")
_ASKS = fn.SUM(Interaction.give_ask == "ask")
