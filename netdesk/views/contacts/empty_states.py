"""What the Contacts page shows instead of its list: the welcome for an empty network,
and "no one matches" with a way to clear the filters.

A mixin of `ContactsPage`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netdesk.views.icons import set_icon


class EmptyStatesMixin:
    """Builds the two pages the list gives way to; their buttons reach the page's signals."""

    def _build_empty_state(self) -> QWidget:
        page = QWidget()
        page.setObjectName("emptyState")
        title = QLabel("Your network starts here")
        title.setStyleSheet("font-size: 18pt; font-weight: 600;")
        text = QLabel(
            "You know more people than you think: family, friends, teachers, classmates, "
            "colleagues, neighbours.<br><br>"
            "<b>Bring in your LinkedIn connections:</b> on LinkedIn open <i>Settings &amp; "
            "Privacy → Data privacy → Get a copy of your data</i>, choose "
            "<i>Connections</i> (or the larger archive), and when the email arrives drop the "
            "downloaded <b>.zip</b> or its <b>Connections.csv</b> anywhere on this window."
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setMaximumWidth(560)
        import_button = QPushButton("Import LinkedIn export…")
        import_button.setObjectName("emptyImport")
        set_icon(import_button, "import")
        import_button.clicked.connect(self.import_requested)
        add_button = QPushButton("Add a person")
        set_icon(add_button, "add-person")
        add_button.clicked.connect(self.new_contact)
        sample_button = QPushButton("Explore a sample network")
        sample_button.setObjectName("emptySample")
        set_icon(sample_button, "map")
        sample_button.clicked.connect(self.sample_requested)
        buttons = QHBoxLayout()
        for button in (import_button, add_button, sample_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(title)
        column.addSpacing(8)
        column.addWidget(text)
        column.addSpacing(16)
        column.addLayout(buttons)
        column.addStretch(2)
        outer = QHBoxLayout(page)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)
        return page

    def _build_no_match_state(self) -> QWidget:
        page = QWidget()
        self.no_match_label = QLabel()
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.setStyleSheet("font-size: 12pt;")
        clear = QPushButton("Clear search and filters")
        clear.clicked.connect(self.clear_filters)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.no_match_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(clear)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page
