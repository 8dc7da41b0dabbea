"""One clock: nothing in the app or its tests reads the wall clock behind its back."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from netdesk.services.clock import Clock, FrozenClock

ROOT = Path(__file__).resolve().parents[2]
# Calls that read the real date or time (durations, such as time.monotonic, are fine).
WALL_CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("QDate", "currentDate"),
    ("QDateTime", "currentDateTime"),
    ("QDateTime", "currentDateTimeUtc"),
    ("QTime", "currentTime"),
}
# The clock itself; and the test certificates, which a real TLS library checks
# against the real time.
ALLOWED = {"netdesk/services/clock.py", "tests/mailservers.py"}


def wall_clock_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute):  # called or passed along (today=date.today)
            continue
        owner = node.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        if (name, node.attr) in WALL_CLOCK_READS:
            found.append((node.lineno, f"{node.lineno} {name}.{node.attr}"))
    return [text for _line, text in sorted(found)]


def test_only_the_clock_reads_the_wall_clock() -> None:
    sources = [*(ROOT / "netdesk").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    reads = [
        f"{path.relative_to(ROOT)}:{read}"
        for path in sources
        if str(path.relative_to(ROOT)) not in ALLOWED
        for read in wall_clock_reads(path)
    ]
    assert reads == []


def test_the_scan_finds_every_form_of_a_read(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import datetime as dt\nfrom datetime import date\n"
        "a = dt.datetime.now()\nb = date.today()\nc = f(today=date.today)\n",
        encoding="utf-8",
    )
    assert wall_clock_reads(sample) == ["3 datetime.now", "4 date.today", "5 date.today"]


def test_a_frozen_clock_stands_still_until_moved() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    clock = FrozenClock(datetime(2026, 12, 31, 23, 58), tz=berlin)  # wall clock in Berlin
    assert clock.now() == datetime(2026, 12, 31, 22, 58, tzinfo=UTC)
    assert clock.today() == date(2026, 12, 31)
    assert clock.timestamp() == "2026-12-31 23:58:00"
    clock.advance(minutes=3)
    assert clock.today() == date(2027, 1, 1) and clock.timestamp() == "2027-01-01 00:01:00"
    # An aware moment is stored in the clock's zone's wall time.
    assert clock.wall(datetime(2026, 7, 1, 12, tzinfo=UTC)) == "2026-07-01 14:00:00"


def test_the_system_clock_is_aware_and_in_the_users_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    moment = Clock(tokyo).now()
    assert moment.tzinfo is not None and moment.utcoffset() == tokyo.utcoffset(moment)
