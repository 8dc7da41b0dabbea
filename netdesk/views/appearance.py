"""Light and dark appearance: Qt's Fusion style with a light or a dark palette, or the
system's own style. Applied to the whole application at once; remembered in QSettings."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QWidget

from netdesk.views.icons import refresh_icons

SYSTEM, LIGHT, DARK = "system", "light", "dark"
THEMES = {SYSTEM: "Same as the system", LIGHT: "Light", DARK: "Dark"}
SETTING = "appearance/theme"

# What the application looked like before any theme: "system" goes back to it.
_original: dict[str, object] = {}

# Colours that mean something (an error, a success, a nudge), as (light theme, dark
# theme): the light ones are too dark to read on the dark window (#c0392b on #2b2d31 has
# a contrast of 2.5:1; its twin #ff8a80 has 6:1), the dark ones too pale on white.
TONES = {
    "error": ("#c0392b", "#ff8a80"),
    "good": ("#1e7b45", "#6fd39b"),
    "warning": ("#9a6700", "#e8b64c"),
    "nudge": ("#8a5a00", "#e8a95a"),
    "overdue": ("#b03a2e", "#ff9b8f"),
    "give": ("#2e7d4f", "#7ddba6"),
    "ask": ("#9a5b13", "#eeb26a"),
    "past": ("#777777", "#8c8f96"),  # a meeting already held
    "track": ("#dcdcdc", "#45484e"),  # the empty part of a bar
    "accent": ("#1d4f91", "#8cbcff"),  # the drop overlay's words
}


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


# Darkened by Fusion (x 1/1.4) into a box outline that reads on the dark lists.
INDICATOR_OUTLINE_BASE = "#9a9da4"

# Qt's own pictures on OK, Cancel, Save, Close...: drawn black whatever the palette (a
# black cross on the dark theme's grey), and unlike NetDesk's line icons.
_DIALOG_BUTTON_ICONS = {
    QStyle.StandardPixmap.SP_DialogOkButton,
    QStyle.StandardPixmap.SP_DialogCancelButton,
    QStyle.StandardPixmap.SP_DialogHelpButton,
    QStyle.StandardPixmap.SP_DialogOpenButton,
    QStyle.StandardPixmap.SP_DialogSaveButton,
    QStyle.StandardPixmap.SP_DialogCloseButton,
    QStyle.StandardPixmap.SP_DialogApplyButton,
    QStyle.StandardPixmap.SP_DialogResetButton,
    QStyle.StandardPixmap.SP_DialogDiscardButton,
    QStyle.StandardPixmap.SP_DialogYesButton,
    QStyle.StandardPixmap.SP_DialogNoButton,
    QStyle.StandardPixmap.SP_DialogAbortButton,
    QStyle.StandardPixmap.SP_DialogRetryButton,
    QStyle.StandardPixmap.SP_DialogIgnoreButton,
    QStyle.StandardPixmap.SP_DialogSaveAllButton,
    QStyle.StandardPixmap.SP_DialogYesToAllButton,
    QStyle.StandardPixmap.SP_DialogNoToAllButton,
}


_INDICATORS = {
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,  # also the ticks in lists (to-dos)
    QStyle.PrimitiveElement.PE_IndicatorRadioButton,
}


class FusionStyle(QProxyStyle):
    """Fusion with text-only standard dialog buttons (as on Windows, macOS and GNOME) and,
    on the dark palette, check boxes that can be seen in lists: the light and dark themes'
    style."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def standardIcon(self, standard_icon, option=None, widget=None) -> QIcon:
        if standard_icon in _DIALOG_BUTTON_ICONS:
            return QIcon()
        return super().standardIcon(standard_icon, option, widget)

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        if element in _INDICATORS and is_dark(option.palette):
            # Fusion outlines a box in the window colour darkened, which on the dark
            # palette is the list's own background: the to-do ticks were invisible.
            option = type(option)(option)
            palette = QPalette(option.palette)
            palette.setColor(QPalette.ColorRole.Window, QColor(INDICATOR_OUTLINE_BASE))
            option.palette = palette
        super().drawPrimitive(element, option, painter, widget)


def style_name(app: QApplication) -> str:
    """The style in use ("fusion", "windows", ...), seen through FusionStyle."""
    style = app.style()
    return (style.baseStyle() if isinstance(style, QProxyStyle) else style).name().lower()


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    return style.standardPalette()


def apply_theme(app: QApplication, theme: str) -> None:
    """Switch the whole application to *theme* (SYSTEM, LIGHT or DARK) right away."""
    if not _original:
        _original["style"] = style_name(app)
        _original["palette"] = QPalette(app.palette())
    if theme == SYSTEM:
        app.setStyle(str(_original["style"]))
        app.setPalette(QPalette(_original["palette"]))  # type: ignore[arg-type]
    else:
        app.setStyle(FusionStyle())
        app.setPalette(dark_palette() if theme == DARK else light_palette())
    app.setProperty("netdeskTheme", theme)
    # A widget with a style sheet keeps the palette it had when the sheet was applied
    # (and palette(...) colours resolved then): apply each sheet again.
    _retone_sheets(is_dark(app.palette()))
    refresh_icons(app.topLevelWidgets())  # drawn in the new palette's colours


def _retone_sheets(dark: bool) -> None:
    """Apply NetDesk's style sheets again in the theme's colours. Only widgets NetDesk
    made (the only ones given a sheet), found among the wrappers that exist: walking
    app.allWidgets() would wrap Qt's own inner widgets too, and a wrapper of one Qt
    deletes later can be handed back for a new object at the same address (a crash).
    A widget deleted meanwhile (a new sheet can rebuild another's parts) is skipped."""
    mine = [
        item for item in shiboken6.getAllValidWrappers()
        if isinstance(item, QWidget) and shiboken6.createdByPython(item)
    ]  # fmt: skip
    for widget in mine:
        if shiboken6.isValid(widget) and (sheet := widget.styleSheet()):
            widget.setStyleSheet(retone(sheet, dark))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def tone(name: str, widget_or_palette: QWidget | QPalette | None = None) -> QColor:
    """The colour meaning *name* ("error", "good", ...) that reads well on this palette
    (a widget's, or the application's)."""
    if isinstance(widget_or_palette, QWidget):
        palette = widget_or_palette.palette()
    elif isinstance(widget_or_palette, QPalette):
        palette = widget_or_palette
    else:
        palette = QGuiApplication.palette()
    light, dark = TONES[name]
    return QColor(dark if is_dark(palette) else light)


def tone_sheet(name: str, widget: QWidget | None = None, extra: str = "") -> str:
    """A style sheet for text in the colour *name*; apply_theme() keeps it readable when
    the theme changes."""
    return f"color: {tone(name, widget).name()};" + (f" {extra}" if extra else "")


def retone(sheet: str, dark: bool) -> str:
    """*sheet* with each meaningful colour swapped for its twin in the other theme."""
    for light_colour, dark_colour in TONES.values():
        old, new = (light_colour, dark_colour) if dark else (dark_colour, light_colour)
        sheet = sheet.replace(old, new).replace(old.upper(), new)
    return sheet
