"""Released migrations write the same seed rows forever: the question bank and email
templates they insert are written out in them, never read from netdesk/resources/."""

from __future__ import annotations

import builtins
import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import peewee
import pytest

from netdesk.db.migrations import migrate
from netdesk.db.migrations.m013_nice_to_meet_you import NICE_TO_MEET_YOU_TEMPLATE
from netdesk.services.templates import default_email_templates

RESOURCES = Path(__file__).resolve().parents[2] / "netdesk" / "resources"

# The schema versions right after each migration that seeds rows (3: question bank,
# 5: email templates, 8: the introduction template, 13: the "nice to meet you" one), and
# the SHA-256 of those rows.
# A released migration's output never changes: a new pin means a broken migration.
SEEDED_ROWS_SHA256 = {
    3: "2d6015e49fa88540c257d62a8efa11dc92f523d1ac71c2e8df736a07a8ee6eb7",
    5: "1f7a0fbbf857205c4425d43f0b198d0197e688c74a646cb664089c27d8773261",
    8: "c6508bff811c51e757095f11b389643615dff75a33995ef3d8e8fc3ccff5e4ee",
    13: "57444776e7171a92278946b07ec533a365a12606498c6e73b22b9f9117b9b615",
}


def seeded_rows(target: int) -> list[list[object]]:
    """The question bank and email templates of a new database migrated to *target*,
    without the time each template was written."""
    db = peewee.SqliteDatabase(":memory:")
    migrate(db, None, target=target)
    rows = [["question", *row] for row in db.execute_sql("SELECT * FROM question ORDER BY id")]
    if target >= 5:
        rows += [
            ["email_template", *row]
            for row in db.execute_sql(
                "SELECT id, builtin_key, purpose, name, subject, body, position "
                "FROM email_template ORDER BY id"
            )
        ]
    db.close()
    return rows


def checksum(rows: list[list[object]]) -> str:
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


@pytest.fixture
def edit_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """From its call on, every read of resources/*.json sees edited defaults (changed
    texts, one more question and template), however the file is opened."""
    bank = json.loads((RESOURCES / "question_bank.json").read_text(encoding="utf-8"))
    for layer in ("industry", "organisation", "person", "closing"):
        bank[layer] = [f"Edited: {text}" for text in reversed(bank[layer])] + ["Added?"]
    templates = json.loads((RESOURCES / "email_templates.json").read_text(encoding="utf-8"))
    for template in templates:
        template["name"] += " (edited)"
        template["body"] = "Edited.\n" + template["body"]
    templates.insert(0, {**templates[0], "key": "added", "name": "Added"})
    copies = {
        RESOURCES / "question_bank.json": bank,
        RESOURCES / "email_templates.json": templates,
    }
    redirect = {}
    for original, content in copies.items():
        copy = tmp_path / original.name
        copy.write_text(json.dumps(content), encoding="utf-8")
        redirect[str(original)] = str(copy)

    real_open = io.open

    def open_edited(file, *args, **kwargs):
        if isinstance(file, str | Path):
            file = redirect.get(str(Path(file).resolve()), file)
        return real_open(file, *args, **kwargs)

    def edit() -> None:
        monkeypatch.setattr(io, "open", open_edited)
        monkeypatch.setattr(builtins, "open", open_edited)

    return edit


@pytest.mark.parametrize("target", sorted(SEEDED_ROWS_SHA256))
def test_seeded_rows_do_not_follow_the_resource_files(target: int, edit_resources) -> None:
    original = seeded_rows(target)
    edit_resources()
    # The edits are seen, by the template service's "Reset to default" as by any reader...
    assert default_email_templates()[0]["key"] == "added"
    assert json.loads((RESOURCES / "question_bank.json").read_text())["closing"][-1] == "Added?"
    # ...but not by the migrations.
    assert seeded_rows(target) == original


@pytest.mark.parametrize("target", sorted(SEEDED_ROWS_SHA256))
def test_seeded_rows_are_pinned(target: int) -> None:
    assert checksum(seeded_rows(target)) == SEEDED_ROWS_SHA256[target]


def test_a_new_default_is_frozen_as_the_resources_ship_it() -> None:
    # A new database and "Reset to default" start from the same words.
    (shipped,) = [t for t in default_email_templates() if t["key"] == "nice_to_meet_you"]
    assert shipped == NICE_TO_MEET_YOU_TEMPLATE
