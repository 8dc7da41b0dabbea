"""Errors nobody caught are never silent: logged with their traceback, and told to the user.

PySide hands an exception raised in a slot (or a Qt virtual override) to sys.excepthook and
carries on; without a hook of our own a GUI user sees nothing at all. The hook installed
here writes the traceback to the log file and shows a short box saying where it went. The
box shows the kind of error and the first line of its words, shortened, with anything that
looks like a secret (a password, a token, credentials in an address) blanked out.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from netdesk import APP_NAME

log = logging.getLogger(__name__)

LOG_NAME = "netdesk.log"
MESSAGE_LIMIT = 160  # characters of the error's own words shown in the box
QUIET_SECONDS = 10.0  # after a box, further errors within this time are only logged

# What an exception's text may carry that the user must not see on screen.
_REDACTIONS = (
    # scheme://user:password@host
    (re.compile(r"([a-z][a-z0-9+.-]*://[^/\s:@]+):[^/\s@]+@", re.IGNORECASE), r"\1:***@"),
    # password=..., token: ..., api_key=...
    (
        re.compile(
            r"\b(password|passwd|pwd|pass|secret|token|api[_-]?key|credentials?)"
            r"(['\"]?\s*[=:]\s*)(['\"]?)[^\s,;'\"]+",
            re.IGNORECASE,
        ),
        r"\1\2\3***",
    ),
    # an SMTP/IMAP authentication line, or an HTTP authorisation header
    (
        re.compile(r"\b(AUTH(?:ENTICATE)?\s+(?:PLAIN|LOGIN|XOAUTH2))\s+\S+", re.IGNORECASE),
        r"\1 ***",
    ),
    (re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 ***"),
)

MakeBox = Callable[[str, QWidget | None], QMessageBox]  # (text, parent) -> an unshown box


def log_file_for(data_dir: Path) -> Path:
    """Where the desktop app writes its log: beside the database, owner-only."""
    return Path(data_dir) / "logs" / LOG_NAME


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def short_message(exc_type: type[BaseException], error: BaseException | None) -> str:
    """The kind of error and the first line of its words, shortened and with secrets
    blanked ("AttributeError: 'bool' object has no attribute 'strip'")."""
    try:
        words = str(error).strip()
    except Exception:  # a broken __str__ must not break the report
        words = ""
    first = redact(words.splitlines()[0].strip()) if words else ""
    if len(first) > MESSAGE_LIMIT:
        first = first[: MESSAGE_LIMIT - 1].rstrip() + "…"
    return f"{exc_type.__name__}: {first}" if first else exc_type.__name__


def user_text(short: str, log_file: Path | None) -> str:
    where = (
        f"Details were written to {log_file}."
        if log_file is not None
        else "Details could not be written to a log file; start NetDesk from a terminal "
        "with --debug to see them."
    )
    return f"Something went wrong: {short}.\n\n{where}"


def error_box(text: str, parent: QWidget | None = None) -> QMessageBox:
    """The box the user sees (tests intercept this through ErrorReporter's make_box)."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        f"{APP_NAME}: something went wrong",
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("errorBox")
    box.setInformativeText(
        "What you were doing may not have finished. If it keeps happening, please report "
        "it with the log file."
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def _make_private_folders(folder: Path) -> None:
    """mkdir -p, owner-only at every level it creates (parents=True would not be)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700, exist_ok=True)


def start_log_file(path: Path) -> RotatingFileHandler | None:
    """Warnings and errors, with tracebacks, appended to *path* (1 MB, 3 old files kept).
    None when the file cannot be written (a read-only folder, say)."""
    try:
        _make_private_folders(path.parent)
        path.touch(mode=0o600, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError as error:
        log.warning("cannot write the log file %s: %s", path, error)
        return None
    handler.setLevel(logging.WARNING)
    handler.setFormatter(_RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    return handler


class _RedactingFormatter(logging.Formatter):
    """The log file gets the whole traceback, but not a password an error message held."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _quit_application() -> None:
    app = QCoreApplication.instance()
    if app is not None:
        app.exit(130)  # the shell's status for an interrupt


class ErrorReporter:
    """sys.excepthook for the desktop app: log every uncaught exception, show a box.

    At most one box is open at a time, and after one is shown further errors are only
    logged for QUIET_SECONDS (a slot that fails on every repaint must not bury the user
    in boxes). An error raised while reporting one goes to stderr, never back into the
    hook. KeyboardInterrupt is not an error: it goes to the previous hook and quits.
    """

    def __init__(
        self,
        log_file: Path | None,
        parent: QWidget | None = None,
        *,
        make_box: MakeBox | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        quiet_seconds: float = QUIET_SECONDS,
        on_interrupt: Callable[[], None] = _quit_application,
        handler: logging.Handler | None = None,
    ) -> None:
        self.log_file = log_file
        self.parent = parent  # the main window, once there is one
        self._make_box = make_box
        self._monotonic = monotonic
        self._quiet_seconds = quiet_seconds
        self._on_interrupt = on_interrupt
        self._handler = handler
        self._previous: Callable[..., object] | None = None
        self._reporting = False
        self._box: QMessageBox | None = None
        self._last_shown: float | None = None
        self.reported = 0  # errors logged
        self.shown = 0  # boxes shown
        self.installed = False

    # --- installing --------------------------------------------------------

    def install(self) -> ErrorReporter:
        if not self.installed:
            if self._handler is not None:
                logging.getLogger().addHandler(self._handler)
            self._previous = sys.excepthook
            sys.excepthook = self.excepthook
            self.installed = True
        return self

    def uninstall(self) -> None:
        if not self.installed:
            return
        if sys.excepthook == self.excepthook:  # else someone hooked after us: leave theirs
            sys.excepthook = self._previous or sys.__excepthook__
        if self._handler is not None:
            logging.getLogger().removeHandler(self._handler)
            self._handler.close()
        self.installed = False

    # --- the hook ----------------------------------------------------------

    def excepthook(
        self,
        exc_type: type[BaseException],
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not issubclass(exc_type, Exception):  # KeyboardInterrupt, SystemExit
            (self._previous or sys.__excepthook__)(exc_type, error, tb)
            if issubclass(exc_type, KeyboardInterrupt):
                self._on_interrupt()
            return
        if self._reporting:  # failed while reporting: the plainest report there is
            sys.__excepthook__(exc_type, error, tb)
            return
        self._reporting = True
        try:
            self.reported += 1
            log.error("Unhandled exception", exc_info=(exc_type, error, tb))
            self._tell_user(short_message(exc_type, error))
        except Exception:
            sys.__excepthook__(*sys.exc_info())
        finally:
            self._reporting = False

    def _tell_user(self, short: str) -> None:
        now = self._monotonic()
        if self._box is not None and shiboken6.isValid(self._box) and self._box.isVisible():
            return  # one box at a time: the log has the rest
        if self._last_shown is not None and now - self._last_shown < self._quiet_seconds:
            return
        self._last_shown = now
        make_box = self._make_box or error_box
        box = make_box(user_text(short, self.log_file), self.parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._on_box_finished)
        self._box = box
        self.shown += 1
        box.open()  # does not block: the hook returns and the app carries on

    def _on_box_finished(self, _result: int) -> None:
        self._box = None


def install_error_reporting(
    data_dir: Path, parent: QWidget | None = None, **options
) -> ErrorReporter:
    """The desktop app's start-up: a log file in *data_dir* and the hook; undo with
    .uninstall(). *options* go to ErrorReporter (tests pass make_box and monotonic)."""
    path = log_file_for(data_dir)
    handler = start_log_file(path)
    reporter = ErrorReporter(
        path if handler is not None else None, parent, handler=handler, **options
    )
    return reporter.install()
