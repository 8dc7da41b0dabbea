"""One running NetDesk per data folder: a second launch raises the first window."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_MESSAGE = b"raise"


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha1(str(data_dir.resolve()).encode()).hexdigest()[:16]
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    return f"netdesk-{user}-{digest}"


class SingleInstance(QObject):
    activated = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = server_name(data_dir)
        self._server: QLocalServer | None = None

    def already_running(self) -> bool:
        """Ask a running instance to show itself; otherwise become the running instance."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if socket.waitForConnected(500):
            socket.write(_MESSAGE)
            socket.waitForBytesWritten(500)
            socket.disconnectFromServer()
            return True
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self._server.listen(self._name):
            # A stale socket from a crashed run: nobody answered, so take it over.
            QLocalServer.removeServer(self._name)
            self._server.listen(self._name)
        self._server.newConnection.connect(self._on_server_new_connection)
        return False

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    def _on_server_new_connection(self) -> None:
        # The second launch writes its message right after connecting; a short wait on
        # the GUI thread keeps this free of per-connection slots and lambdas.
        while self._server is not None and self._server.hasPendingConnections():
            connection = self._server.nextPendingConnection()
            arrived = connection.bytesAvailable() or connection.waitForReadyRead(500)
            if arrived and bytes(connection.readAll().data()).startswith(_MESSAGE):
                self.activated.emit()
            connection.disconnectFromServer()
            connection.deleteLater()
