"""The review's undoable steps: a merge, and setting a pair apart as two people."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from netdesk.errors import NetDeskError
from netdesk.services.duplicates.finder import DuplicatePair
from netdesk.services.duplicates.merge import MergeResult, MergeService
from netdesk.services.duplicates.service import DuplicateService

log = logging.getLogger(__name__)


class MergeCommand(QUndoCommand):
    """Pushed after a merge (already done): Ctrl+Z puts both people back, redo merges
    them again with the same choices."""

    def __init__(
        self,
        merges: MergeService,
        result: MergeResult,
        pair: DuplicatePair | None = None,
        on_error: Callable[[str], None] = lambda message: None,
    ) -> None:
        super().__init__(f"Merge {result.merged_name} into {result.kept_name}")
        self._merges = merges
        self.result = result
        self.pair = pair
        self._on_error = on_error
        self._done = True  # merged when pushed

    @property
    def merge_id(self) -> int:
        return self.result.merge_id

    def redo(self) -> None:
        if self._done:
            return
        result = self.result
        self._run(lambda: self._merges.merge(result.kept_id, result.merged_id, result.choices))

    def undo(self) -> None:
        self._run(lambda: self._merges.undo(self.result.merge_id))

    def _run(self, step: Callable[[], object]) -> None:
        try:
            outcome = step()
        except NetDeskError as error:  # undone elsewhere meanwhile (Edit → Undo Last Merge)
            log.warning("merge step failed: %s", error)
            self.setObsolete(True)
            self._on_error(str(error))
            return
        if isinstance(outcome, MergeResult):
            self.result = outcome
        self._done = not self._done


class SetApartCommand(QUndoCommand):
    """Pushed after "Not the same person": Ctrl+Z lets the pair be proposed again."""

    def __init__(self, duplicates: DuplicateService, pair: DuplicatePair) -> None:
        super().__init__(f"Keep {pair.first_name} and {pair.second_name} apart")
        self._duplicates = duplicates
        self.pair = pair
        self._done = True  # remembered when pushed

    def redo(self) -> None:
        if not self._done:
            self._duplicates.mark_different(self.pair.first_id, self.pair.second_id)
            self._done = True

    def undo(self) -> None:
        self._duplicates.forget_different(self.pair.first_id, self.pair.second_id)
        self._done = False
