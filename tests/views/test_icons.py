"""NetDesk's own line icons: every name the code uses exists and draws, in light and dark,
the main actions carry one, and a theme change draws them again in the new colours."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPalette
from PySide6.QtWidgets import QAbstractButton, QMenu

from netdesk.services.contacts.records import ContactFilter, Scope
from netdesk.views import icons
from netdesk.views.appearance import DARK, LIGHT, SYSTEM, apply_theme, dark_palette, light_palette
from netdesk.views.main_window import PageListModel
from tests.views.windows import build_full_window, settle

VIEWS = Path(icons.__file__).resolve().parent
# Helpers that take an icon name at a fixed position (or as icon=...).
ICON_ARGUMENT = {
    "set_icon": 1,
    "icon": 0,
    "_button": 4,
    "_menu_button": 3,
    "_action": 4,
    "_detail_button": 3,
}


def icon_names_in_code() -> dict[str, str]:
    """Every icon name written in netdesk/views, with where it is written."""
    found: dict[str, str] = {}
    for path in VIEWS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            values = [k.value for k in node.keywords if k.arg == "icon"]
            position = ICON_ARGUMENT.get(name)
            if position is not None and len(node.args) > position:
                values.append(node.args[position])
            for value in values:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found[value.value] = f"{path.name}:{node.lineno}"
    return found


def ink(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal, size: int = 24) -> QColor:
    """The colour of the most opaque pixel: the stroke's colour."""
    image = icon.pixmap(QSize(size, size), mode).toImage()
    best = QColor(0, 0, 0, 0)
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.alpha() > best.alpha():
                best = colour
    assert best.alpha() > 200, "the icon drew nothing"
    return best


def near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def test_every_icon_named_in_the_code_exists_and_draws_in_light_and_dark(qapp) -> None:
    used = icon_names_in_code()
    used.update({title.lower(): "PageListModel" for title in ("Today", "Contacts", "Map")})
    used["meetings"] = "PageListModel"
    assert len(used) >= 20, used  # the scan found the calls
    missing = {name: where for name, where in used.items() if name not in icons.names()}
    assert missing == {}
    for palette in (light_palette(), dark_palette()):
        text = palette.color(QPalette.ColorRole.ButtonText)
        for name in used:
            drawn = icons.icon(name, palette)
            assert not drawn.isNull()
            for size in (16, 20, 32):
                assert not drawn.pixmap(QSize(size, size)).isNull()
            assert near(ink(drawn), text), name


def test_the_application_icon_is_found_wherever_it_is_shown() -> None:
    from netdesk.views import main_window
    from netdesk.views.welcome import page as welcome

    assert main_window.APP_ICON.is_file() and welcome.ICON.is_file()


def test_an_unknown_icon_is_an_error_not_a_blank(qapp) -> None:
    with pytest.raises(KeyError):
        icons.icon("no-such-icon")


def test_icons_take_the_palettes_colours_for_each_state(qapp) -> None:
    for palette in (light_palette(), dark_palette()):
        drawn = icons.icon("check", palette, selectable=True)
        assert near(ink(drawn), palette.color(QPalette.ColorRole.ButtonText))
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        assert near(ink(drawn, QIcon.Mode.Disabled), disabled)
        selected = palette.color(QPalette.ColorRole.HighlightedText)
        assert near(ink(drawn, QIcon.Mode.Selected), selected)
    assert icons.icon("check", light_palette()) is icons.icon("check", light_palette())


def test_every_icon_file_is_a_line_icon_drawn_in_the_current_colour() -> None:
    for name in icons.names():
        svg = (icons.ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
        assert 'viewBox="0 0 24 24"' in svg, name
        assert 'stroke="currentColor"' in svg, name
        assert "#" not in svg, f"{name} names a fixed colour"


@pytest.fixture
def full_window(qtbot, qapp, services):
    window, tasks = build_full_window(qtbot, qapp, services)
    services.imports.import_sample_network()
    settle()
    yield window
    apply_theme(qapp, SYSTEM)
    tasks.wait(10_000)


def test_navigation_main_buttons_and_menus_have_icons(qtbot, full_window, services) -> None:
    window = full_window
    model = window.navigation.model()
    assert isinstance(model, PageListModel)
    for row in range(model.rowCount()):
        decoration = model.data(model.index(row, 0), Qt.ItemDataRole.DecorationRole)
        assert isinstance(decoration, QIcon) and not decoration.isNull()
        highlighted = window.navigation.palette().color(QPalette.ColorRole.HighlightedText)
        assert near(ink(decoration, QIcon.Mode.Selected), highlighted)  # on the highlight

    today = window.today_page
    meetings = window.meetings_page
    editor = window.contacts_page.editor
    buttons: list[QAbstractButton] = [
        today.new_todo_button,
        today.log_button,
        today.outreach_button,
        today.reminders_button,
        today.todo_done,
        today.todo_snooze,
        today.todo_email,
        today.lapsed_email,
        meetings.new_button,
        meetings.bank_button,
        meetings.editor.add_questions,
        meetings.editor.calendar_button,
        meetings.editor.thank_you_button,
        meetings.editor.referral_button,
        meetings.editor.empty_new,
        editor.write_email,
        editor.plan_meeting,
        editor.delete_button,
    ]
    (someone, *_rest) = services.contacts.query_ids(ContactFilter(scope=Scope.REAL))
    draft = window.mail.write_email(someone)  # deletes itself on close
    buttons += [draft.send_button, draft.drafts_button, draft.open_button]
    assert [b.text() for b in buttons if b.icon().isNull()] == []

    for name in (
        "importAction",
        "newMeetingAction",
        "questionBankAction",
        "newAction",
        "logAction",
        "settingsAction",
        "deleteAction",
    ):
        action = window.findChild(QAction, name)
        assert action is not None and not action.icon().isNull(), name
    assert not window.findChild(QMenu, "exportMenu").menuAction().icon().isNull()
    undo = next(a for a in window.findChildren(QAction) if a.text() == "&Undo")
    assert not undo.icon().isNull()
    draft.close()


def test_switching_the_theme_draws_the_icons_again_in_its_colours(qtbot, qapp, full_window) -> None:
    window = full_window
    button = window.meetings_page.new_button
    action = window.findChild(QAction, "newMeetingAction")
    model = window.navigation.model()

    def colours() -> list[QColor]:
        decoration = model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole)
        return [ink(button.icon(), size=16), ink(action.icon(), size=16), ink(decoration)]

    apply_theme(qapp, LIGHT)
    light_text = qapp.palette().color(QPalette.ColorRole.ButtonText)
    in_light = colours()
    assert all(near(colour, light_text) for colour in in_light)
    apply_theme(qapp, DARK)
    dark_text = qapp.palette().color(QPalette.ColorRole.ButtonText)
    in_dark = colours()
    assert all(near(colour, dark_text) for colour in in_dark)
    assert all(not near(a, b) for a, b in zip(in_light, in_dark, strict=True))
    apply_theme(qapp, LIGHT)
    assert all(near(colour, light_text) for colour in colours())


def test_no_icon_is_drawn_without_an_application() -> None:
    """A model asked for its decoration before any QApplication exists (a script, a
    test) gets no icon instead of Qt aborting the process over a pixmap."""
    import subprocess
    import sys

    code = (
        "from netdesk.views.main_window import PageListModel\n"
        "from PySide6.QtCore import Qt\n"
        "m = PageListModel(['Today'])\n"
        "print(m.data(m.index(0, 0), Qt.ItemDataRole.DecorationRole).isNull())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
