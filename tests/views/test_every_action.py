"""Every enabled button on every page, and every menu action, on an empty database and on
the sample network: nothing may raise, and nothing may log an error.

Whatever opens is closed at once (a modal box, a dialog, a popup menu) and file dialogs
answer "cancel": they are the edge of the machine. Quitting and opening another program
are left out (the latter is recorded instead).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion
from netdesk.views.main_window import MainWindow
from tests.views.windows import build_full_window

WELCOME = "welcome"
# The buttons and the menu entry that fill the database with the sample network go last:
# the empty database stays empty while everything else is pressed.
SAMPLE_WORDS = ("sample",)


def _name(obj: QObject) -> str:
    text = obj.text() if hasattr(obj, "text") else ""
    return f"{type(obj).__name__}({obj.objectName() or '-'}: {text.replace('&', '')!r})"


class DialogCloser(QObject):
    """Closes whatever opens, over and over: modal boxes, dialogs, popup menus.

    The closing itself is deferred to a zero timer, so a close that opens a question
    ("Discard this draft?") runs its own event loop without stopping this timer.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._pending: set[int] = set()
        self.closed: list[str] = []
        self._timer = QTimer(self)
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @staticmethod
    def open_widgets() -> list[QWidget]:
        found: list[QWidget] = []
        for widget in (QApplication.activePopupWidget(), QApplication.activeModalWidget()):
            if widget is not None:
                found.append(widget)
        # Dialogs and menus NetDesk made, among the wrappers that exist: walking
        # QApplication.topLevelWidgets() would wrap Qt's own windows too, and such a
        # wrapper can be handed back for a new object at a reused address (a crash).
        for widget in shiboken6.getAllValidWrappers():
            if (
                isinstance(widget, (QDialog, QMenu))
                and shiboken6.createdByPython(widget)
                and shiboken6.isValid(widget)
                and widget.isVisible()
            ):
                found.append(widget)
        return [w for w in dict.fromkeys(found) if shiboken6.isValid(w) and w.isVisible()]

    def _on_timer_timeout(self) -> None:
        for widget in self.open_widgets():
            if id(widget) in self._pending:
                continue
            self._pending.add(id(widget))
            QTimer.singleShot(0, self, lambda w=widget: self._close(w))

    def _close(self, widget: QWidget) -> None:
        self._pending.discard(id(widget))
        if not shiboken6.isValid(widget) or not widget.isVisible():
            return
        self.closed.append(_name(widget) + " " + repr(widget.windowTitle()))
        if isinstance(widget, QDialog):
            widget.reject()
        else:
            widget.close()


@dataclass
class Run:
    """One pass over the window: what was pressed, and what went wrong."""

    qtbot: object
    window: MainWindow
    tasks: object
    caplog: pytest.LogCaptureFixture
    closer: DialogCloser
    opened: list[str]  # what QDesktopServices.openUrl was asked to open
    pressed: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    deferred: list[tuple[object, str, Callable[[], None]]] = field(default_factory=list)

    def settle(self) -> None:
        """Until the background work is done, its results are in and nothing is open."""
        quiet = 0
        for _ in range(2000):
            self.qtbot.wait(1)
            busy = not self.tasks.wait(0) or bool(DialogCloser.open_widgets())
            quiet = 0 if busy else quiet + 1
            if quiet >= 3:
                return
        self.failures.append(f"still busy after a press: {DialogCloser.open_widgets()}")

    def act(self, where: object, label: str, press: Callable[[], None]) -> None:
        """Press once, settle, and note any exception (whatever reached sys.excepthook
        from a slot or a Qt override) or error log record it caused."""
        label = f"{self.title(where)}: {label}"
        self.pressed.append(label)
        before = len(self.caplog.records)
        with self.qtbot.capture_exceptions() as exceptions:
            press()
            self.settle()
        for exc_type, exc, _tb in exceptions:
            self.failures.append(f"{label} raised {exc_type.__name__}: {exc}")
        for record in self.caplog.records[before:]:
            if record.levelno >= logging.ERROR and record.name.startswith("netdesk"):
                self.failures.append(f"{label} logged {record.getMessage()}")

    def title(self, where: object) -> str:
        if isinstance(where, int):
            return self.window.navigation.model().index(where, 0).data()
        return str(where)

    # --- where the controls are -------------------------------------------------

    def show(self, where: object) -> QWidget:
        """Bring back the page (a press may have switched page or shown the welcome)."""
        window = self.window
        if where == WELCOME:
            if (
                window.first_run.welcome is None
                or window.central.currentWidget() is not window.first_run.welcome
            ):
                window.first_run.show()
            return window.first_run.welcome
        if (
            window.first_run.welcome is not None
            and window.central.currentWidget() is window.first_run.welcome
        ):
            window.first_run.hide()
        navigation = window.navigation
        if navigation.currentIndex().row() != where:
            navigation.setCurrentIndex(navigation.model().index(where, 0))
        return window.pages.currentWidget()

    def buttons(self, page: QWidget) -> dict[tuple, QAbstractButton]:
        """The enabled, visible buttons of the page, by a key that survives a reload."""
        found: dict[tuple, QAbstractButton] = {}
        seen: dict[tuple, int] = {}
        for button in page.findChildren(QAbstractButton):
            if not shiboken6.isValid(button) or button.window() is not self.window:
                continue
            if not (button.isVisible() and button.isEnabled()):
                continue
            base = (
                type(button).__name__,
                button.objectName(),
                button.text(),
                button.accessibleName(),
                button.toolTip(),
            )
            seen[base] = seen.get(base, 0) + 1
            found[(*base, seen[base])] = button
        return found

    def press_buttons(self, where: object) -> None:
        done: set[tuple] = set()
        select_first_rows(self.show(where), again=True)
        for _ in range(300):  # new buttons may appear after a press; each is pressed once
            page = self.show(where)
            select_first_rows(page)
            waiting = {k: b for k, b in self.buttons(page).items() if k not in done}
            if not waiting:
                return
            key, button = next(iter(waiting.items()))
            done.add(key)
            label = _name(button)
            if _fills_database(label):
                self.deferred.append((where, label, lambda k=key, w=where: self._click(w, k)))
                continue
            self.act(where, label, lambda k=key, w=where: self._click(w, k))
            self.press_menu_of(where, key, label)
        self.failures.append(f"{self.title(where)}: over 300 buttons, or they keep changing")

    def _click(self, where: object, key: tuple) -> None:
        button = self.buttons(self.show(where)).get(key)
        if button is not None:  # it may have gone with a reload
            self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def press_menu_of(self, where: object, key: tuple, label: str) -> None:
        """A button's own menu (export the map, snooze, templates): every entry in it."""
        button = self.buttons(self.show(where)).get(key)
        if not isinstance(button, (QToolButton, QPushButton)) or button.menu() is None:
            return
        for path, action in list(menu_actions(button.menu(), label)):
            self.act(where, path, lambda a=action: _trigger(a))

    def trigger_menus(self, where: object) -> None:
        for path, _action in list(menu_actions_of(self.window)):
            press = self._menu_trigger(where, path)
            if _fills_database(path):
                self.deferred.append((where, path, press))
            else:
                self.act(where, path, press)

    def _menu_trigger(self, where: object, path: str) -> Callable[[], None]:
        def press() -> None:
            self.show(where)
            action = dict(menu_actions_of(self.window)).get(path)
            if action is not None:
                _trigger(action)

        return press

    def press_deferred(self) -> None:
        done: set[str] = set()
        for where, label, press in self.deferred:
            if label not in done:  # the same menu entry, seen from every page: once
                done.add(label)
                self.show(where)
                self.act(where, label + " (last)", press)


def select_first_rows(page: QWidget, again: bool = False) -> None:
    """As a user would before pressing a row's buttons: the first row of every list and
    table on the page that has nothing current yet (*again*: whatever is current)."""
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if not view.isVisible() or model is None or view.selectionModel() is None:
            continue
        if (again or not view.currentIndex().isValid()) and model.rowCount() > 0:
            view.setCurrentIndex(model.index(0, 0))


def _fills_database(label: str) -> bool:
    return any(word in label.lower() for word in SAMPLE_WORDS)


def _trigger(action: QAction) -> None:
    if shiboken6.isValid(action) and action.isEnabled():
        action.trigger()


def _quits(action: QAction) -> bool:
    """Quit, Exit, Close Window: by their words, or by the platform's Quit key."""
    quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    shortcut = action.shortcut()
    return (not shortcut.isEmpty() and shortcut in quit_keys) or (
        action.text().replace("&", "").lower() in ("quit", "exit", "close window")
    )


def menu_actions(menu: QMenu, path: str) -> Iterator[tuple[str, QAction]]:
    """Every enabled action in *menu* and its submenus, by its path of titles."""
    if not shiboken6.isValid(menu) or not menu.isEnabled():
        return
    for action in menu.actions():
        if action.isSeparator() or not action.isEnabled() or not action.isVisible():
            continue
        title = f"{path} > {action.text().replace('&', '')}"
        if action.menu() is not None:
            yield from menu_actions(action.menu(), title)
        elif not _quits(action):
            yield title, action


def menu_actions_of(window: MainWindow) -> Iterator[tuple[str, QAction]]:
    for top in window.menuBar().actions():
        if top.menu() is not None and top.isEnabled():
            yield from menu_actions(top.menu(), top.text().replace("&", ""))


def add_follow_ups(services) -> None:
    """What Today lists, so that its rows' buttons are there to press: to-dos due,
    unanswered requests, people not heard from in a while, and a meeting this week.
    Three of each: pressing Done or Accepted takes a row away, and the next one's
    buttons are pressed too."""
    ids = [row[0] for row in services.db.execute_sql("SELECT id FROM contact ORDER BY id")]
    clock = services.clock
    for number, contact_id in enumerate(ids[:3]):
        services.todos.add(f"Send article {number}", contact_id=contact_id, due_on=clock.today())
    for contact_id in ids[3:6]:
        services.followups.outreach.add(contact_id, sent_on=clock.today() - timedelta(days=20))
    for contact_id in ids[6:9]:
        services.followups.keep_in_touch.set_interval(contact_id, 30)
        services.interactions.log(contact_id, "call", occurred_at=clock.now() - timedelta(days=90))
    bank = services.meetings.bank()[:2]  # two: pressing Remove takes one away
    services.meetings.save(
        MeetingRecord(
            title="Coffee",
            status="held",
            starts_at=clock.now() - timedelta(hours=1),
            people=ids[:2],  # two: pressing Remove takes one away
            questions=[PreparedQuestion(q.layer, q.text, "Start small", q.id) for q in bank],
        )
    )


# --- the test -------------------------------------------------------------------------


@pytest.fixture
def desk(qtbot, qapp, services, monkeypatch, caplog):
    """The real window with every service wired in (as app.create_main_window does)."""
    opened: list[str] = []

    def open_url(url) -> bool:
        opened.append(url.toString())
        return True  # as if the browser, mail app or file manager took it

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], "")))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    settings = QSettings(str(services.paths.data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window, tasks = build_full_window(qtbot, qapp, services, settings)
    closer = DialogCloser(window)
    run = Run(qtbot, window, tasks, caplog, closer, opened)
    yield run
    closer.stop()
    for widget in DialogCloser.open_widgets():
        if isinstance(widget, QDialog):
            widget.done(0)
    if window.map_page is not None:
        window.map_page.cancel_loading()
    tasks.wait(10_000)


@pytest.mark.timeout(60)  # about 3 s each here
@pytest.mark.parametrize("network", ["empty", "sample"])
def test_every_button_and_menu_action_works(desk: Run, services, network: str) -> None:
    window = desk.window
    if network == "sample":
        desk.act("start", "load the sample network", window.imports.load_sample_network)
        assert services.contacts.counts().people > 0
        add_follow_ups(services)
        places: list[object] = []
    else:
        assert window.first_run.show_if_empty()  # as the app starts on an empty database
        places = [WELCOME]
    # Last page first: Today's and Contacts' buttons plan new meetings, and the meetings
    # made for the test should be the ones on show when the Meetings page is pressed.
    places += reversed(range(window.navigation.model().rowCount()))
    for where in places:
        desk.press_buttons(where)
        if where != WELCOME:
            desk.trigger_menus(where)
    desk.press_deferred()
    if desk.failures:
        pytest.fail("\n".join(desk.failures), pytrace=False)
    assert len(desk.pressed) > 100  # the walk really went through the window
    assert services.paths.data_dir.as_uri() in desk.opened  # File > Show Data Folder
