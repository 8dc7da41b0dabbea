"""The welcome screen: on a first run, or from Help → Getting Started, it takes the whole
window until the user has added someone, imported, or closed it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from netdesk.views.welcome.page import WelcomePage
from netdesk.views.window.navigation import CONTACTS_PAGE

if TYPE_CHECKING:
    from netdesk.app import Services
    from netdesk.views.main_window import MainWindow


class FirstRun(QObject):
    def __init__(self, window: MainWindow, services: Services) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self.welcome: WelcomePage | None = None  # built when first shown

    def show_if_empty(self) -> bool:
        """The welcome screen on a first run (nobody in the database yet)."""
        if self._services.contacts.counts().listed == 0:  # "me" alone is someone already
            self.show()
            return True
        return False

    def show(self) -> WelcomePage:
        window = self._window
        if self.welcome is None:
            self.welcome = WelcomePage(self._services.contacts, self._services.graph, window)
            self.welcome.import_requested.connect(window.imports.choose_file)
            self.welcome.sample_requested.connect(window.imports.load_sample_network)
            self.welcome.people_added.connect(window.mail.profile_changed)
            self.welcome.finished.connect(self.hide)
            window.imports.finished.connect(self._on_import_finished)
            window.central.addWidget(self.welcome)
        window.central.setCurrentWidget(self.welcome)
        self.welcome.my_name.setFocus()
        return self.welcome

    def _on_import_finished(self, _summary) -> None:
        self.hide()

    def hide(self) -> None:
        window = self._window
        if self.welcome is None or window.central.currentWidget() is not self.welcome:
            return
        window.central.setCurrentIndex(0)
        if self.welcome.added.rowCount() or self.welcome.me_id is not None:
            window.show_page(CONTACTS_PAGE)  # the people just added, right there
