"""Small widgets of the person editor: a field's error line and a list that fits its rows."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QListView

from netdesk.views.appearance import tone_sheet


class ErrorLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setStyleSheet(tone_sheet("error", self))
        self.hide()

    def show_message(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


class FittingListView(QListView):
    """A short list inside a form: as tall as its wrapped rows (up to a limit), so nothing
    is cut off and there is no scroll bar inside the scrolling form."""

    def __init__(self, max_rows: int = 5) -> None:
        super().__init__()
        self._max_rows = max_rows
        self._fitted_width = -1
        self.setWordWrap(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)

    def fit(self) -> None:
        rows = min(self.model().rowCount(), self._max_rows) if self.model() else 0
        if rows == 0:
            return
        self.doItemsLayout()  # wrap at the current width before measuring
        bottom = self.visualRect(self.model().index(rows - 1, 0)).bottom()
        self.setFixedHeight(bottom + 1 + self.spacing() + 2 * self.frameWidth())
        self._fitted_width = self.width()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._fitted_width:
            self.fit()  # narrower means more wrapped lines
