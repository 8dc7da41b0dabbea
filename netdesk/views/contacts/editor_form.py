"""The person editor's form: its fields, rows and buttons, laid out once.

A mixin of `ContactEditor`; the lists inside the form come from `EditorListsMixin`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netdesk.services.vocabulary import CLOSENESS_LABELS, RELATIONS
from netdesk.views.contacts.editor_widgets import ErrorLabel
from netdesk.views.contacts.job_history import JobHistoryLabel
from netdesk.views.icons import set_icon


class EditorFormMixin:
    """Builds the editor's placeholder and form; the fields become attributes of the editor."""

    def _build_placeholder(self) -> QWidget:
        label = QLabel("Select a person to see their details,\nor press Ctrl+N to add someone.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("placeholder")
        label.setStyleSheet("color: palette(placeholder-text); font-size: 11pt;")
        return label

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(name.replace("_", " "))
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(self._on_field_changed)
        return edit

    def _text(self, name: str, placeholder: str, lines: int) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setAccessibleName(name.replace("_", " "))
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        height = edit.fontMetrics().lineSpacing() * lines + 14
        edit.setFixedHeight(height) if lines < 6 else edit.setMinimumHeight(height)
        edit.textChanged.connect(self._on_field_changed)
        return edit

    def _build_form(self) -> QWidget:
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        self.subheading.setStyleSheet("color: palette(placeholder-text);")
        self.subheading.setWordWrap(True)

        self.display_name = self._line("display_name", "Shown name, e.g. Mia Chen")
        self.given_name = self._line("given_name", "Given name")
        self.family_name = self._line("family_name", "Family name")
        self.organisation = self._line("organisation", "Where they work or study")
        self.role = self._line("role", "Role or title")
        self.relation = QComboBox()
        self.relation.setObjectName("relation")
        self.relation.setAccessibleName("How I know them")
        for key, label in RELATIONS.items():
            self.relation.addItem(label, key)
        self.relation.currentIndexChanged.connect(self._on_field_changed)
        self.closeness = QComboBox()
        self.closeness.setObjectName("closeness")
        self.closeness.setAccessibleName("Closeness")
        for value, label in CLOSENESS_LABELS.items():
            self.closeness.addItem(f"{'●' * value}{'○' * (5 - value)}  {label}", value)
        self.closeness.currentIndexChanged.connect(self._on_field_changed)
        self.emails = self._text("emails", "One address per line", 2)
        # Ticked means left out: the default (unticked) is the mail scan's usual tracking.
        self.no_mail_tracking = QCheckBox("Don't track mail with this person")
        self.no_mail_tracking.setObjectName("no_mail_tracking")
        self.no_mail_tracking.setToolTip(
            "The mail scan will not put emails with them on their timeline "
            "(emails already there stay)"
        )
        self.no_mail_tracking.toggled.connect(self._on_field_changed)
        self.phones = self._text("phones", "One number per line", 2)
        self.linkedin_url = self._line("linkedin_url", "https://www.linkedin.com/in/…")
        self.open_profile = QToolButton()
        self.open_profile.setText("Open")
        set_icon(self.open_profile, "open-external")
        self.open_profile.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.open_profile.setToolTip("Open the LinkedIn profile in your browser")
        self.open_profile.clicked.connect(self._on_open_profile_clicked)
        self.location = self._line("location", "City or region")
        self.notes = self._text(
            "notes", "What matters about them, how you met, what they care about…", 6
        )

        tags_box = self._build_tags()

        self.errors = {
            name: ErrorLabel()
            for name in (
                "display_name",
                "emails",
                "phones",
                "linkedin_url",
                "relation",
                "closeness",
            )
        }

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        names = QHBoxLayout()
        names.addWidget(self.given_name)
        names.addWidget(self.family_name)
        form.addRow("Name", self.display_name)
        form.addRow("", self.errors["display_name"])
        form.addRow("Given / family", names)
        form.addRow("Organisation", self.organisation)
        form.addRow("Role", self.role)
        self.job_history = JobHistoryLabel()  # hidden unless there is a history to tell
        form.addRow("Job history", self.job_history)
        # Me is not a contact: no "how I know them", closeness or keeping in touch.
        self.me_note = QLabel("This is you — the centre of your map.")
        self.me_note.setObjectName("meNote")
        self.me_note.setWordWrap(True)
        self.me_note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", self.me_note)
        form.addRow("How I know them", self.relation)
        form.addRow("Closeness", self.closeness)
        self._relationship_rows += [self.relation, self.closeness]
        form.addRow("Emails", self.emails)
        form.addRow("", self.errors["emails"])
        form.addRow("", self.no_mail_tracking)
        # My own addresses tell the scan which mail I sent: never switched off for me.
        self._relationship_rows.append(self.no_mail_tracking)
        form.addRow("Phones", self.phones)
        form.addRow("", self.errors["phones"])
        profile = QHBoxLayout()
        profile.addWidget(self.linkedin_url)
        profile.addWidget(self.open_profile)
        form.addRow("LinkedIn", profile)
        form.addRow("", self.errors["linkedin_url"])
        form.addRow("Location", self.location)
        form.addRow("Tags", tags_box)
        form.addRow("Notes", self.notes)

        connections_box = self._build_connections()
        form.addRow("Meetings and\nintroductions", connections_box)

        self._build_todos(form)
        self._form = form

        self.details = QLabel()
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: palette(placeholder-text);")

        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save changes (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Discard unsaved changes")
        self.revert_button.clicked.connect(self.revert)
        self.delete_button = QPushButton("Delete…")
        set_icon(self.delete_button, "trash")
        self.delete_button.setToolTip("Delete this person (can be undone)")
        self.delete_button.clicked.connect(self._on_delete_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.heading)
        body_layout.addWidget(self.subheading)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        body_layout.addWidget(line)
        body_layout.addLayout(form)
        body_layout.addWidget(self.details)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        container = QWidget()
        outer = QVBoxLayout(container)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        # Why the last save failed when no field is to blame (a busy database).
        self.save_problem = ErrorLabel()
        self.save_problem.setObjectName("saveProblem")
        self.save_problem.setContentsMargins(9, 0, 9, 0)
        outer.addWidget(self.save_problem)
        button_bar = QWidget()
        button_bar.setLayout(buttons)
        outer.addWidget(button_bar)
        return container
