"""The moment every test runs at: frozen, so no test depends on the real day or hour.

The default is deliberately awkward: a Sunday ten minutes before midnight, the last
minute of a week. ``NETDESK_TEST_NOW`` picks another wall-clock moment (read in the
process's own zone, so ``TZ=Europe/Berlin NETDESK_TEST_NOW=2026-12-31T23:58`` is New
Year's Eve in Berlin); the whole suite must pass at any of them.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from netdesk.services.clock import FrozenClock

DEFAULT_TEST_NOW = "2026-12-27T23:50:00"

TEST_NOW: datetime = datetime.fromisoformat(
    os.environ.get("NETDESK_TEST_NOW") or DEFAULT_TEST_NOW
).astimezone()
TODAY = TEST_NOW.date()


def local_day_of_utc(text: str) -> str:
    """The user's calendar day (ISO) of a UTC time 'YYYY-MM-DD HH:MM:SS', as LinkedIn
    writes them: in Samoa or Kiribati it is another day than in London."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone().date().isoformat()


def frozen_clock() -> FrozenClock:
    """A new clock stopped at TEST_NOW (each test may move its own)."""
    return FrozenClock(TEST_NOW)
