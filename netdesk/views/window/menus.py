"""The menu bar: every command of the window, with its shortcut and icon."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from netdesk import APP_NAME
from netdesk.views.about import about_box
from netdesk.views.icons import set_icon
from netdesk.views.window.actions import make_action
from netdesk.views.window.help import shortcuts_box, show_data_folder

if TYPE_CHECKING:
    from netdesk.views.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    _file_menu(window)
    _edit_menu(window)
    _meetings_menu(window)
    _people_menu(window)
    _help_menu(window)


def _file_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&File")
    imports, backups = window.imports, window.backups
    menu.addAction(imports.import_action)
    menu.addAction(imports.contacts_action)
    menu.addAction(imports.sample_action)
    window.exports.fill_menu(menu.addMenu("&Export"))
    menu.addSeparator()
    menu.addAction(backups.backup_action)
    menu.addAction(backups.restore_action)
    menu.addSeparator()
    menu.addAction(window.mail_scan.read_action)
    menu.addAction(window.mail_scan.stop_action)
    menu.addAction(window.calendar_sync.sync_action)
    menu.addAction(window.calendar_sync.stop_action)
    menu.addAction(window.contacts_sync.now_action)
    menu.addAction(window.contacts_sync.stop_action)
    menu.addSeparator()
    data_dir = window.services.paths.data_dir
    menu.addAction(make_action(window, "Show &Data Folder", lambda: show_data_folder(data_dir)))
    menu.addSeparator()
    menu.addAction(make_action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit))


def _edit_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Edit")
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    # Every binding of the platform: Ctrl+Y alone (the first) left Ctrl+Shift+Z, which
    # the Keyboard Shortcuts box lists, doing nothing outside KDE and GNOME.
    redo.setShortcuts(QKeySequence.StandardKey.Redo)
    set_icon(undo, "undo")
    set_icon(redo, "redo")
    menu.addAction(undo)
    menu.addAction(redo)
    menu.addSeparator()
    menu.addAction(window.imports.undo_action)
    menu.addAction(window.duplicates.undo_merge_action)
    menu.addSeparator()
    find = make_action(
        window,
        "&Find",
        window.contacts_page.focus_search,
        QKeySequence.StandardKey.Find,
        "findAction",
        "search",
    )
    menu.addAction(find)
    menu.addSeparator()
    settings = make_action(
        window, "&Settings…", window.mail.open_settings, "Ctrl+,", "settingsAction", "settings"
    )
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)  # macOS app menu
    menu.addAction(settings)


def _meetings_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Meetings")
    menu.addAction(
        make_action(
            window,
            "&New Meeting",
            window.new_meeting,
            "Ctrl+Shift+N",
            "newMeetingAction",
            "new-meeting",
        )
    )
    menu.addAction(
        make_action(
            window,
            "Question &Bank…",
            window.edit_question_bank,
            name="questionBankAction",
            icon="question-bank",
        )
    )


def _people_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&People")
    people = window.followups
    menu.addAction(
        make_action(
            window,
            "&New Person",
            people.new_contact,
            QKeySequence.StandardKey.New,
            "newAction",
            "add-person",
        )
    )
    # The list handles the Delete key itself (text fields keep theirs); the menu
    # entry shows the key and acts on the selection from anywhere.
    menu.addAction(
        make_action(
            window,
            "&Delete Selected…\tDel",
            people.delete_selected,
            name="deleteAction",
            icon="trash",
        )
    )
    menu.addSeparator()
    entries = [
        ("&Log Interaction…", lambda: people.quick_log(), "Ctrl+L", "logAction", "log-interaction"),
        ("New &To-do…", lambda: people.new_todo(), "Ctrl+T", "newTodoAction", "todo"),
        (
            "Record &Outreach Request…",
            lambda: people.record_outreach(),
            None,
            "outreachAction",
            "send",
        ),
        ("&Reminders…", people.edit_reminders, None, "remindersAction", "bell"),
        (
            "&Capture People Met…",
            lambda: people.capture_people(),
            "Ctrl+Shift+M",
            "capturePeopleAction",
            "add-person",
        ),
        ("New &Event…", window.new_event, None, "newEventAction", "events"),
    ]
    for text, slot, shortcut, name, icon in entries:
        menu.addAction(make_action(window, text, slot, shortcut, name, icon))
    menu.addSeparator()
    menu.addAction(window.duplicates.review_action)


def _help_menu(window: MainWindow) -> None:
    menu = window.menuBar().addMenu("&Help")
    menu.addAction(
        make_action(window, "&Getting Started", window.first_run.show, name="gettingStartedAction")
    )
    menu.addAction(
        make_action(
            window,
            "&Keyboard Shortcuts",
            lambda: window.show_dialog(shortcuts_box(window)),
            name="shortcutsAction",
        )
    )
    data_dir = window.services.paths.data_dir
    menu.addAction(
        make_action(
            window,
            f"&About {APP_NAME}",
            lambda: window.show_dialog(about_box(data_dir, window.windowIcon(), window)),
            name="aboutAction",
        )
    )
