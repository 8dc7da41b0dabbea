"""The calendar and the address book accounts are saved and removed alike: the password in
the keyring only, a certificate trusted for one server forgotten when the server changes,
another collection starting the sync over, removing forgetting the password too."""

from __future__ import annotations

import sqlite3

import pytest

from netdesk.db.models import CalendarEvent, ContactCard
from netdesk.errors import ValidationError
from netdesk.services.calendar.account import CalendarAccount
from netdesk.services.carddav.account import ContactsAccount
from netdesk.services.changes import Change
from netdesk.services.credentials import Secret

PIN = "AB:" * 31 + "AB"


@pytest.fixture(params=["calendar", "contacts"])
def kind(request, services):
    """(the account service, the account type, its collection field, its items' model)."""
    if request.param == "calendar":
        return services.calendar.accounts, CalendarAccount, "calendar_url", CalendarEvent
    return services.contact_sync.accounts, ContactsAccount, "addressbook_url", ContactCard


def committed(services, sql: str) -> list[tuple]:
    conn = sqlite3.connect(services.paths.database)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_the_password_goes_to_the_keyring_only_and_removing_forgets_it(services, kind) -> None:
    accounts, account_type, _field, _table = kind
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    saved, status = accounts.save(
        account_type(server_url=" cloud.example.org ", username=" ada "), Secret("horse battery")
    )
    assert status is not None and heard == [Change.SETTINGS]
    assert (saved.server_url, saved.username) == ("https://cloud.example.org/", "ada")
    assert saved.keyring_service.startswith("NetDesk ") and saved.id is not None
    assert accounts.password(saved) == Secret("horse battery")
    assert b"horse battery" not in services.paths.database.read_bytes()

    accounts.delete(saved)
    assert accounts.get() is None and heard == [Change.SETTINGS, Change.SETTINGS]
    assert accounts.password(saved) is None
    assert services.mail.credentials.get(saved.keyring_service, "ada") is None


def test_a_trusted_certificate_does_not_follow_the_account_to_another_server(kind) -> None:
    accounts, account_type, _field, _table = kind
    accounts.save(
        account_type(server_url="https://dav.example.org", username="ada", cert_sha256=PIN)
    )
    kept, _ = accounts.save(
        account_type(server_url="https://dav.example.org/dav/", username="ada", cert_sha256=PIN)
    )
    assert kept.cert_sha256 == PIN  # the same server
    moved, _ = accounts.save(
        account_type(server_url="https://other.example.org", username="ada", cert_sha256=PIN)
    )
    assert moved.cert_sha256 is None and accounts.get().cert_sha256 is None
    # Trusted anew for the new server: kept.
    again, _ = accounts.save(
        account_type(server_url="https://other.example.org", username="ada", cert_sha256=PIN)
    )
    assert again.cert_sha256 == PIN


def test_another_collection_starts_the_sync_over(services, kind) -> None:
    accounts, account_type, field, items = kind
    first, _ = accounts.save(
        account_type(server_url="https://dav.example.org", username="ada", **{field: "/a/"})
    )
    table = items._meta.table_name
    services.db.execute_sql(f"UPDATE {accounts.row._meta.table_name} SET sync_token = 't-1'")
    items.insert(account=first.id, uid="u-1", href="/a/u-1").bind(services.db).execute()
    same, _ = accounts.save(first)  # nothing moved: the token and the items stay
    assert same.sync_token == "t-1" and same.id == first.id
    assert committed(services, f"SELECT count(*) FROM {table}") == [(1,)]
    other, _ = accounts.save(
        account_type(server_url="https://dav.example.org", username="ada", **{field: "/b/"})
    )
    assert other.id == first.id and other.sync_token is None
    assert committed(services, f"SELECT count(*) FROM {table}") == [(0,)]


def test_a_new_login_moves_the_password(services, kind) -> None:
    accounts, account_type, _field, _table = kind
    saved, _ = accounts.save(
        account_type(server_url="https://dav.example.org", username="ada"), Secret("one")
    )
    renamed, _ = accounts.save(
        account_type(server_url="https://dav.example.org", username="grace"), Secret("two")
    )
    assert renamed.keyring_service == saved.keyring_service
    assert accounts.password(renamed) == Secret("two")
    assert services.mail.credentials.get(saved.keyring_service, "ada") is None


def test_each_field_says_what_is_wrong_with_it(kind) -> None:
    accounts, account_type, _field, _table = kind
    with pytest.raises(ValidationError) as refused:
        accounts.save(account_type(server_url="http://dav.example.org", cert_sha256="nope"))
    errors = refused.value.errors
    assert "use https://" in errors["server_url"]
    assert errors["username"] == f"The {accounts.what} login is missing."
    assert "SHA-256" in errors["cert_sha256"] and accounts.get() is None


def test_the_address_book_checks_which_people_sync(services) -> None:
    accounts = services.contact_sync.accounts
    base = ContactsAccount(server_url="https://dav.example.org", username="ada")
    assert accounts.validate(ContactsAccount(**{**vars(base), "scope": "tag"})) == {
        "scope_tag": "Name the tag of the people to sync."
    }
    assert "scope" in accounts.validate(ContactsAccount(**{**vars(base), "scope": "some"}))
    saved, _ = accounts.save(ContactsAccount(**{**vars(base), "scope": "tag", "scope_tag": " m "}))
    assert (saved.scope, saved.scope_tag) == ("tag", "m")


def test_how_often_contacts_sync_is_kept_within_bounds_and_announced(services) -> None:
    heard: list[Change] = []
    services.changes.subscribe(heard.append)
    sync = services.contact_sync.sync
    assert sync.minutes == 30
    sync.set_minutes(2)
    assert sync.minutes == 5 and heard == [Change.SETTINGS]
    sync.set_minutes(100_000)
    assert sync.minutes == 1440
    assert committed(services, "SELECT value FROM setting WHERE key = 'contacts.sync.minutes'") == [
        ("1440",)
    ]
