"""Colours that mean something (errors, successes, nudges) stay readable in both themes,
and the standard dialog buttons carry no picture drawn black on the dark theme."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QStyle, QWidget

from netdesk.views.appearance import (
    DARK,
    LIGHT,
    SYSTEM,
    TONES,
    apply_theme,
    dark_palette,
    light_palette,
    retone,
    style_name,
    tone,
    tone_sheet,
)


def contrast(a: QColor, b: QColor) -> float:
    def luminance(colour: QColor) -> float:
        channels = []
        for value in (colour.redF(), colour.greenF(), colour.blueF()):
            channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def system_theme_after(qapp):
    yield
    apply_theme(qapp, SYSTEM)


@pytest.mark.parametrize("name", ["error", "good", "warning", "nudge", "overdue", "accent"])
def test_message_colours_are_readable_on_both_themes(qapp, name) -> None:
    for palette in (light_palette(), dark_palette()):
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            assert contrast(tone(name, palette), palette.color(role)) >= 4.2, (name, role)
    # The light theme's colour was the one used everywhere, and is unreadable on dark.
    dark_window = dark_palette().color(QPalette.ColorRole.Window)
    assert contrast(QColor(TONES[name][0]), dark_window) < 3


def test_a_label_made_in_the_dark_follows_the_theme_both_ways(qtbot, qapp, system_theme_after):
    apply_theme(qapp, DARK)
    label = QLabel("Something went wrong")
    qtbot.addWidget(label)
    label.setStyleSheet(tone_sheet("error", label))
    assert TONES["error"][1] in label.styleSheet()
    apply_theme(qapp, LIGHT)
    assert TONES["error"][0] in label.styleSheet()
    apply_theme(qapp, DARK)
    assert TONES["error"][1] in label.styleSheet()


def test_retone_swaps_only_meaningful_colours() -> None:
    sheet = "color: #c0392b; border: 1px solid #123456;"
    assert retone(sheet, dark=True) == "color: #ff8a80; border: 1px solid #123456;"
    assert retone(retone(sheet, dark=True), dark=False) == sheet


def test_dialog_buttons_are_text_only_in_the_light_and_dark_themes(
    qtbot, qapp, system_theme_after
) -> None:
    pixmap = QStyle.StandardPixmap
    close, save, warning = (
        pixmap.SP_DialogCloseButton,
        pixmap.SP_DialogSaveButton,
        pixmap.SP_MessageBoxWarning,
    )
    for theme in (LIGHT, DARK):
        apply_theme(qapp, theme)
        assert style_name(qapp) == "fusion"
        style = qapp.style()
        assert style.standardIcon(close).isNull() and style.standardIcon(save).isNull()
        assert not style.standardIcon(warning).isNull()  # a message box keeps its sign
        parent = QWidget()
        qtbot.addWidget(parent)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, parent
        )
        assert all(button.icon().isNull() for button in box.buttons()), theme
