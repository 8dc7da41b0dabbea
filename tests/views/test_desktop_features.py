"""First run, backups and restore, import and export from the window, settings pages
(appearance applied at once), remembered geometry, About, and accessible names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QSpinBox,
    QSplitter,
    QTableView,
    QWidget,
)

from netdesk.services.contacts.records import ContactRecord
from netdesk.views.appearance import (
    DARK,
    LIGHT,
    SETTING,
    SYSTEM,
    apply_theme,
    is_dark,
    style_name,
)
from netdesk.views.import_summary import ImportSummaryDialog
from netdesk.views.main_window import CONTACTS_PAGE, MainWindow
from netdesk.views.settings.dialog import SettingsDialog
from tests.helpers import HEADER_2023, write
from tests.views.windows import build_full_window

VCARD = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@example.org\nEND:VCARD\n"


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_window(qtbot, qapp, services, settings) -> MainWindow:
    window, tasks = build_full_window(qtbot, qapp, services, settings)
    window._test_tasks = tasks
    return window


@pytest.fixture
def desk(qtbot, qapp, services, settings):
    window = make_window(qtbot, qapp, services, settings)
    yield window
    window._test_tasks.wait(10_000)


@pytest.fixture
def system_theme_after(qapp):
    yield
    apply_theme(qapp, SYSTEM)


def drop(window, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    target = window.first_run.welcome.drop_zone if window.first_run.welcome is not None else window
    position = QPointF(target.mapTo(window, QPoint(30, 30)))
    enter = QDragEnterEvent(
        position.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        position,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    assert event.isAccepted()


# --- first run ----------------------------------------------------------------------


def test_first_run_welcome_adds_me_and_people_i_know(qtbot, desk, services) -> None:
    assert desk.first_run.show_if_empty()
    welcome = desk.first_run.welcome
    assert desk.central.currentWidget() is welcome and welcome.isVisible()
    steps = welcome.findChild(QWidget, "linkedinSteps").text()
    for words in (
        "Settings &amp; Privacy",
        "Get a copy of your data",
        "Basic",
        "Complete",
        "Connections.csv",
    ):
        assert words in steps
    qtbot.keyClicks(welcome.person_name, "Rosa Diaz")  # before "me": linked once I exist
    welcome.person_relation.setCurrentIndex(welcome.person_relation.findData("family"))
    qtbot.keyClick(welcome.person_name, Qt.Key.Key_Return)
    qtbot.keyClicks(welcome.my_name, "Sam Rivera")
    qtbot.keyClicks(welcome.my_role, "Student")
    qtbot.mouseClick(welcome.me_button, Qt.MouseButton.LeftButton)
    me = services.graph.me_contact_id()
    assert me is not None and services.contacts.get(me).role == "Student"
    assert "Sam Rivera is at the centre" in welcome.me_status.text()
    qtbot.keyClicks(welcome.person_name, "Mr. Okafor")
    welcome.person_relation.setCurrentIndex(welcome.person_relation.findData("teacher"))
    qtbot.mouseClick(welcome.findChild(QAbstractButton, "addKnown"), Qt.MouseButton.LeftButton)
    assert welcome.added.rowCount() == 2
    assert welcome.added.data(welcome.added.index(1, 0)) == "Mr. Okafor — Teacher"
    links = services.db.execute_sql(
        "SELECT count(*) FROM link WHERE from_contact_id = ?", (me,)
    ).fetchone()[0]
    assert links == 2
    rosa = next(
        r for r in services.contacts.records(welcome.added.ids()) if r.display_name == "Rosa Diaz"
    )
    assert (rosa.relation, rosa.closeness) == ("family", 5)
    assert rosa.last_interaction is None  # being added is not being in touch
    # Pressing "This is me" again updates me; it neither duplicates me nor the links.
    qtbot.mouseClick(welcome.me_button, Qt.MouseButton.LeftButton)
    counts = services.contacts.counts()
    assert (counts.listed, counts.people, counts.real) == (3, 2, 2)  # me: listed, not counted
    assert services.contacts.get(me).last_interaction is None
    assert welcome.start_button.text().startswith("Start using")
    qtbot.mouseClick(welcome.start_button, Qt.MouseButton.LeftButton)
    assert desk.central.currentIndex() == 0
    assert desk.current_page() == CONTACTS_PAGE
    qtbot.waitUntil(lambda: desk.contacts_page.model.rowCount() == 3)


def test_the_welcome_takes_a_drop_and_steps_aside(qtbot, desk, tmp_path) -> None:
    desk.first_run.show_if_empty()
    path = write(tmp_path / "Connections.csv", HEADER_2023 + "\nMia,Chen,,,Northwind,Lead,\n")
    with qtbot.waitSignal(desk.imports.finished, timeout=20_000):
        drop(desk, path)
    assert desk.central.currentIndex() == 0
    assert isinstance(desk.last_dialog, ImportSummaryDialog)


def test_the_welcome_opens_the_sample_network(qtbot, desk, services) -> None:
    desk.first_run.show_if_empty()
    with qtbot.waitSignal(desk.imports.finished, timeout=20_000):
        qtbot.mouseClick(
            desk.first_run.welcome.findChild(QAbstractButton, "welcomeSample"),
            Qt.MouseButton.LeftButton,
        )
    assert services.contacts.counts().people > 20
    assert desk.central.currentIndex() == 0
    summary = desk.last_dialog  # says what the sample is for, not "200 added, 0 updated"
    assert isinstance(summary, ImportSummaryDialog)
    assert summary.windowTitle() == "Sample network"
    assert "Informational interviews held and planned" in summary.findChild(QLabel, "counts").text()


def test_no_welcome_when_there_are_people(desk, services) -> None:
    services.contacts.save(ContactRecord(display_name="Someone"))
    assert not desk.first_run.show_if_empty()
    assert desk.first_run.welcome is None


# --- import and export from the window -------------------------------------------------


def test_dropping_a_vcard_imports_it_with_the_summary(qtbot, desk, services, tmp_path) -> None:
    with qtbot.waitSignal(desk.imports.finished, timeout=20_000) as done:
        drop(desk, write(tmp_path / "people.vcf", VCARD))
    assert done.args[0].added == 1
    assert services.contacts.counts().people == 1
    assert desk.imports.undo_action.isEnabled()


def test_a_bad_contacts_file_says_why_and_changes_nothing(qtbot, desk, services, tmp_path) -> None:
    with qtbot.waitSignal(desk.imports.failed, timeout=20_000) as failed:
        drop(desk, write(tmp_path / "notes.vcf", "no cards here"))
    assert "notes.vcf" in failed.args[0] and "no vCard" in failed.args[0]
    assert services.contacts.counts().people == 0


@pytest.mark.parametrize("kind, name", [("csv", "p.csv"), ("vcard", "p.vcf"), ("json", "p.json")])
def test_export_from_the_window(qtbot, desk, services, tmp_path, kind, name) -> None:
    services.contacts.save(ContactRecord(display_name="Ada Lovelace"))
    with qtbot.waitSignal(desk.exports.finished, timeout=20_000):
        desk.exports.export_to(tmp_path / name, kind)
    text = (tmp_path / name).read_text("utf-8-sig")
    assert "Ada Lovelace" in text
    if kind == "json":
        assert json.loads(text)["tables"]["contact"][0]["display_name"] == "Ada Lovelace"
    assert str(tmp_path / name) in desk.statusBar().currentMessage()


# --- backup and restore ----------------------------------------------------------------


def test_back_up_now_and_restore_with_confirmation(
    qtbot, desk, services, monkeypatch, answer_yes
) -> None:
    desk.show_page(CONTACTS_PAGE)
    services.contacts.save(ContactRecord(display_name="Before"))
    made = desk.backups.back_up_now()
    assert made is not None and made.path.exists()
    later = services.contacts.save(ContactRecord(display_name="After"))
    desk.contacts_page.reload()
    desk.contacts_page.select_contact(later.id)
    assert desk.contacts_page.editor.contact_id == later.id
    result = desk.backups.restore_backup(made.path)
    assert result is not None
    qtbot.waitUntil(lambda: desk.contacts_page.model.rowCount() == 1)  # every page hears it
    names = {
        desk.contacts_page.model.data(desk.contacts_page.model.index(r, 0))
        for r in range(desk.contacts_page.model.rowCount())
    }
    assert names == {"Before"}
    assert desk.contacts_page.editor.contact_id is None
    assert desk.undo_stack.count() == 0
    assert "Restored" in desk.statusBar().currentMessage()
    assert result.safety_copy.path.exists()


def test_restore_cancelled_changes_nothing(qtbot, desk, services, monkeypatch) -> None:
    services.contacts.save(ContactRecord(display_name="Before"))
    made = desk.backups.back_up_now()
    services.contacts.save(ContactRecord(display_name="After"))
    asked = []

    def cancel(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", staticmethod(cancel))
    assert desk.backups.restore_backup(made.path) is None
    assert "1 person" in asked[0] and "backed up first" in asked[0]
    assert services.contacts.counts().people == 2


def test_a_damaged_backup_is_refused_before_asking(qtbot, desk, services, tmp_path) -> None:
    services.contacts.save(ContactRecord(display_name="Still here"))
    bad = tmp_path / "broken.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert desk.backups.restore_backup(bad) is None
    box = desk.last_dialog
    assert isinstance(box, QMessageBox) and box.objectName() == "restoreError"
    assert "broken.sqlite3" in box.text()
    assert services.contacts.counts().people == 1


def test_daily_backup_at_start(qtbot, desk, services) -> None:
    desk.backups.back_up_if_due()
    qtbot.waitUntil(lambda: len(services.backups.backups()) == 1, timeout=10_000)
    assert services.backups.backups()[0].kind == "daily"


def test_backups_page(qtbot, desk, services, answer_yes) -> None:
    services.contacts.save(ContactRecord(display_name="Ada"))
    dialog = desk.mail.open_settings("Backups")
    assert isinstance(dialog, SettingsDialog)
    page = dialog.findChild(QWidget, "backupsPage")
    assert dialog.pages.currentWidget() is page
    page.keep.setValue(4)
    page.daily.setChecked(False)
    assert (services.backups.keep(), services.backups.daily()) == (4, False)
    qtbot.mouseClick(page.findChild(QAbstractButton, "backUpNow"), Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    services.contacts.save(ContactRecord(display_name="Grace"))
    page.list.setCurrentIndex(page.model.index(0, 0))
    assert page.restore_button.isEnabled()
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    assert services.contacts.counts().people == 1
    assert page.model.rowCount() == 2  # the copy made before the restore is listed


# --- settings: general, appearance -------------------------------------------------------


def test_general_page_shows_the_data_folder(desk, services) -> None:
    dialog = desk.mail.open_settings("General")
    page = dialog.findChild(QWidget, "generalPage")
    assert page.folder.text() == str(services.paths.data_dir)
    assert page.reminders.isEnabled()


def test_appearance_is_applied_at_once_and_remembered(
    qtbot, qapp, desk, settings, system_theme_after
) -> None:
    dialog = desk.mail.open_settings("Appearance")
    page = dialog.findChild(QWidget, "appearancePage")
    page.choose(DARK)
    assert is_dark(qapp.palette()) and style_name(qapp) == "fusion"
    qtbot.waitUntil(lambda: is_dark(desk.contacts_page.table.palette()), timeout=2000)
    assert settings.value(SETTING) == DARK
    page.choose(LIGHT)
    assert not is_dark(qapp.palette())
    assert settings.value(SETTING) == LIGHT
    page.choose(SYSTEM)
    assert settings.value(SETTING) == SYSTEM
    assert qapp.palette().color(QPalette.ColorRole.Window).isValid()


# --- geometry, about, shortcuts, accessibility -----------------------------------------


def test_window_geometry_and_splitters_are_remembered(qtbot, qapp, services, settings) -> None:
    first = make_window(qtbot, qapp, services, settings)
    # restoreGeometry keeps a window on its screen (offscreen: 800 x 800), so pick a size
    # the screen holds and the window's minimum allows.
    screen = first.screen().availableGeometry()
    assert first.minimumSizeHint().width() <= screen.width() - 8, "window wider than a screen"
    first.resize(screen.width() - 8, 560)
    wanted_size = first.size()
    first.show_page(CONTACTS_PAGE)
    splitter = first.contacts_page.splitter
    splitter.setSizes([300, 700])
    main = first.findChild(QSplitter, "mainSplitter")
    main.setSizes([180, 900])
    wanted_main = main.sizes()
    wanted = splitter.sizes()  # after the page list took its width from the page
    first.close()
    first._test_tasks.wait(10_000)
    second = make_window(qtbot, qapp, services, settings)
    assert second.size() == wanted_size
    second.show_page(CONTACTS_PAGE)
    assert second.contacts_page.splitter.sizes() == wanted
    assert second.findChild(QSplitter, "mainSplitter").sizes() == wanted_main
    second._test_tasks.wait(10_000)


def test_about_shows_the_version_and_the_data_folder(desk, services) -> None:
    from netdesk import __version__

    desk.findChild(QAction, "aboutAction").trigger()
    box = desk.last_dialog
    assert isinstance(box, QMessageBox) and box.objectName() == "aboutBox"
    assert __version__ in box.text() and str(services.paths.data_dir) in box.text()
    assert not box.iconPixmap().isNull()


def test_shortcuts_list_every_menu_shortcut(desk) -> None:
    desk.findChild(QAction, "shortcutsAction").trigger()
    text = desk.last_dialog.text()
    for action in desk.findChildren(QAction):
        key = action.shortcut().toString()
        if key and action.objectName() not in ("", "qt_undo_action"):
            assert key.replace("Del", "Delete") in text or key in text, (action.text(), key)


def _unnamed(root: QWidget) -> list[str]:
    """Controls a screen reader could not name: no text, no accessible name, no label."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton):
            named = widget.text().strip() or widget.accessibleName()
        elif isinstance(widget, QLineEdit | QComboBox | QSpinBox | QListView | QTableView):
            if isinstance(widget.parent(), QComboBox | QSpinBox):
                continue  # the editor inside a combo box or spin box
            named = widget.accessibleName()
        else:
            continue
        if not named:
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_accessible_names_on_the_welcome_and_settings_pages(qtbot, desk) -> None:
    welcome = desk.first_run.show()
    assert _unnamed(welcome) == []
    dialog = desk.mail.open_settings("General")
    for title in ("General", "Appearance", "Backups"):
        dialog.show_page(title)
        assert _unnamed(dialog.pages.currentWidget()) == [], title


def test_models_pass_qtmodeltester(qtmodeltester, services) -> None:
    from netdesk.views.models.backup_models import BackupListModel
    from netdesk.views.welcome.added_people_model import AddedPeopleModel

    services.backups.back_up()
    services.backups.back_up("daily")
    backups = BackupListModel()
    backups.set_backups(services.backups.backups())
    qtmodeltester.check(backups)
    added = AddedPeopleModel()
    added.add(1, "Rosa Diaz", "family")
    added.add(2, "Mr. Okafor", "teacher")
    qtmodeltester.check(added)


def test_a_person_added_by_mistake_on_the_welcome_screen_can_be_removed(
    qtbot, desk, services
) -> None:
    assert desk.first_run.show_if_empty()
    welcome = desk.first_run.welcome
    for name in ("Rosa Diaz", "Rosa Dias"):  # the second is a typo
        qtbot.keyClicks(welcome.person_name, name)
        qtbot.keyClick(welcome.person_name, Qt.Key.Key_Return)
    assert not welcome.remove_button.isEnabled()  # nothing selected yet
    welcome.people_list.setCurrentIndex(welcome.added.index(1, 0))
    welcome.people_list.setFocus()
    qtbot.keyClick(welcome.people_list, Qt.Key.Key_Delete)
    assert [r.display_name for r in services.contacts.records(welcome.added.ids())] == ["Rosa Diaz"]
    assert services.contacts.counts().listed == 1
    assert welcome.removed_status.text() == "Removed Rosa Dias."
    qtbot.mouseClick(welcome.undo_remove, Qt.MouseButton.LeftButton)  # it was right after all
    assert services.contacts.counts().listed == 2 and welcome.added.rowCount() == 2
    assert not welcome.undo_remove.isVisible()
    welcome.people_list.setCurrentIndex(welcome.added.index(0, 0))
    qtbot.mouseClick(welcome.remove_button, Qt.MouseButton.LeftButton)
    assert welcome.added.data(welcome.added.index(0, 0)) == "Rosa Dias — Family"
