"""Settings → Appearance: light or dark, applied at once."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QGroupBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.views.appearance import SETTING, THEMES, apply_theme, saved_theme
from netdesk.views.settings.common import muted


class AppearancePage(QWidget):
    """Light, dark or the system's look: applied to every window at once, remembered."""

    def __init__(self, settings: QSettings | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appearancePage")
        self._settings = settings
        self.choices = QButtonGroup(self)
        box = QGroupBox("Appearance")
        column = QVBoxLayout(box)
        current = saved_theme(settings)
        for key, label in THEMES.items():
            button = QRadioButton(label)
            button.setObjectName(f"theme_{key}")
            button.setProperty("theme", key)
            button.setChecked(key == current)
            self.choices.addButton(button)
            column.addWidget(button)
        column.addWidget(
            muted(
                "Light and Dark use Qt's Fusion style on every system; “Same as the system” "
                "follows your desktop's own style and colours."
            )
        )
        self.choices.buttonToggled.connect(self._on_choices_toggled)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addStretch(1)

    def theme(self) -> str:
        checked = self.choices.checkedButton()
        return str(checked.property("theme")) if checked else saved_theme(self._settings)

    def choose(self, theme: str) -> None:
        for button in self.choices.buttons():
            if button.property("theme") == theme:
                button.setChecked(True)

    def _on_choices_toggled(self, button, checked: bool) -> None:
        if not checked:
            return
        theme = str(button.property("theme"))
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        if self._settings is not None:
            self._settings.setValue(SETTING, theme)

    def save(self) -> bool:
        return True
