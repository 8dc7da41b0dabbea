"""The peewee models describe every table the migrations create, column by column,
and every model is used by the code (a model nothing reads is deleted)."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import peewee
import pytest

from netdesk.db import open_database
from netdesk.db.models import MODELS, BaseModel

PACKAGE = Path(__file__).resolve().parents[2] / "netdesk"
SEARCH_INDEX = re.compile(r"_fts($|_)")


@pytest.fixture
def db(tmp_path: Path) -> peewee.SqliteDatabase:
    return open_database(tmp_path / "netdesk.db")


def tables(db: peewee.SqliteDatabase) -> set[str]:
    rows = db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return {name for (name,) in rows if not SEARCH_INDEX.search(name)}


def test_every_table_has_exactly_one_model(db: peewee.SqliteDatabase) -> None:
    names = [model._meta.table_name for model in MODELS]
    assert len(names) == len(set(names))
    assert set(names) == tables(db)
    assert set(BaseModel.__subclasses__()) == set(MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_model_columns_match_the_schema(db: peewee.SqliteDatabase, model) -> None:
    table = model._meta.table_name
    schema = {
        row[1]: (row[3], row[5])  # name: (not null, part of the primary key)
        for row in db.execute_sql(f"PRAGMA table_info({table})")
    }
    fields = {field.column_name: field for field in model._meta.sorted_fields}
    assert set(fields) == set(schema)
    key = model._meta.primary_key
    key_columns = (
        {model._meta.fields[name].column_name for name in key.field_names}
        if isinstance(key, peewee.CompositeKey)
        else {key.column_name}
        if key
        else set()
    )
    for column, (not_null, in_key) in schema.items():
        assert bool(in_key) == (column in key_columns), column
        if not in_key:
            assert fields[column].null == (not not_null), column


def test_a_model_reads_and_writes_its_table(db: peewee.SqliteDatabase) -> None:
    from netdesk.db.models import Contact, Organisation

    organisation = Organisation.insert(name="Kestrel", name_key="kestrel").bind(db).execute()
    Contact.insert(
        display_name="Aiko Tanaka",
        sort_name="tanaka aiko",
        organisation=organisation,
        created_at="2026-12-27T23:50:00",
        updated_at="2026-12-27T23:50:00",
    ).bind(db).execute()
    person = Contact.select().bind(db).get()
    assert (person.display_name, person.organisation_id, person.closeness) == (
        "Aiko Tanaka",
        organisation,
        3,
    )


def imported_models() -> set[str]:
    """Names imported from netdesk.db.models anywhere in the application."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "netdesk.db.models":
                names.update(alias.name for alias in node.names)
    return names


def test_every_model_is_used() -> None:
    unused = {model.__name__ for model in MODELS} - imported_models()
    assert unused == set()


def test_queries_with_peoples_details_are_never_logged(db, caplog) -> None:
    from netdesk.db.models import Contact

    caplog.set_level(logging.DEBUG)
    Contact.insert(
        display_name="Aiko Tanaka",
        sort_name="tanaka aiko",
        notes="Unhappy with her manager",
        created_at="2026-12-27T23:50:00",
        updated_at="2026-12-27T23:50:00",
    ).bind(db).execute()
    assert "Unhappy" not in caplog.text
