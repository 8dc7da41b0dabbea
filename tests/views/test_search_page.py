"""The Search page in the real window over a real database: adding an application
through its dialog (with validation), moving it to an interview (a dated step), the
funnel following, deleting with Ctrl+Z to undo, and asking someone for a referral."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from netdesk.services.contacts.records import ContactFilter, Scope
from netdesk.views.drafts.dialog import DraftDialog
from netdesk.views.jobsearch.dialogs import ApplicationDialog
from netdesk.views.main_window import SEARCH_PAGE
from tests.views.windows import build_window, settle


@pytest.fixture
def window(qtbot, qapp, services):
    win, tasks = build_window(qtbot, qapp, services)
    win.show_page(SEARCH_PAGE)
    settle()
    yield win
    for dialog in win.findChildren(DraftDialog):
        dialog.done(0)
    tasks.wait(10_000)


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def save_button(dialog):
    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)


def add_application(qtbot, window, organisation: str, role: str) -> None:
    page = window.search_page
    button = page.findChild(type(page.add_application_button), "addApplicationButtonEmpty")
    click(qtbot, button if page.is_empty else page.add_application_button)
    dialog = page.last_dialog
    assert isinstance(dialog, ApplicationDialog)
    qtbot.keyClicks(dialog.organisation, organisation)
    click(qtbot, save_button(dialog))  # no role yet: it says so and stays open
    assert dialog.isVisible()
    assert "Which role?" in dialog.error.text()
    qtbot.keyClicks(dialog.role, role)
    click(qtbot, save_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle()


def listed(page) -> list[tuple[str, str, str]]:
    model = page.application_proxy
    return [
        tuple(model.index(row, column).data() for column in range(3))
        for row in range(model.rowCount())
    ]


def test_add_move_to_interview_delete_and_undo(qtbot, window, services) -> None:
    page = window.search_page
    assert page.is_empty
    assert "organisations you would like to work for" in page.empty_message.text()

    add_application(qtbot, window, "Tidewater Analytics", "Data Engineer")
    assert not page.is_empty
    assert listed(page) == [("Tidewater Analytics", "Data Engineer", "Applied")]
    assert page.detail.title.text() == "Data Engineer at Tidewater Analytics"
    assert page.funnel_text.text().startswith("0 conversations → 0 referrals → 1 application")
    assert page.funnel_text.text().endswith("0 interviews → 0 offers")
    # The application's organisation became a target, at "Applied".
    targets = page.target_model
    assert targets.index(0, 0).data() == "Tidewater Analytics"
    assert targets.index(0, 1).data() == "Applied"

    # The stage combo moves it: screen, then the first interview round, each a step.
    page.choose("application", services.applications.list()[0].id)
    combo = page.detail.stage
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    settle()
    qtbot.keyClick(page.detail.stage, Qt.Key.Key_Down)
    settle()
    application = services.applications.list()[0]
    assert application.stage == "interview"
    steps = services.applications.steps(application.id)
    assert [(s.stage, s.round) for s in steps] == [("applied", 0), ("screen", 0), ("interview", 1)]
    day = services.clock.today()
    assert page.detail.steps.text() == (
        f"Applied {day.day} {day:%b} · Screen {day.day} {day:%b} · "
        f"Interview 1 on {day.day} {day:%b}"
    )
    assert listed(page) == [("Tidewater Analytics", "Data Engineer", "Interview")]
    assert "1 application → 1 interview → 0 offers" in page.funnel_text.text()
    assert page.funnel_chart.rows()[3] == ("Interviews", 1, 0)
    assert page.days_text.text() == "Median days: applied → screen 0 · screen → interview 0"
    assert targets.index(0, 1).data() == "Interviewing"

    # Delete, then Ctrl+Z brings it back with its steps.
    click(qtbot, page.detail.delete_button)
    settle()
    assert listed(page) == []
    assert services.applications.list() == []
    assert "0 applications" in page.funnel_text.text()
    assert "Ctrl+Z brings it back" in window.statusBar().currentMessage()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: listed(page) != [])
    assert listed(page) == [("Tidewater Analytics", "Data Engineer", "Interview")]
    assert len(services.applications.steps(application.id)) == 3
    assert "1 interview" in page.funnel_text.text()


def test_a_target_shows_the_warm_paths_and_asks_for_a_referral(qtbot, window, services) -> None:
    services.imports.import_sample_network()
    ids = services.contacts.query_ids(ContactFilter(scope=Scope.REAL))
    rows = services.contacts.rows(ids)
    someone = next(rows[i] for i in ids if rows[i].organisation and not rows[i].is_me)
    settle()
    page = window.search_page
    click(qtbot, page.findChild(type(page.add_target_button), "addTargetButtonEmpty"))
    dialog = page.last_dialog
    click(qtbot, save_button(dialog))
    assert dialog.error.text() == "Which organisation? Type its name."
    qtbot.keyClicks(dialog.organisation, someone.organisation)
    click(qtbot, save_button(dialog))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle()

    assert page.target_model.index(0, 0).data() == someone.organisation
    assert int(page.target_model.index(0, 2).data()) >= 1  # someone there now
    detail = page.detail
    assert detail.title.text() == someone.organisation
    assert detail.ways_model.rowCount() >= 1
    assert someone.organisation in detail.ways_model.index(0, 0).data()
    person = detail.chosen_person()
    assert person is not None
    click(qtbot, detail.referral_button)
    draft = window.last_dialog
    assert isinstance(draft, DraftDialog)
    assert draft.person.currentText().startswith(person.name)

    # Adding the same organisation again is refused with a reason.
    click(qtbot, page.add_target_button)
    again = page.last_dialog
    qtbot.keyClicks(again.organisation, someone.organisation.upper())
    click(qtbot, save_button(again))
    assert again.isVisible()
    assert "already a target" in again.error.text()
    again.reject()


def test_asking_for_a_referral_for_an_application_names_the_job(qtbot, window, services) -> None:
    services.imports.import_sample_network()
    ids = services.contacts.query_ids(ContactFilter(scope=Scope.REAL))
    rows = services.contacts.rows(ids)
    someone = next(rows[i] for i in ids if rows[i].organisation and not rows[i].is_me)
    link = "https://www.linkedin.com/jobs/view/424242"
    application = services.applications.add(someone.organisation, "Data Engineer", link=link)
    settle()
    page = window.search_page
    page.refresh()
    # Click the application's row, as the user does.
    table = page.application_table
    row = page.application_proxy.mapFromSource(
        page.application_model.index(page.application_model.row_of(application.id), 0)
    ).row()
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    detail = page.detail
    assert detail.kind == "application" and detail.chosen_person() is not None
    click(qtbot, detail.referral_button)
    draft = window.last_dialog
    assert isinstance(draft, DraftDialog)
    body = draft.body.toPlainText()
    assert "Data Engineer" in body and link in body and someone.organisation in body


def test_the_tables_sort_by_a_clicked_column(qtbot, window, services) -> None:
    services.applications.add("Bluefin", "Analyst")
    services.applications.add("Acme", "Zoologist")
    settle()
    page = window.search_page
    page.refresh()
    header = page.application_table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 5, 5),
    )
    first = [page.application_proxy.index(r, 1).data() for r in range(2)]
    assert first in (["Analyst", "Zoologist"], ["Zoologist", "Analyst"])
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(1) + 5, 5),
    )
    assert [page.application_proxy.index(r, 1).data() for r in range(2)] == first[::-1]


def test_adding_an_application_is_one_step_ctrl_z_takes_back(qtbot, window, services) -> None:
    page = window.search_page
    add_application(qtbot, window, "Tidewater Analytics", "Data Engineer")
    assert [a.role for a in services.applications.list()] == ["Data Engineer"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: listed(page) == [])
    assert services.applications.list() == []
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_Z, redo)
    qtbot.waitUntil(lambda: listed(page) != [])
    assert [a.role for a in services.applications.list()] == ["Data Engineer"]
