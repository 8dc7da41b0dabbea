"""Follow-up to-dos: creation, ordering, snooze, done, and their fate when a person goes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netdesk.errors import ValidationError
from netdesk.services.contacts.records import ContactRecord

TODAY = date(2026, 11, 30)


def test_open_todos_sorted_by_due_date_undated_last(services) -> None:
    todos = services.todos
    later = todos.add("Share the article", kind="share_value", due_on=TODAY + timedelta(14))
    undated = todos.add("Call the alumni office")
    sooner = todos.add("Thank Mia", kind="thank_you", due_on=TODAY + timedelta(1))
    assert [t.id for t in todos.list()] == [sooner.id, later.id, undated.id]
    todos.complete(sooner.id)
    assert [t.id for t in todos.list()] == [later.id, undated.id]
    assert todos.list(include_done=True)[-1].id == sooner.id
    assert todos.complete(sooner.id, done=False).is_done is False


def test_due_and_snooze(services) -> None:
    todo = services.todos.add("Thank Mia", due_on=TODAY)
    assert todo.is_due(TODAY) and not todo.is_due(TODAY - timedelta(1))
    snoozed = services.todos.snooze(todo.id, TODAY + timedelta(2))
    assert not snoozed.is_due(TODAY) and snoozed.is_due(TODAY + timedelta(2))
    assert services.todos.reschedule(todo.id, None).due_on is None


def test_bad_todos_are_refused_and_nothing_is_written(services) -> None:
    with pytest.raises(ValidationError) as empty:
        services.todos.add("   ")
    assert set(empty.value.errors) == {"title"}
    with pytest.raises(ValidationError) as unknown:
        services.todos.add("Call", kind="nonsense")
    assert set(unknown.value.errors) == {"kind"}
    with pytest.raises(KeyError):
        services.todos.complete(999)
    assert services.todos.list(include_done=True) == []


def test_a_persons_todos_go_with_them_and_come_back_on_undo(services) -> None:
    mia = services.contacts.save(ContactRecord(display_name="Mia Chen")).id
    todo = services.todos.add("Thank Mia", contact_id=mia, due_on=TODAY)
    assert services.todos.list(contact_id=mia)[0].contact_name == "Mia Chen"
    snapshot = services.contacts.delete([mia])
    assert services.todos.list() == []
    services.contacts.restore(snapshot)
    assert services.todos.list(contact_id=mia) == [todo]
