"""The editor's prepared questions: the list, its buttons and menu, the picker and templates.

A part of `MeetingEditor` (see editor.py), which builds it with `_build_questions()` and
provides `_record`, `_meetings`, `_bank_undo`, `_text()`, `_on_changed()`, `save_now()`,
`meeting_id` and the `meeting_open_requested` signal.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
)

from netdesk.errors import TemplateExists, ValidationError
from netdesk.services.meetings.bank import QuestionTemplate
from netdesk.services.meetings.records import PreparedQuestion
from netdesk.services.text import count_of
from netdesk.views.bank.answers_dialog import show_answers_across_people
from netdesk.views.empty_state import MUTED
from netdesk.views.icons import set_icon
from netdesk.views.meetings.question_picker import QuestionPickerDialog
from netdesk.views.models.meeting_models import QuestionListModel


class MeetingQuestions:
    """The questions section of `MeetingEditor`: a mixin, not a widget of its own."""

    def _question_action(self, text: str, shortcut: str, slot) -> QAction:
        """An action on the prepared questions: in their context menu, keyed while focused."""
        action = QAction(text, self.questions)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.questions.addAction(action)
        return action

    def _build_questions(self) -> QVBoxLayout:
        """The questions, their buttons, the notice and the answer box, in one column."""
        self.questions_model = QuestionListModel(self)
        self.questions = QTableView()
        self.questions.setObjectName("questions")
        self.questions.setModel(self.questions_model)
        self.questions.verticalHeader().hide()
        self.questions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.questions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.questions.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.questions.setColumnWidth(0, 100)
        self.questions.setColumnWidth(2, 80)
        self.questions.setWordWrap(True)
        self.questions.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.questions.setMinimumHeight(280)  # about ten questions without scrolling
        # Drag a question to a new place, or Alt+Up / Alt+Down; positions save with the meeting.
        self.questions.setDragEnabled(True)
        self.questions.setAcceptDrops(True)
        self.questions.setDropIndicatorShown(True)
        self.questions.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.questions.setDragDropOverwriteMode(False)
        self.questions.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.questions.selectionModel().currentRowChanged.connect(self._on_question_selected)
        self.questions_model.rowsMoved.connect(self._on_questions_moved)
        self.answers_action = self._question_action(
            "Answers across people…", "Ctrl+Shift+A", self.show_answers_across_people
        )
        self.move_up_action = self._question_action(
            "Move up", "Alt+Up", lambda: self._move_question(-1)
        )
        self.move_down_action = self._question_action(
            "Move down", "Alt+Down", lambda: self._move_question(1)
        )
        self.questions.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.nudge = QLabel()
        self.nudge.setObjectName("nudge")
        self.nudge.setWordWrap(True)
        self.nudge.setStyleSheet("color: palette(placeholder-text);")
        buttons = QHBoxLayout()
        self.add_questions = QPushButton("Add questions…")
        set_icon(self.add_questions, "list-add")
        self.add_questions.setToolTip("Pick from the question bank or write your own")
        self.add_questions.clicked.connect(self.pick_questions)
        self.templates_button = QPushButton("Templates")
        self.templates_button.setObjectName("templatesButton")
        self.templates_button.setToolTip("Apply a saved set of questions, or save these as one")
        self.templates_menu = QMenu(self.templates_button)
        self.templates_menu.aboutToShow.connect(self._fill_templates_menu)
        self.templates_button.setMenu(self.templates_menu)
        # Arrows, not words: the row fits a laptop-width window.
        up, down = QToolButton(), QToolButton()
        up.setArrowType(Qt.ArrowType.UpArrow)
        down.setArrowType(Qt.ArrowType.DownArrow)
        up.setObjectName("moveQuestionUp")
        down.setObjectName("moveQuestionDown")
        up.setAccessibleName("Move up")
        down.setAccessibleName("Move down")
        up.setToolTip("Move up: ask this question earlier (Alt+Up, or drag it)")
        down.setToolTip("Move down: ask this question later (Alt+Down, or drag it)")
        remove = QPushButton("Remove")
        remove.setToolTip("Take the question (and its answer) out of this meeting")
        up.clicked.connect(lambda: self._move_question(-1))
        down.clicked.connect(lambda: self._move_question(1))
        remove.clicked.connect(self._remove_question)
        self.answers_button = QPushButton("Answers across people…")
        self.answers_button.setToolTip(
            "What everyone answered to the selected bank question (Ctrl+Shift+A)"
        )
        self.answers_button.clicked.connect(self.show_answers_across_people)
        for button in (self.add_questions, self.templates_button, up, down, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.question_notice = QLabel()
        self.question_notice.setObjectName("questionNotice")
        self.question_notice.setWordWrap(True)
        self.question_notice.setStyleSheet(MUTED)
        self.question_notice.hide()
        self.answer = self._text("answer", "Their answer to the selected question", 4)
        self.answer.setEnabled(False)
        self.answer_label = QLabel("Select a question to type their answer under it.")
        self.answer_label.setObjectName("answerLabel")
        self.answer_label.setWordWrap(True)
        self.answer_label.setStyleSheet(MUTED)

        questions_box = QVBoxLayout()
        questions_box.addWidget(self.questions)
        questions_box.addWidget(self.nudge)
        questions_box.addLayout(buttons)
        questions_box.addWidget(self.question_notice)
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.answer_label, 1)
        answer_row.addWidget(self.answers_button)  # about the selected question's answers
        questions_box.addLayout(answer_row)
        questions_box.addWidget(self.answer)
        return questions_box

    def pick_questions(self) -> None:
        if self._record is None:
            return
        dialog = QuestionPickerDialog(self._meetings, self, self._bank_undo)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        picked = dialog.chosen() if accepted else []
        chosen_meeting = dialog.chosen_meeting_id
        dialog.deleteLater()
        if picked:
            added = self._add_questions(picked)
            skipped = len(picked) - added
            self._show_question_notice(
                f"{skipped} already in this meeting, not added twice." if skipped else ""
            )
        if chosen_meeting is not None:
            self.meeting_open_requested.emit(chosen_meeting)

    def show_answers_across_people(self) -> None:
        """What everyone answered to the selected prepared question (if it is from the bank)."""
        row = self.questions.currentIndex().row()
        if row < 0 or self._record is None:
            return
        question = self.questions_model.questions[row]
        if question.question_id is None:
            self._show_question_notice(
                "This question was written for this meeting only; answers are gathered "
                "across people for questions from the bank."
            )
            return
        self.save_now()  # the answer just typed belongs in the list
        chosen = show_answers_across_people(self._meetings, question.question_id, self)
        if chosen is not None and chosen != self.meeting_id:
            self.meeting_open_requested.emit(chosen)

    def apply_template(self, template_id: int) -> int:
        """Add a saved set of questions; ones already in the meeting are not added twice."""
        if self._record is None:
            return 0
        questions = self._meetings.template_questions(template_id)
        added = self._add_questions(questions)
        name = next((t.name for t in self._meetings.templates() if t.id == template_id), "")
        skipped = len(questions) - added
        self._show_question_notice(
            f"Applied “{name}”: {added} question{'s' if added != 1 else ''} added"
            + (f", {skipped} already here." if skipped else ".")
        )
        return added

    def save_as_template(self) -> QuestionTemplate | None:
        """Name the current questions as a template; an existing name asks before replacing."""
        questions = [replace(q, answer="") for q in self.questions_model.questions]
        if self._record is None or not questions:
            self._show_question_notice("Add some questions first, then save them as a template.")
            return None
        these = "this question" if len(questions) == 1 else f"these {len(questions)} questions"
        name, ok = QInputDialog.getText(
            self, "Save as template", f"Name {these}, e.g. “First coffee with an engineer”:"
        )
        if not ok:
            return None
        try:
            template = self._meetings.save_template(name, questions)
        except TemplateExists as exists:
            answer = QMessageBox.question(
                self,
                "Replace template?",
                f"There is already a template called “{exists.name}”.\n\n"
                f"Replace its questions with these {len(questions)}?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            template = self._meetings.save_template(name, questions, replace=True)
        except ValidationError as error:
            self._show_question_notice(" ".join(error.errors.values()))
            return None
        self._show_question_notice(
            f"Saved as template “{template.name}” ({count_of(template.size, 'question')}). "
            "Apply it to another meeting from Templates."
        )
        return template

    def _on_question_selected(self, current, _previous) -> None:
        from_bank = (
            current.isValid()
            and self.questions_model.questions[current.row()].question_id is not None
        )
        self.answers_action.setEnabled(from_bank)
        self.answers_button.setEnabled(from_bank)
        self._loading = True
        try:
            if current.isValid():
                question = self.questions_model.questions[current.row()]
                self.answer.setPlainText(question.answer)
                self.answer.setEnabled(True)
                self.answer_label.setText(f"Their answer to “{question.text}”")
            else:
                self.answer.clear()
                self.answer.setEnabled(False)
                self.answer_label.setText("Select a question to type their answer under it.")
        finally:
            self._loading = False

    def _move_question(self, step: int) -> None:
        row = self.questions.currentIndex().row()
        if row >= 0:
            self.questions_model.move(row, step)  # _on_questions_moved follows up

    def _on_questions_moved(self, _parent, start: int, end: int, _dest, row: int) -> None:
        """After a drag or Alt+Up/Down: keep the moved question selected and save the order."""
        count = end - start + 1
        landed = row - count if row > start else row
        self._on_changed()  # before selecting: the answer box still shows the current one
        self.questions.selectRow(landed)
        self.questions.scrollTo(self.questions_model.index(landed, 1))

    def _add_questions(self, questions: list[PreparedQuestion]) -> int:
        """Append questions not already prepared (same bank question or same words)."""
        have_ids = {q.question_id for q in self.questions_model.questions if q.question_id}
        have_texts = {q.text.casefold() for q in self.questions_model.questions}
        added = 0
        for question in questions:
            if question.question_id in have_ids or question.text.casefold() in have_texts:
                continue
            self.questions_model.append(question)
            have_ids.add(question.question_id)
            have_texts.add(question.text.casefold())
            added += 1
        if added:
            self._on_changed()
        return added

    def _show_question_notice(self, text: str) -> None:
        self.question_notice.setText(text)
        self.question_notice.setVisible(bool(text))

    def _fill_templates_menu(self) -> None:
        menu = self.templates_menu
        menu.clear()
        templates = self._meetings.templates()
        menu.addSection("Apply a template")
        for template in templates:
            size = f"{template.size} question{'s' if template.size != 1 else ''}"
            action = menu.addAction(f"{template.name}  ({size})")
            action.triggered.connect(
                lambda _checked=False, tid=template.id: self.apply_template(tid)
            )
        if not templates:
            menu.addAction("No templates yet").setEnabled(False)
        menu.addSeparator()
        save = menu.addAction("Save these questions as a template…")
        save.setEnabled(bool(self.questions_model.questions))
        save.triggered.connect(self.save_as_template)
        if templates:
            remove = menu.addMenu("Delete a template")
            for template in templates:
                action = remove.addAction(template.name)
                action.triggered.connect(
                    lambda _checked=False, t=template: self._delete_template(t)
                )

    def _delete_template(self, template: QuestionTemplate) -> None:
        answer = QMessageBox.question(
            self,
            "Delete template?",
            f"Delete the template “{template.name}”? Meetings that used it keep their questions.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._meetings.delete_template(template.id)
            self._show_question_notice(f"Deleted the template “{template.name}”.")

    def _remove_question(self) -> None:
        row = self.questions.currentIndex().row()
        if row >= 0:
            self.questions_model.remove(row)
            self._on_changed()
