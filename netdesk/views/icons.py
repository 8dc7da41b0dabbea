"""NetDesk's own line icons (resources/icons/actions/*.svg), drawn in the palette's colours.

Each SVG strokes with ``currentColor``; ``icon()`` renders it in the palette's button-text
colour (the Disabled group's for a disabled button, highlighted text for a selected row),
so one set serves the light and the dark theme. Buttons and actions use the application's
palette: the themes set that one. ``set_icon()`` also remembers the icon's
name on the button or action, and ``refresh_icons()`` (called when the theme changes)
draws every remembered icon again in the new colours.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QWidget

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons" / "actions"
SIZES = (16, 20)  # logical sizes drawn (buttons and menus, the page list); 1x and 2x
PROPERTY = "netdeskIcon"  # the icon's name, kept on the button or action that shows it

_svg: dict[str, str] = {}
_icons: dict[tuple[str, str, str, str | None], QIcon] = {}


def names() -> list[str]:
    """Every icon in the set."""
    return sorted(path.stem for path in ICON_DIR.glob("*.svg"))


def _source(name: str) -> str:
    if name not in _svg:
        path = ICON_DIR / f"{name}.svg"
        if not path.is_file():
            raise KeyError(f"no icon named {name!r} in {ICON_DIR}")
        _svg[name] = path.read_text(encoding="utf-8")
    return _svg[name]


def _palette(source: QWidget | QPalette | None) -> QPalette:
    if isinstance(source, QPalette):
        return source
    if isinstance(source, QWidget):
        return source.palette()
    return QGuiApplication.palette()


def _pixmaps(name: str, colour: QColor) -> list[QPixmap]:
    """The icon in one colour at every size, from one parse of the SVG."""
    svg = _source(name).replace("currentColor", colour.name())
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    pixmaps = []
    for size in SIZES:
        for scale in (1, 2):
            pixmap = QPixmap(size * scale, size * scale)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, size * scale, size * scale))
            painter.end()
            pixmap.setDevicePixelRatio(scale)
            pixmaps.append(pixmap)
    return pixmaps


def icon(
    name: str, widget_or_palette: QWidget | QPalette | None = None, selectable: bool = False
) -> QIcon:
    """The icon *name* in the colours of a widget's palette (or the application's).
    *selectable* icons (in a list's rows) also get the highlighted-text colour for a
    selected row; buttons and menus never ask for it, so it is not drawn for them."""
    if QGuiApplication.instance() is None:
        return QIcon()  # nothing can show it, and a pixmap without an application aborts
    palette = _palette(widget_or_palette)
    role = QPalette.ColorRole.ButtonText
    normal = palette.color(QPalette.ColorGroup.Active, role)
    disabled = palette.color(QPalette.ColorGroup.Disabled, role)
    modes = [
        (QIcon.Mode.Normal, normal),
        (QIcon.Mode.Active, normal),  # a focused button, a menu row under the mouse
        (QIcon.Mode.Disabled, disabled),
    ]
    selected = None
    if selectable:
        selected = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
        modes.append((QIcon.Mode.Selected, selected))
    key = (name, normal.name(), disabled.name(), selected.name() if selected else None)
    cached = _icons.get(key)
    if cached is not None:
        return cached
    result = QIcon()
    drawn: dict[str, list[QPixmap]] = {}
    for mode, colour in modes:
        if colour.name() not in drawn:
            drawn[colour.name()] = _pixmaps(name, colour)
        for pixmap in drawn[colour.name()]:
            result.addPixmap(pixmap, mode)
    _icons[key] = result
    return result


def set_icon(target: QAbstractButton | QAction, name: str) -> None:
    """Show icon *name* on a button or action, and keep it in the theme's colours."""
    target.setProperty(PROPERTY, name)
    target.setIcon(icon(name))
    if isinstance(target, QAbstractButton) and target.iconSize().width() < 16:
        target.setIconSize(QSize(16, 16))


def refresh_icons(roots: Iterable[QWidget]) -> None:
    """Draw every icon placed with set_icon() on *roots* and everything inside them
    again, in the application's palette now in use (after a theme change; the widgets'
    own palettes follow a moment later, when the event loop delivers the change)."""
    for root in roots:
        for button in [root, *root.findChildren(QAbstractButton)]:
            name = button.property(PROPERTY)
            if name and isinstance(button, QAbstractButton):
                button.setIcon(icon(name))
        for action in root.findChildren(QAction):
            name = action.property(PROPERTY)
            if name:
                action.setIcon(icon(name))
