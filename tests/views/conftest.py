from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from netdesk.views.main_window import CONTACTS_PAGE
from tests.views.windows import build_window


@pytest.fixture
def window(qtbot, services, qapp):
    """The real main window over a real database file, with a real background runner,
    on the Contacts page (the tests of people start there)."""
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(CONTACTS_PAGE)
    yield win
    tasks.wait(10_000)


@pytest.fixture
def answer_yes(monkeypatch):
    """Confirmation boxes are the edge of the machine: answer them as a user would."""
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.Yes),
    )
