"""The people added on the welcome screen, newest last."""

from __future__ import annotations

from netdesk.services.vocabulary import RELATIONS
from netdesk.views.models.rows import Column, RowListModel

AddedPerson = tuple[int, str, str]  # (contact id, name, relation)


def _describe(person: AddedPerson) -> str:
    _contact_id, name, relation = person
    return f"{name} — {RELATIONS.get(relation, relation)}"


class AddedPeopleModel(RowListModel[AddedPerson]):
    """The people added on this screen, newest last."""

    def columns(self):
        return (Column(text=_describe, accessible=True),)

    def add(self, contact_id: int, name: str, relation: str) -> None:
        self.append_row((contact_id, name, relation))

    def ids(self) -> list[int]:
        return [person[0] for person in self._rows]

    def take(self, row: int) -> AddedPerson:
        """Remove one entry (someone added by mistake) and return it."""
        return self.take_row(row)
