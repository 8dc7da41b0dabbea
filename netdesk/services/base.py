"""What a service holds: its database, the one clock and the notifier it announces on."""

from __future__ import annotations

import peewee

from netdesk.services.changes import Changes
from netdesk.services.clock import SYSTEM_CLOCK, Clock


class Service:
    """A service over *db* that reads "now" from *clock* and announces its writes on
    *changes* (its own notifier when built alone, as in a script or a unit test)."""

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self.changes = changes or Changes()
