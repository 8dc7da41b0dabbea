"""Building the window's menu actions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from netdesk.views.icons import set_icon


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    shortcut=None,
    name: str | None = None,
    icon: str | None = None,
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if name:
        action.setObjectName(name)
    if icon:
        set_icon(action, icon)
    # triggered(bool) would hand `checked` to the slot's first optional parameter
    # (open_settings(page=False)); none of these actions is checkable.
    action.triggered.connect(lambda _checked=False: slot())
    return action
