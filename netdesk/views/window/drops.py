"""Files dropped on the window are imported; an overlay says so while they hover."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from netdesk.views.appearance import tone


class DropOverlay(QLabel):
    """Shown over the window while a file is dragged over it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(
            "Drop to import LinkedIn connections\n(Connections.csv or the export .zip)", parent
        )
        self.setObjectName("dropOverlay")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet(
            "#dropOverlay { background: rgba(40, 110, 200, 40); border: 3px dashed #2a6ec8;"
            " border-radius: 12px; font-size: 16pt; font-weight: 600;"
            f" color: {tone('accent', parent).name()}; }}"
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def cover(self, window: QWidget) -> None:
        self.setGeometry(window.rect().adjusted(12, 12, -12, -12))


def local_files(event) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileDrops(QObject):
    """Watches the window's drag events: local files are accepted while *accepting()*
    (not during an import) and handed to *dropped*."""

    def __init__(
        self,
        window: QWidget,
        accepting: Callable[[], bool],
        dropped: Callable[[list[Path]], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._accepting = accepting
        self._dropped = dropped
        self.overlay = DropOverlay(window)
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.DragEnter:
            if local_files(event) and self._accepting():
                event.acceptProposedAction()
                self.overlay.cover(self._window)
                self.overlay.raise_()
                self.overlay.show()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.DragMove:
            if local_files(event):
                event.acceptProposedAction()
            return True
        if kind == QEvent.Type.DragLeave:
            self.overlay.hide()
            return False
        if kind == QEvent.Type.Drop:
            self._on_drop(event)
            return True
        if kind == QEvent.Type.Resize:
            self.overlay.cover(self._window)
        return False

    def _on_drop(self, event) -> None:
        self.overlay.hide()
        paths = local_files(event)
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self._dropped(paths)
