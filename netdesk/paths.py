"""Where NetDesk keeps its data: the platform's user-data folder unless told otherwise."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "NETDESK_DATA_DIR"
DATABASE_NAME = "netdesk.sqlite3"


@dataclass(frozen=True)
class Paths:
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_NAME

    def ensure(self) -> Paths:
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """--data-dir beats $NETDESK_DATA_DIR beats the platform's user-data folder."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Paths(Path(chosen).expanduser().resolve())
    import platformdirs  # only here: `--data-dir` and the variable skip its ~6 ms import

    return Paths(Path(platformdirs.user_data_dir("NetDesk", appauthor=False)))
