"""Exports read back: formula cells, NetDesk's own CSV and JSON restored losslessly, and
bad JSON refused with the database unchanged (issue 14)."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from netdesk.app import build_services
from netdesk.errors import ImportFormatError
from netdesk.paths import Paths
from netdesk.services.contacts.records import ContactFilter, ContactRecord
from netdesk.services.credentials import MemoryCredentialStore
from tests.helpers import dump

FORMULAS = ("=1+1", "+1", "-1", "@SUM(A1:A2)", "\tindent", "\rreturn", "'=already quoted")


@pytest.fixture
def fresh(tmp_path, clock):
    """A second, empty NetDesk over its own data folder, to import into."""
    built = build_services(
        Paths(tmp_path / "fresh").ensure(), credentials=MemoryCredentialStore(), clock=clock
    )
    yield built
    built.close()


def people(services) -> list[ContactRecord]:
    ids = services.contacts.query_ids(ContactFilter())
    return sorted(services.contacts.records(ids), key=lambda r: (r.display_name, r.role))


def exported_values(record: ContactRecord) -> dict[str, object]:
    """What a CSV export holds of a person (not ids, timestamps or the source)."""
    values = dataclasses.asdict(record)
    # The mail-tracking switch is NetDesk's own: only the JSON export carries it.
    for kept_out in ("id", "source", "created_at", "updated_at", "track_mail"):
        values.pop(kept_out)
    return values


def test_formula_cells_are_prefixed_and_read_back_unchanged(services, fresh, tmp_path) -> None:
    for number, formula in enumerate(FORMULAS):
        services.contacts.save(
            ContactRecord(
                display_name=f"Person {number}",
                role=formula,
                notes=formula,
                tags=[f"tag {number}"],
            )
        )
    path = tmp_path / "people.csv"
    services.interchange.export_csv(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in ("Role", "Notes"):
            assert row[column][:1] not in ("=", "+", "-", "@", "\t", "\r"), row[column]
    assert {row["Notes"] for row in rows} == {"'" + value for value in FORMULAS}
    assert "'=1+1" in {row["Role"] for row in rows}

    fresh.interchange.import_file(path)
    assert {r.notes for r in people(fresh)} == set(FORMULAS)
    assert [exported_values(r) for r in people(fresh)] == [
        exported_values(r) for r in people(services)
    ]


def test_own_csv_export_of_the_sample_network_reimports_every_value(
    services, fresh, tmp_path
) -> None:
    services.imports.import_sample_network()
    path = tmp_path / "network.csv"
    services.interchange.export_csv(path)

    summary = fresh.interchange.import_file(path)

    assert summary.added == len(people(services))
    assert summary.skipped == 0
    before = [exported_values(r) for r in people(services)]
    after = [exported_values(r) for r in people(fresh)]
    for old, new in zip(before, after, strict=True):
        assert new == old
    # One batch, undone as one.
    fresh.imports.undo_last_import()
    assert people(fresh) == []


def json_tables(path: Path) -> dict[str, object]:
    return json.loads(path.read_text("utf-8"))["tables"]


def test_json_export_restores_every_table_into_a_fresh_database(services, fresh, tmp_path) -> None:
    services.imports.import_sample_network()
    first = tmp_path / "first.json"
    services.interchange.export_json(first)

    summary = fresh.interchange.import_file(first)

    second = tmp_path / "second.json"
    fresh.interchange.export_json(second)
    assert summary.added == len(people(services))
    original, restored = json_tables(first), json_tables(second)
    assert restored.keys() == original.keys()
    for table in original:
        assert restored[table] == original[table], table
    # The search indexes are rebuilt from the restored tables.
    assert [r.display_name for r in people(fresh)] == [r.display_name for r in people(services)]
    someone = people(services)[0].display_name.split()[0]
    found = fresh.contacts.query_ids(ContactFilter(text=someone))
    assert found == services.contacts.query_ids(ContactFilter(text=someone))


def test_json_export_keeps_who_is_left_out_of_the_mail_scan(services, fresh, tmp_path) -> None:
    services.contacts.save(ContactRecord(display_name="Mia Chen", emails=["mia@example.org"]))
    services.contacts.save(
        ContactRecord(display_name="Dana Cruz", emails=["dana@example.org"], track_mail=False)
    )
    path = tmp_path / "everything.json"
    services.interchange.export_json(path)

    fresh.interchange.import_file(path)

    assert {r.display_name: r.track_mail for r in people(fresh)} == {
        "Dana Cruz": False,
        "Mia Chen": True,
    }


def test_json_import_refuses_a_database_with_people(services, tmp_path) -> None:
    services.imports.import_sample_network()
    path = tmp_path / "everything.json"
    services.interchange.export_json(path)
    before = dump(services.paths.database)
    with pytest.raises(ImportFormatError, match="already has people"):
        services.interchange.import_file(path)
    assert dump(services.paths.database) == before


def _broken(document: dict) -> list[tuple[str, str, str]]:
    """(name, file text, words the refusal must hold) for each kind of bad file."""
    wrong_version = dict(document, format_version=99)
    wrong_schema = dict(document, schema_version=document["schema_version"] + 1)
    unknown_table = dict(document, tables={**document["tables"], "secrets": []})
    contact = dict(document["tables"]["contact"][0])
    wrong_type = dict(
        document, tables={**document["tables"], "contact": [{**contact, "closeness": "5"}]}
    )
    unknown_column = dict(document, tables={**document["tables"], "contact": [{**contact, "x": 1}]})
    missing_column = dict(contact)
    missing_column.pop("display_name")
    missing = dict(document, tables={**document["tables"], "contact": [missing_column]})
    not_a_list = dict(document, tables={**document["tables"], "tag": {"a": 1}})
    tags = document["tables"]["tag"]
    duplicate = dict(
        document, tables={**document["tables"], "tag": [*tags, {**tags[0], "id": 999}]}
    )
    return [
        ("duplicate", json.dumps(duplicate), "breaks the database's rules"),
        ("malformed", document_text(document)[:-40], "not valid JSON"),
        ("not ours", json.dumps({"hello": "world"}), "not a NetDesk JSON export"),
        ("version", json.dumps(wrong_version), "format version 99"),
        ("schema", json.dumps(wrong_schema), "schema version"),
        ("table", json.dumps(unknown_table), "unknown table 'secrets'"),
        ("type", json.dumps(wrong_type), "contact.closeness"),
        ("column", json.dumps(unknown_column), "unknown column"),
        ("missing", json.dumps(missing), "display_name"),
        ("rows", json.dumps(not_a_list), "tag"),
    ]


def document_text(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1)


def test_bad_json_is_refused_with_one_line_and_nothing_changed(services, fresh, tmp_path) -> None:
    services.imports.import_sample_network()
    good = tmp_path / "good.json"
    services.interchange.export_json(good)
    document = json.loads(good.read_text("utf-8"))
    before = dump(fresh.paths.database)
    for name, text, words in _broken(document):
        path = tmp_path / f"{name}.json"
        path.write_text(text, "utf-8")
        with pytest.raises(ImportFormatError) as refused:
            fresh.interchange.import_file(path)
        message = str(refused.value)
        assert words in message, (name, message)
        assert "\n" not in message and "nothing" in message, (name, message)
        assert dump(fresh.paths.database) == before, name


def test_a_huge_json_file_is_refused_before_it_is_read(fresh, tmp_path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # sparse: no disk used
        handle.write(b'{"format": "netdesk-export"')
        handle.truncate(300 * 1_048_576)
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from netdesk.errors import ImportFormatError\n"
        "from netdesk.services.imports.json_import import read_document\n"
        "try:\n"
        "    read_document(Path(sys.argv[1]))\n"
        "except ImportFormatError as error:\n"
        "    print(error)\n"
        "for line in open('/proc/self/status'):\n"
        "    if line.startswith('VmHWM:'):\n"
        "        print(line.split()[1])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        check=True,
    )
    message, peak_kib = done.stdout.strip().splitlines()
    assert "300 MB" in message and "nothing" in message
    assert int(peak_kib) < 150 * 1024  # far below the file's size: it was not read


def test_cli_imports_a_json_export_into_an_empty_netdesk(tmp_path, capsys) -> None:
    from netdesk.__main__ import main

    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    vcard = tmp_path / "people.vcf"
    vcard.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEND:VCARD\n", "utf-8")
    assert main(["import", str(vcard), "--data-dir", first]) == 0
    assert main(["export", str(tmp_path / "all.json"), "--data-dir", first]) == 0
    capsys.readouterr()

    status = main(["import", str(tmp_path / "all.json"), "--json", "--data-dir", second])

    assert status == 0 and json.loads(capsys.readouterr().out)["added"] == 1
    assert main(["import", str(tmp_path / "all.json"), "--data-dir", second]) == 2
    assert "already has people" in capsys.readouterr().err


def test_google_reader_sends_netdesk_csv_to_its_own_reader(services, tmp_path) -> None:
    services.contacts.save(ContactRecord(display_name="Ada Lovelace"))
    path = tmp_path / "people.csv"
    services.interchange.export_csv(path)
    with pytest.raises(ImportFormatError, match="NetDesk's own CSV export"):
        services.interchange.import_google_csv(path)


def test_own_csv_imported_again_matches_the_people_already_there(services, tmp_path) -> None:
    services.imports.import_sample_network()
    path = tmp_path / "network.csv"
    services.interchange.export_csv(path)
    before = [exported_values(r) for r in people(services)]

    summary = services.interchange.import_file(path)

    assert summary.added == 0 and summary.unchanged == len(before)
    assert [exported_values(r) for r in people(services)] == before


@pytest.mark.timeout(10)
def test_a_fifo_named_like_a_json_export_is_refused_without_waiting(fresh, tmp_path) -> None:
    fifo = tmp_path / "all.json"
    os.mkfifo(fifo)  # nothing ever writes to it: reading it plainly would wait for ever
    with pytest.raises(ImportFormatError, match="FIFO"):
        fresh.interchange.import_json(fifo)
