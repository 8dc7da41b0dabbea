"""The database file: permissions, pragmas, migrations, backups."""

from __future__ import annotations

import shutil
import sqlite3
import stat
from datetime import date
from pathlib import Path

import peewee
import pytest

from netdesk.db import LATEST_VERSION, close_database, open_database
from netdesk.errors import DatabaseDamaged, DatabaseNewerThanApp
from netdesk.services.contacts.records import ContactFilter
from netdesk.services.contacts.service import ContactService
from netdesk.services.followups.interactions import InteractionService
from netdesk.services.followups.keep_in_touch import KeepInTouchService
from netdesk.services.followups.reciprocity import Balance, ReciprocityService
from netdesk.services.followups.todos import TodoService
from netdesk.services.imports.service import ImportService
from netdesk.services.meetings.service import MeetingService
from netdesk.services.positions.history import positions_of
from netdesk.services.templates import TemplateService
from tests.helpers import HEADER_2018, write

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_new_database_is_owner_only_wal_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "data" / "netdesk.sqlite3"
    db = open_database(path)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        pragma = lambda name: db.execute_sql(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") >= 5000
        assert pragma("user_version") == LATEST_VERSION
        wal = path.with_name(path.name + "-wal")
        assert wal.exists() and stat.S_IMODE(wal.stat().st_mode) == 0o600
    finally:
        close_database(db)


def test_reopening_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "netdesk.sqlite3"
    close_database(open_database(path))
    close_database(open_database(path))
    assert list(tmp_path.glob("*.bak")) == [], "no backup when nothing is upgraded"


@pytest.mark.parametrize(
    "fixture", sorted(FIXTURES.glob("schema_v*.sqlite3")), ids=lambda p: p.stem
)
def test_upgrade_from_every_released_schema_keeps_data_and_backs_up(tmp_path, fixture) -> None:
    path = tmp_path / "netdesk.sqlite3"
    shutil.copy(fixture, path)
    old_version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert old_version < LATEST_VERSION
    db = open_database(path)
    try:
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        contacts = ContactService(db)
        everyone = contacts.query_ids(ContactFilter())
        assert len(everyone) == 3
        # The search index added in schema 2 covers people written by schema 1.
        found = contacts.query_ids(ContactFilter(text="northw"))
        assert [contacts.get(i).display_name for i in found] == ["Mia Chen"]
        # Schema 18: each person's organisation and role became their current position.
        history = {i: positions_of(db, i) for i in everyone}
        assert [(p.organisation, p.current) for p in history[1]] == [("Northwind Analytics", True)]
        assert history[3] == [] or all(p.current for p in history[3])
        if old_version >= 3:  # meetings written by schema 3 survive later upgrades
            meetings = MeetingService(db, contacts, TodoService(db))
            (row,) = meetings.list("analytics")
            meeting = meetings.get(row.id)
            assert meeting.people == [1] and meeting.questions[0].answer == "Consolidation."
            assert [r.to_name for r in meetings.referrals(contact_id=1)] == ["Omar Haddad"]
            # Schema 6 counts the held meeting as Mia's last interaction (unless later).
            mia = contacts.get(1)
            assert mia.last_interaction == ("2026-10-21" if old_version >= 5 else "2026-10-20")
        if old_version >= 5:  # to-dos and the timeline written by schema 5 survive
            todos = TodoService(db)
            assert [(t.kind, t.is_done) for t in todos.list(contact_id=1, include_done=True)] == [
                ("share_value", False),
                ("thank_you", True),
            ]
            interactions = InteractionService(db)
            assert [i.kind for i in interactions.for_contact(1)] == ["email"]
            assert ReciprocityService(db).balance(2) == Balance(gives=0, asks=1)
            assert KeepInTouchService(db).cadence(2).last_touch == date(2026, 10, 25)
        else:  # the meetings schema arrives with its question bank
            assert len(MeetingService(db, contacts, TodoService(db)).bank()) >= 3 * 8 + 2
        if old_version >= 11:  # schema 12 links a capture's to-dos (not an undone one's)
            linked = TodoService(db).list(event_id=1, include_done=True)
            assert [t.title for t in linked] == [
                "Say nice to meet you to Lena Fischer (Data Guild evening)",
                "Propose a 20–30 minute conversation to Lena Fischer",
            ]
            assert TodoService(db).get(5).event_id is None
        # People written by any schema are still found by name and organisation (their
        # name key is derived since schema 7): a new export updates them, adds nobody.
        export = write(
            tmp_path / "Connections.csv",
            HEADER_2018 + "\nOmar,Haddad,,COBALT Health,CTO,01 Nov 2026\nLena,Fischer,,,Lead,",
        )
        summary = ImportService(db).import_linkedin(export)
        assert (summary.added, summary.updated) == (0, 2)
        # Schema 8 adds the template for asking an introduction, after the others,
        # schema 13 the "nice to meet you" after an event, schema 18 the congratulation,
        # schema 19 the referral request.
        keys = [t.builtin_key for t in TemplateService(db).list()]
        assert keys[-4:] == [
            "introduction", "nice_to_meet_you", "congratulate", "referral_request"
        ]  # fmt: skip
        assert len(keys) == len(set(keys)) == 10
        assert contacts.get(2).role == "CTO"
    finally:
        close_database(db)
    (backup,) = tmp_path.glob(f"netdesk.sqlite3.before-v{old_version + 1}-*.bak")
    assert sqlite3.connect(backup).execute("PRAGMA user_version").fetchone()[0] == old_version
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "netdesk.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseNewerThanApp, match="newer NetDesk"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_failing_migration_leaves_the_previous_version(tmp_path, monkeypatch) -> None:
    from netdesk.db import migrations

    path = tmp_path / "netdesk.sqlite3"
    shutil.copy(FIXTURES / "schema_v1.sqlite3", path)

    def broken(db):
        db.execute_sql("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
    with pytest.raises(RuntimeError):
        open_database(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables


def test_an_old_sqlite_is_refused_with_a_clear_message(tmp_path: Path, monkeypatch) -> None:
    from netdesk.db import connection
    from netdesk.errors import SQLiteTooOld

    monkeypatch.setattr(connection.sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(connection.sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(SQLiteTooOld, match=r"needs SQLite 3\.35\.0 or newer.*has 3\.31\.1"):
        open_database(tmp_path / "netdesk.sqlite3")
    assert list(tmp_path.iterdir()) == [], "nothing created"


def test_a_template_of_mine_with_the_new_templates_name_is_kept(tmp_path: Path) -> None:
    from netdesk.db import migrations

    path = tmp_path / "netdesk.sqlite3"
    db = peewee.SqliteDatabase(str(path))
    migrations.migrate(db, None, target=7)
    db.execute_sql(
        "INSERT INTO email_template (purpose, name, subject, body, updated_at) "
        "VALUES ('other', 'asking for an introduction', 'Hi', 'Mine', '2026-11-01 09:00:00')"
    )
    migrations.migrate(db, None, target=8)
    rows = db.execute_sql(
        "SELECT builtin_key, purpose, name, body FROM email_template WHERE name LIKE 'asking%'"
    ).fetchall()
    assert rows[0] == (None, "other", "asking for an introduction", "Mine")
    assert rows[1][:3] == ("introduction", "introduction", "Asking for an introduction (NetDesk)")
    db.close()


def test_schema_13_keeps_my_templates_and_accepts_the_new_purpose(tmp_path: Path) -> None:
    from netdesk.db import migrations

    db = peewee.SqliteDatabase(str(tmp_path / "netdesk.sqlite3"))
    migrations.migrate(db, None, target=12)
    mine = db.execute_sql(
        "INSERT INTO email_template (purpose, name, subject, body, updated_at) VALUES "
        "('other', 'nice to meet you (after an event)', 'Hi', 'Mine', '2026-11-01 09:00:00')"
    ).lastrowid
    with pytest.raises(peewee.IntegrityError):  # schema 12 does not know the purpose
        db.execute_sql(
            "UPDATE email_template SET purpose = 'nice_to_meet_you' WHERE id = ?", (mine,)
        )
    migrations.migrate(db, None, target=13)
    rows = db.execute_sql(
        "SELECT id, builtin_key, purpose, name, body FROM email_template WHERE name LIKE 'nice%'"
    ).fetchall()
    assert rows[0] == (mine, None, "other", "nice to meet you (after an event)", "Mine")
    assert rows[1][1:4] == (
        "nice_to_meet_you",
        "nice_to_meet_you",
        "Nice to meet you (after an event) (NetDesk)",
    )
    db.execute_sql("UPDATE email_template SET purpose = 'nice_to_meet_you' WHERE id = ?", (mine,))
    with pytest.raises(peewee.IntegrityError):
        db.execute_sql("UPDATE email_template SET purpose = 'nonsense' WHERE id = ?", (mine,))
    db.close()


def test_the_upgrade_backup_is_owner_only_from_its_creation(tmp_path, monkeypatch) -> None:

    path = tmp_path / "netdesk.sqlite3"
    shutil.copy(FIXTURES / "schema_v7.sqlite3", path)
    seen = []
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        if str(target).endswith(".bak"):
            exists = Path(target).exists()
            seen.append(stat.S_IMODE(Path(target).stat().st_mode) if exists else None)
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    close_database(open_database(path))
    assert seen == [0o600]  # never readable by others, not even for a moment


def test_a_database_whose_schema_is_damaged_is_said_so_and_left_as_it_was(tmp_path) -> None:
    path = tmp_path / "netdesk.sqlite3"
    close_database(open_database(path))
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema's first page, past the header
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match=r"is damaged .*restore a backup"):
        open_database(path)
    assert path.read_bytes() == bytes(data)
