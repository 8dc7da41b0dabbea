"""Settings → Email templates: edit the templates, with a live preview on sample data."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from netdesk.errors import TemplateError, ValidationError
from netdesk.services.templates import (
    PURPOSES,
    VARIABLES,
    EmailTemplate,
    TemplateService,
    render,
    sample_context,
)
from netdesk.views.appearance import tone_sheet
from netdesk.views.models.template_models import TemplateListModel
from netdesk.views.settings.common import muted

PREVIEW_DELAY_MS = 250


class TemplatesPage(QWidget):
    """Edit the email templates, with a live preview on sample data."""

    def __init__(self, templates: TemplateService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._templates = templates
        self._current: EmailTemplate | None = None
        self._loading = False
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(PREVIEW_DELAY_MS)
        self.preview_timer.timeout.connect(self.update_preview)
        self._build()
        self.reload()

    def _build(self) -> None:
        self.model = TemplateListModel(self)
        self.list = QListView()
        self.list.setObjectName("templateList")
        self.list.setModel(self.model)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.new_button = QPushButton("New")
        self.new_button.clicked.connect(self.new_template)
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_template)
        self.reset_button = QPushButton("Reset to default")
        self.reset_button.setObjectName("resetTemplate")
        self.reset_button.clicked.connect(self.reset_template)
        list_buttons = QHBoxLayout()
        for button in (self.new_button, self.delete_button):
            list_buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(list_buttons)
        left_layout.addWidget(self.reset_button)

        self.name = QLineEdit()
        self.name.setObjectName("templateName")
        self.purpose = QComboBox()
        for key, label in PURPOSES.items():
            self.purpose.addItem(label, key)
        self.subject = QLineEdit()
        self.subject.setObjectName("templateSubject")
        self.body = QPlainTextEdit()
        self.body.setObjectName("templateBody")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.body.setFont(mono)
        self.subject.setFont(mono)
        for signal in (self.name.textChanged, self.subject.textChanged, self.body.textChanged):
            signal.connect(self._on_edited)
        self.purpose.currentIndexChanged.connect(self._on_edited)
        self.variables = QListView()
        self.variables.setObjectName("templateVariables")
        self.variables.setModel(
            QStringListModel([f"{name} — {about}" for name, about in VARIABLES.items()], self)
        )
        self.variables.setToolTip("Double-click or press Enter to insert {{ variable }}")
        self.variables.activated.connect(self._on_insert_variable)  # mouse and keyboard
        self.variables.setMaximumHeight(150)
        self.variables.setWordWrap(True)
        self.variables.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("templatePreview")
        self.preview.setReadOnly(True)
        self.preview_error = QLabel()
        self.preview_error.setObjectName("templateError")
        self.preview_error.setWordWrap(True)
        self.preview_error.setStyleSheet(tone_sheet("error", self))
        self.state = muted()
        self.state.setObjectName("templateState")

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("For", self.purpose)
        form.addRow("Subject", self.subject)
        form.addRow("Body", self.body)
        form.addRow(
            "Variables",
            self.variables,
        )
        form.addRow(
            "",
            muted(
                "Jinja2: {{ first_name }}, {% if topics %}…{% endif %}, "
                "{% for item in takeaways %}…{% endfor %}, {{ suggested | join_and }}."
            ),
        )
        editor = QWidget()
        editor.setLayout(form)
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(
            QLabel("<b>Preview</b> (sample data: Mia Chen, coffee on 20 October)")
        )
        preview_layout.addWidget(self.preview_error)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addWidget(self.state)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(editor)
        splitter.addWidget(preview_box)
        splitter.setSizes([230, 440, 330])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # --- list ------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        current = select if select is not None else (self._current.id if self._current else None)
        self.model.set_templates(self._templates.list())
        row = self.model.row_of(current)
        self.list.setCurrentIndex(self.model.index(row if row is not None else 0, 0))

    def _on_current_changed(self, current, previous) -> None:
        if self._loading:
            return
        if self.is_dirty() and not self.save():
            # Keep the user on the template they are fixing.
            self._loading = True
            self.list.setCurrentIndex(previous)
            self._loading = False
            return
        self._load(self.model.template(current.row()))

    def _load(self, template: EmailTemplate | None) -> None:
        self._loading = True
        try:
            self._current = template
            enabled = template is not None
            for widget in (self.name, self.purpose, self.subject, self.body):
                widget.setEnabled(enabled)
            if template is None:
                for edit in (self.name, self.subject):
                    edit.clear()
                self.body.clear()
                self.preview.clear()
                return
            self.name.setText(template.name)
            self.purpose.setCurrentIndex(max(0, self.purpose.findData(template.purpose)))
            self.subject.setText(template.subject)
            self.body.setPlainText(template.body)
            self.reset_button.setEnabled(template.builtin_key is not None)
            self.delete_button.setEnabled(template.builtin_key is None)
            self.state.clear()
        finally:
            self._loading = False
        self.update_preview()

    def form_template(self) -> EmailTemplate | None:
        if self._current is None:
            return None
        return replace(
            self._current,
            name=self.name.text(),
            purpose=self.purpose.currentData(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
        )

    def is_dirty(self) -> bool:
        return self._current is not None and self.form_template() != self._current

    # --- editing ---------------------------------------------------------

    def _on_edited(self, *_args) -> None:
        if self._loading:
            return
        self.state.setText("Unsaved changes")
        self.preview_timer.start()

    def update_preview(self) -> None:
        template = self.form_template()
        if template is None:
            return
        try:
            rendered = render(template.subject, template.body, sample_context())
        except TemplateError as error:
            self.preview_error.setText(str(error))
            return
        self.preview_error.clear()
        self.preview.setPlainText(f"Subject: {rendered.subject}\n\n{rendered.body}")

    def _on_insert_variable(self, index) -> None:
        name = list(VARIABLES)[index.row()]
        self.body.insertPlainText("{{ " + name + " }}")
        self.body.setFocus()

    def save(self) -> bool:
        template = self.form_template()
        if template is None:
            return True
        try:
            saved = self._templates.save(template)
        except ValidationError as error:
            self.preview_error.setText(" ".join(error.errors.values()))
            return False
        self._current = saved
        self.state.setText("Saved")
        self._loading = True
        self.model.set_templates(self._templates.list())
        row = self.model.row_of(saved.id)
        if row is not None:
            self.list.setCurrentIndex(self.model.index(row, 0))
        self._loading = False
        return True

    def new_template(self) -> None:
        if self.is_dirty() and not self.save():
            return
        names = {t.name.casefold() for t in self._templates.list()}
        name, number = "New template", 2
        while name.casefold() in names:
            name, number = f"New template {number}", number + 1
        created = self._templates.save(
            EmailTemplate(
                None, None, "other", name, "Hello {{ first_name }}",
                "Hi {{ first_name }},\n\n\n\nBest,\n{{ signature }}\n",
            )
        )  # fmt: skip
        self._current = None
        self.reload(created.id)
        self.name.setFocus()
        self.name.selectAll()

    def delete_template(self) -> None:
        if self._current is None or self._current.builtin_key is not None:
            return
        answer = QMessageBox.question(
            self,
            "Delete template",
            f"Delete the template “{self._current.name}”?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._templates.delete(self._current.id)
        self._current = None
        self.reload()

    def reset_template(self) -> None:
        if self._current is None:
            return
        default = self._templates.default_of(self._current)
        if default is None:
            return
        self._loading = True
        self.name.setText(default.name)
        self.purpose.setCurrentIndex(max(0, self.purpose.findData(default.purpose)))
        self.subject.setText(default.subject)
        self.body.setPlainText(default.body)
        self._loading = False
        self.state.setText("Default text restored; save to keep it")
        self.update_preview()
