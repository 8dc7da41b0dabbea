"""What the user answers about the CardDAV sync: a card deleted on the server (the person
goes too, and comes back with their card on undo; or is kept) and a field changed on
both sides (theirs taken into the person, or mine left; answered either way)."""

from __future__ import annotations

import json

import pytest

from netdesk.db.models import ContactCard, SyncConflict
from netdesk.services.carddav.answers import ContactAnswerService
from netdesk.services.carddav.questions import deleted_cards, open_conflicts
from netdesk.services.changes import Change
from netdesk.services.contacts.records import ContactRecord


def card_deleted_on_server(services, contact_id: int) -> None:
    """The row a pass leaves for a card deleted on the server whose person was kept."""
    db = services.db
    db.execute_sql(
        "INSERT INTO contacts_account (server_url, username, keyring_service, created_at, "
        "updated_at) SELECT 'https://dav.example.org', 'ada', 'netdesk-carddav', 'now', 'now' "
        "WHERE NOT EXISTS (SELECT 1 FROM contacts_account)"
    )
    db.execute_sql(
        "INSERT INTO contact_card (account_id, contact_id, uid, href, card, base, "
        "deleted_on_server) SELECT id, ?, ?, ?, 'BEGIN:VCARD', '{}', '2026-03-01T10:00:00Z' "
        "FROM contacts_account",
        (contact_id, f"uid-{contact_id}", f"/book/uid-{contact_id}.vcf"),
    )


def conflict(services, contact_id: int, field: str, mine, theirs) -> int:
    cursor = services.db.execute_sql(
        "INSERT INTO sync_conflict (contact_id, field, mine, theirs, created_at) "
        "VALUES (?, ?, ?, ?, '2026-03-01T10:00:00Z')",
        (contact_id, field, json.dumps(mine), json.dumps(theirs)),
    )
    return cursor.lastrowid


@pytest.fixture
def answers(services) -> ContactAnswerService:
    return ContactAnswerService(
        services.db,
        services.contacts,
        services.followups.keep_in_touch,
        services.clock,
        services.changes,
    )


def person(services, name: str, **values) -> int:
    return services.contacts.save(ContactRecord(display_name=name, relation="friend", **values)).id


def test_delete_deleted_deletes_the_person_and_forgets_the_card(services, answers) -> None:
    dana, mia = person(services, "Dana Cruz"), person(services, "Mia Chen")
    services.todos.add("Call Dana", contact_id=dana)
    card_deleted_on_server(services, dana)
    card_deleted_on_server(services, mia)
    assert [c.name for c in deleted_cards(services.db)] == ["Dana Cruz", "Mia Chen"]
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    undo = answers.delete_deleted(dana)
    assert Change.PEOPLE in heard[-1]
    with pytest.raises(KeyError):
        services.contacts.get(dana)
    assert answers.deleted_on_server() == [(mia, "Mia Chen")]
    assert (
        ContactCard.select().where(ContactCard.uid == f"uid-{dana}").bind(services.db).count() == 0
    )
    answers.restore_deleted(undo)  # Ctrl+Z: Dana, her to-do and the question are back
    assert services.contacts.get(dana).display_name == "Dana Cruz"
    assert [t.title for t in services.todos.list(contact_id=dana)] == ["Call Dana"]
    assert sorted(answers.deleted_on_server()) == sorted([(dana, "Dana Cruz"), (mia, "Mia Chen")])


def test_keep_deleted_keeps_the_person_and_asks_no_more(services, answers) -> None:
    dana = person(services, "Dana Cruz")
    card_deleted_on_server(services, dana)
    answers.keep_deleted(dana)
    assert services.contacts.get(dana).display_name == "Dana Cruz"
    assert answers.deleted_on_server() == [] and deleted_cards(services.db) == []


def test_use_theirs_sets_the_field_and_answers_the_question(services, answers, clock) -> None:
    mia = person(services, "Mia Chen", role="Principal analyst", emails=["mia@x.example"])
    role = conflict(services, mia, "role", "Principal analyst", "Head of analytics")
    emails = conflict(services, mia, "emails", ["mia@x.example"], ["mia@y.example"])
    (shown, _emails) = open_conflicts(services.db)
    assert shown.question() == (
        "Mia Chen's role: you have “Principal analyst”, your address book says “Head of analytics”"
    )
    answers.resolve_conflict(role, take_theirs=True)
    assert services.contacts.get(mia).role == "Head of analytics"
    answers.resolve_conflict(emails, take_theirs=True)
    assert services.contacts.get(mia).emails == ["mia@y.example"]
    assert answers.open_conflicts() == [] and open_conflicts(services.db) == []
    row = SyncConflict.select().where(SyncConflict.id == role).bind(services.db).get()
    assert row.resolved_at == clock.timestamp()


def test_keep_mine_changes_nothing_but_answers(services, answers) -> None:
    mia = person(services, "Mia Chen", role="Principal analyst")
    role = conflict(services, mia, "role", "Principal analyst", "Head of analytics")
    before = services.contacts.get(mia)
    answers.resolve_conflict(role, take_theirs=False)
    assert services.contacts.get(mia) == before
    assert [c.id for c in answers.open_conflicts()] == []


def test_an_unknown_conflict_is_a_key_error(answers) -> None:
    with pytest.raises(KeyError):
        answers.resolve_conflict(404, take_theirs=True)


def test_the_sync_service_answers_through_the_same_service(services) -> None:
    assert isinstance(services.contact_sync.sync.answers, ContactAnswerService)
