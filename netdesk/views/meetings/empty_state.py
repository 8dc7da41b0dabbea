"""What the meeting editor shows when no meeting is open: what to do next.

A part of `MeetingEditor` (see editor.py), which puts `_build_placeholder()` first in its
stack and provides the `new_requested` signal.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from netdesk.views.empty_state import MUTED
from netdesk.views.icons import set_icon


class NoMeetingOpen:
    """The empty state of `MeetingEditor`: a mixin."""

    def _build_placeholder(self) -> QWidget:
        """What shows when no meeting is open: what to do next."""
        self.empty_title = QLabel()
        self.empty_title.setObjectName("meetingsEmptyTitle")
        self.empty_title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text = QLabel()
        self.empty_text.setObjectName("meetingsEmptyText")
        self.empty_text.setStyleSheet(MUTED + " font-size: 11pt;")
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setWordWrap(True)
        self.empty_new = QPushButton("Plan a meeting…")
        self.empty_new.setObjectName("meetingsEmptyNew")
        self.empty_new.setToolTip("Plan a new meeting (Ctrl+Shift+N)")
        set_icon(self.empty_new, "new-meeting")
        self.empty_new.clicked.connect(lambda _checked=False: self.new_requested.emit())
        column = QWidget()  # a readable line length, centred
        column.setMaximumWidth(540)
        box = QVBoxLayout(column)
        box.setSpacing(10)
        box.addWidget(self.empty_title)
        box.addWidget(self.empty_text)
        box.addSpacing(6)
        box.addWidget(self.empty_new, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 10)
        row.addStretch(1)
        placeholder = QWidget()
        placeholder.setObjectName("meetingsEmpty")
        outer = QVBoxLayout(placeholder)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.set_empty_state(has_meetings=True)
        return placeholder

    def set_empty_state(self, has_meetings: bool, search: str = "") -> None:
        """Say what to do when no meeting is open: plan the first one, pick one, or
        search for something else."""
        if search and not has_meetings:
            title = f"No meeting mentions “{search}”"
            text = "Search looks in titles, people, notes and answers. Try another word."
        elif has_meetings:
            title = "No meeting open"
            text = "Pick a meeting on the left, or plan a new one (Ctrl+Shift+N)."
        else:
            title = "No meetings yet"
            text = (
                "An informational interview is a short conversation to learn how someone "
                "got where they are. Plan one: prepare questions from the bank, take notes "
                "while you talk, and NetDesk drafts the thank-you afterwards."
            )
        self.empty_title.setText(title)
        self.empty_text.setText(text)
