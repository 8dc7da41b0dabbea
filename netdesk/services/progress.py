"""How long work reports how far it has got: one callable type for every service."""

from __future__ import annotations

from collections.abc import Callable

# (percent 0-100, what is happening now), called from whatever thread does the work.
Progress = Callable[[int, str], None]


def no_progress(_percent: int, _message: str) -> None:
    """For callers that do not show progress."""
