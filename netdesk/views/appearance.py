"""Light and dark appearance: Qt's Fusion style with a light or a dark palette, or the
system's own style. Applied to the whole application at once; remembered in QSettings."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from netdesk.views.icons import refresh_icons

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = {SYSTEM: "Same as the system", LIGHT: "Light", DARK: "Dark"}
SETTING = "appearance/theme"

# What the application looked like before any theme: "system" goes back to it.
_original: dict[str, object] = {}


def saved_theme(settings: QSettings | None) -> str:
    value = settings.value(SETTING, SYSTEM) if settings is not None else SYSTEM
    return value if value in THEMES else SYSTEM


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2d31",
        QPalette.ColorRole.WindowText: "#e8e8ea",
        QPalette.ColorRole.Base: "#1e1f22",
        QPalette.ColorRole.AlternateBase: "#26282c",
        QPalette.ColorRole.ToolTipBase: "#1e1f22",
        QPalette.ColorRole.ToolTipText: "#e8e8ea",
        QPalette.ColorRole.PlaceholderText: "#8c8f96",
        QPalette.ColorRole.Text: "#e8e8ea",
        QPalette.ColorRole.Button: "#33363b",
        QPalette.ColorRole.ButtonText: "#e8e8ea",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Light: "#45484e",
        QPalette.ColorRole.Midlight: "#3a3d42",
        QPalette.ColorRole.Mid: "#2f3136",
        QPalette.ColorRole.Dark: "#18191c",
        QPalette.ColorRole.Shadow: "#0d0e10",
        QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7ab4ff",
        QPalette.ColorRole.LinkVisited: "#b99cff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, QColor("#7a7d84"))
    palette.setColor(disabled, QPalette.ColorRole.Highlight, QColor("#44474d"))
    return palette


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return style.standardPalette()


def apply_theme(app: QApplication, theme: str) -> None:
    """Switch the whole application to *theme* (SYSTEM, LIGHT or DARK) right away."""
    if not _original:
        _original["style"] = app.style().name()
        _original["palette"] = QPalette(app.palette())
    if theme == SYSTEM:
        app.setStyle(str(_original["style"]))
        app.setPalette(QPalette(_original["palette"]))  # type: ignore[arg-type]
    else:
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if theme == DARK else light_palette())
    app.setProperty("netdeskTheme", theme)
    # A widget with a style sheet keeps the palette it had when the sheet was applied
    # (and palette(...) colours resolved then): apply each sheet again.
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet(sheet)
    refresh_icons(app.topLevelWidgets())  # drawn in the new palette's colours


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
