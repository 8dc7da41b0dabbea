"""`netdesk merge KEEP OTHER [--json]` and `netdesk merge --undo`, in-process through
main() on a data folder; bad input exits 2 with one line on stderr and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from netdesk.__main__ import main
from tests.frozen_time import frozen_clock
from tests.helpers import dump


def content(data: Path) -> list[str]:
    """The database, but for person_merge (an undo marks its own row)."""
    return [line for line in dump(data / "netdesk.sqlite3") if "person_merge" not in line]


def run(capsys, data: Path, *args: str) -> tuple[int, str, str]:
    status = main([*args, "--data-dir", str(data)], clock=frozen_clock())
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def add(capsys, data: Path, *args: str) -> int:
    status, out, err = run(capsys, data, "people", "add", *args)
    assert status == 0, err
    return int(out.split()[-1].lstrip("#"))


def test_merge_prints_what_was_kept_and_undo_takes_it_back(capsys, tmp_path) -> None:
    data = tmp_path / "d"
    kept = add(capsys, data, "Dana Cruz", "--email", "dana@cruz.org")
    other = add(capsys, data, "Dana Cruz", "--email", "dana@northwind.com", "--org", "Northwind")
    before = content(data)

    status, out, err = run(capsys, data, "merge", str(kept), str(other))
    assert (status, err) == (0, "")
    assert f"Merged Dana Cruz (#{other}) into Dana Cruz (#{kept})" in out
    assert "organisation (other)" in out
    status, out, _ = run(capsys, data, "people", "show", str(kept), "--json")
    shown = json.loads(out)
    assert shown["emails"] == ["dana@cruz.org", "dana@northwind.com"]

    status, out, err = run(capsys, data, "merge", "--undo")
    assert (status, err) == (0, "")
    assert f"Undid the merge of Dana Cruz (#{other}) into #{kept}" in out
    assert content(data) == before
    status, out, err = run(capsys, data, "merge", "--undo")
    assert status == 1 and "no merge to undo" in err


def test_merge_json_and_refusals(capsys, tmp_path) -> None:
    data = tmp_path / "d"
    kept = add(capsys, data, "Dana Cruz")
    other = add(capsys, data, "D. Cruz", "--role", "Data Lead")
    for args, message in [
        ((str(kept), str(kept)), "themselves"),
        ((str(kept), "999"), "#999"),
        ((str(kept),), "KEEP OTHER"),
    ]:
        status, out, err = run(capsys, data, "merge", *args)
        assert (status, out) == (2, "") and message in err, (args, err)
    status, out, err = run(capsys, data, "merge", str(kept), str(other), "--json")
    assert status == 0, err
    result = json.loads(out)
    assert (result["kept_id"], result["merged_id"], result["merged_name"]) == (
        kept,
        other,
        "D. Cruz",
    )
    assert result["choices"]["role"] == "other"
