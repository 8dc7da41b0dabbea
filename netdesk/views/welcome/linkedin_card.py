"""Step 3 of the welcome screen: how to get the LinkedIn export and where to drop it, or
a sample network to explore first."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from netdesk.views.welcome.card import Card, rich_text
from netdesk.views.welcome.drop_zone import DropZone

LINKEDIN_STEPS = (
    "On LinkedIn, click <b>Me</b> (your photo) → <b>Settings &amp; Privacy</b>.",
    "Open <b>Data privacy</b> → <b>Get a copy of your data</b>.",
    "Choose what to download. The <b>Basic</b> archive: pick <i>Want something in "
    "particular?</i> and tick <b>Connections</b>; it arrives in about ten minutes. The "
    "<b>Complete</b> archive (<i>Download larger data archive</i>) takes up to a day and "
    "also holds your messages and invitations, from which NetDesk learns when you were "
    "last in touch.",
    "When LinkedIn's email arrives, download the <b>.zip</b> (Basic_ or "
    "Complete_LinkedInDataExport_…) and drop it here, or the <b>Connections.csv</b> inside it.",
)


class LinkedInCard(Card):
    import_requested = Signal()  # choose a file
    sample_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("3 · Your LinkedIn connections", "linkedinCard", parent)
        steps = "".join(f"<li style='margin-bottom: 6px;'>{step}</li>" for step in LINKEDIN_STEPS)
        how = rich_text(f"<ol style='margin-left: -18px;'>{steps}</ol>")
        how.setObjectName("linkedinSteps")
        self.body.addWidget(how)
        self.drop_zone = DropZone()
        self.body.addWidget(self.drop_zone)
        choose = QPushButton("Choose file…")
        choose.setObjectName("welcomeImport")
        choose.setAccessibleName("Choose a LinkedIn export or contacts file to import")
        choose.clicked.connect(self.import_requested)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addWidget(
            rich_text("Re-importing a newer export later updates people; nothing is duplicated.")
        )
        row.setStretch(1, 1)
        self.body.addLayout(row)
        self.body.addStretch(1)
        self._add_sample_offer()

    def _add_sample_offer(self) -> None:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: palette(mid);")
        self.body.addWidget(line)
        explore = QLabel("Not ready to import yet?")
        explore.setStyleSheet("font-size: 11pt; font-weight: 600; border: none;")
        self.body.addWidget(explore)
        self.body.addWidget(
            rich_text(
                "Look around a sample network first: invented people, who introduced whom, "
                "informational interviews with their notes and answers, and the follow-ups "
                "they led to. Edit → Undo Last Import removes it again."
            )
        )
        sample = QPushButton("Explore a sample network")
        sample.setObjectName("welcomeSample")
        sample.clicked.connect(self.sample_requested)
        row = QHBoxLayout()
        row.addWidget(sample)
        row.addStretch(1)
        self.body.addLayout(row)
