"""An error nobody caught is never silent: the log gets the traceback, the user a box.

The first test turns pytest-qt's own capture off (it would take the exception before
our hook sees it) and breaks a real button of the real window.
"""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from netdesk.views.error_report import (
    ErrorReporter,
    error_box,
    install_error_reporting,
    log_file_for,
    short_message,
)

SECRET = "hunter2-secret"


class Boxes:
    """Stands in for the box factory: builds the real box, and keeps it for the test."""

    def __init__(self) -> None:
        self.made: list[QMessageBox] = []

    def __call__(self, text: str, parent: QWidget | None) -> QMessageBox:
        box = error_box(text, parent)
        self.made.append(box)
        return box

    def close_all(self) -> None:
        for box in self.made:
            if box.isVisible():
                box.done(0)


class Ticks:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _raise(error: BaseException):
    try:
        raise error
    except BaseException:
        return sys.exc_info()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_button_slot_is_logged_and_shown(
    qtbot, window, tmp_path, monkeypatch, caplog
) -> None:
    def broken_new_meeting(*_args, **_kwargs) -> None:
        raise RuntimeError(f"login failed for smtp://sam:{SECRET}@mail.example.org")

    monkeypatch.setattr(window.meetings_page, "new_meeting", broken_new_meeting)
    boxes = Boxes()
    data_dir = tmp_path / "app-data"
    reporter = install_error_reporting(data_dir, window, make_box=boxes, monotonic=Ticks())
    try:
        with caplog.at_level(logging.ERROR, logger="netdesk"):
            qtbot.mouseClick(window.meetings_page.new_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(boxes.made) and boxes.made[0].isVisible())
    finally:
        reporter.uninstall()
    assert sys.excepthook != reporter.excepthook

    (box,) = boxes.made
    log_file = log_file_for(data_dir)
    assert box.text() == (
        "Something went wrong: RuntimeError: login failed for "
        "smtp://sam:***@mail.example.org.\n\n"
        f"Details were written to {log_file}."
    )
    assert box.parent() is window and box.objectName() == "errorBox"
    shown = " ".join((box.windowTitle(), box.text(), box.informativeText(), box.detailedText()))
    assert SECRET not in shown

    (record,) = [r for r in caplog.records if r.name.startswith("netdesk")]
    assert record.levelno == logging.ERROR and record.exc_info[0] is RuntimeError
    written = log_file.read_text(encoding="utf-8")
    assert "Traceback" in written and "broken_new_meeting" in written
    assert "smtp://sam:***@mail.example.org" in written and SECRET not in written
    assert log_file.stat().st_mode & 0o077 == 0  # the log is the owner's alone
    assert log_file.parent.stat().st_mode & 0o077 == 0
    box.done(0)


def test_one_box_at_a_time_and_a_quiet_spell_after_it(qtbot, tmp_path, caplog) -> None:
    boxes, ticks = Boxes(), Ticks()
    reporter = ErrorReporter(tmp_path / "netdesk.log", make_box=boxes, monotonic=ticks)
    try:
        for number in range(50):  # a slot that fails on every repaint
            reporter.excepthook(*_raise(ValueError(f"bad {number}")))
        assert len(boxes.made) == 1 and "ValueError: bad 0" in boxes.made[0].text()
        boxes.close_all()
        ticks.now += 5  # closed, but still within the quiet spell
        reporter.excepthook(*_raise(ValueError("again")))
        assert len(boxes.made) == 1
        ticks.now += 10
        reporter.excepthook(*_raise(KeyError("later")))
        assert len(boxes.made) == 2 and "KeyError: 'later'" in boxes.made[1].text()
    finally:
        boxes.close_all()
    assert reporter.reported == 52 and reporter.shown == 2
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 52  # every one of them is in the log


def test_an_error_while_reporting_goes_to_stderr_not_back_into_the_hook(
    qtbot, tmp_path, capsys, caplog
) -> None:
    calls: list[str] = []

    def failing_box(text: str, parent: QWidget | None) -> QMessageBox:
        calls.append(text)
        reporter.excepthook(*_raise(LookupError("raised while reporting")))  # re-entered
        raise OSError("no display for the box")

    reporter = ErrorReporter(tmp_path / "netdesk.log", make_box=failing_box, monotonic=Ticks())
    reporter.excepthook(*_raise(ValueError("the first error")))  # must not raise

    assert len(calls) == 1  # the box was tried once, never recursively
    stderr = capsys.readouterr().err
    assert "LookupError: raised while reporting" in stderr
    assert "OSError: no display for the box" in stderr
    logged = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.exc_info[0] for r in logged] == [ValueError]  # the original is in the log


def test_keyboard_interrupt_is_not_swallowed(qtbot, tmp_path, monkeypatch, caplog) -> None:
    previous: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: previous.append(t))
    interrupted: list[bool] = []
    boxes = Boxes()
    reporter = ErrorReporter(
        tmp_path / "netdesk.log",
        make_box=boxes,
        monotonic=Ticks(),
        on_interrupt=lambda: interrupted.append(True),
    ).install()
    try:
        sys.excepthook(*_raise(KeyboardInterrupt()))
    finally:
        reporter.uninstall()
    assert previous == [KeyboardInterrupt]  # handed on, as Python would
    assert interrupted == [True]  # and the app is asked to quit
    assert boxes.made == [] and reporter.reported == 0
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert sys.excepthook is not reporter.excepthook  # uninstall put the previous one back


def test_install_and_uninstall_leave_logging_as_they_found_it(qtbot, tmp_path) -> None:
    root = logging.getLogger()
    before_handlers, before_hook = list(root.handlers), sys.excepthook
    reporter = install_error_reporting(tmp_path / "data", make_box=Boxes(), monotonic=Ticks())
    assert sys.excepthook == reporter.excepthook
    assert len(root.handlers) == len(before_handlers) + 1
    reporter.uninstall()
    reporter.uninstall()  # twice is harmless
    assert root.handlers == before_handlers and sys.excepthook == before_hook


def test_without_a_writable_log_folder_the_box_says_so(qtbot, tmp_path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    boxes = Boxes()
    reporter = install_error_reporting(blocker, make_box=boxes, monotonic=Ticks())
    try:
        reporter.excepthook(*_raise(ValueError("oops")))
    finally:
        reporter.uninstall()
        boxes.close_all()
    assert reporter.log_file is None
    assert "could not be written to a log file" in boxes.made[0].text()


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (AttributeError("'bool' object has no attribute 'strip'"), "AttributeError: 'bool' "),
        (ValueError(f"password={SECRET}"), "ValueError: password=***"),
        (ValueError(f"Password: '{SECRET}' rejected"), "ValueError: Password: '***' rejected"),
        (ValueError(f"token={SECRET}&x=1"), "ValueError: token=***"),
        (RuntimeError(f"imaps://me:{SECRET}@host/INBOX"), "RuntimeError: imaps://me:***@host"),
        (RuntimeError(f"sent AUTH PLAIN {SECRET}"), "RuntimeError: sent AUTH PLAIN ***"),
        (RuntimeError(f"Authorization: Bearer {SECRET}"), "RuntimeError: Authorization: Bearer"),
        (RuntimeError(""), "RuntimeError"),
        (RuntimeError("first line\nsecond line"), "RuntimeError: first line"),
    ],
)
def test_the_short_message_hides_secrets(error: BaseException, shown: str) -> None:
    message = short_message(type(error), error)
    assert message.startswith(shown)
    assert SECRET not in message and "second line" not in message


def test_the_short_message_is_short() -> None:
    message = short_message(ValueError, ValueError("x" * 1000))
    assert len(message) < 200 and message.endswith("…")
