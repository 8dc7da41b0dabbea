"""The quick log (Ctrl+L) never records an interaction in the future."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateTimeEdit, QDialogButtonBox

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.quick_log import QuickLogDialog
from tests.views.windows import build_window


@pytest.fixture
def window(qtbot, services, qapp):
    services.contacts.save(ContactRecord(display_name="Mia Chen", relation="friend"))
    win, tasks = build_window(qtbot, qapp, services)
    yield win
    tasks.wait(10_000)


def open_quick_log(qtbot, window) -> QuickLogDialog:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.last_dialog
    assert isinstance(dialog, QuickLogDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.person, "mia")
    popup = dialog.person.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.person.text() == "Mia Chen")
    return dialog


def shown_day(dialog: QuickLogDialog) -> date:
    value = dialog.when.date()
    return date(value.year(), value.month(), value.day())


def test_the_date_cannot_be_moved_past_today(qtbot, window, services) -> None:
    today = services.clock.today()
    dialog = open_quick_log(qtbot, window)
    assert dialog.when.maximumDate() == QDate(today.year, today.month, today.day)
    dialog.when.setFocus()
    # The day number, as a click on it chooses (stepping the weekday moves within its
    # week, which at a week's last day goes back to its Monday).
    dialog.when.setCurrentSection(QDateTimeEdit.Section.DaySection)
    for _ in range(3):  # the arrow keys step the day: not into tomorrow
        qtbot.keyClick(dialog.when, Qt.Key.Key_Up)
    assert shown_day(dialog) == today
    qtbot.keyClick(dialog.when, Qt.Key.Key_Down)
    # The day number steps within its month: on the 1st it cannot go lower.
    picked = today - timedelta(days=1) if today.day > 1 else today
    assert shown_day(dialog) == picked
    qtbot.keyClick(dialog.when, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    (entry,) = services.interactions.for_contact(dialog.person.contact_id())
    assert entry.occurred_at[:10] == picked.isoformat()


def test_a_day_that_became_the_future_is_refused_with_a_message(qtbot, window, services) -> None:
    """The dialog was opened on one day; the computer's clock was then put back (a wrong
    clock corrected, a flight west): the day picked is tomorrow by the time Log is pressed."""
    dialog = open_quick_log(qtbot, window)
    picked = shown_day(dialog)
    services.clock.advance(days=-1)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "is in the future" in dialog.error.text()
    assert f"{picked.day} {picked:%b %Y}" in dialog.error.text()
    mia = dialog.person.contact_id()
    assert services.interactions.for_contact(mia) == []
    assert services.contacts.get(mia).last_interaction is None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
