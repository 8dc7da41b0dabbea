"""Every page fits a laptop screen: at 1280×800 and 1600×1000 nothing scrolls sideways
and no widget is squeezed below the size it needs."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QGraphicsView,
    QHeaderView,
    QSizePolicy,
    QWidget,
)

from netdesk.services.changes import Change
from netdesk.services.contacts.records import ContactFilter, Scope
from netdesk.services.meetings.records import MeetingRecord
from netdesk.services.positions.tracking import record_job_changes
from netdesk.views.main_window import (
    CONTACTS_PAGE,
    EVENTS_PAGE,
    MAP_PAGE,
    MEETINGS_PAGE,
    SEARCH_PAGE,
    TODAY_PAGE,
)
from tests.frozen_time import TEST_NOW
from tests.views.windows import build_full_window, settle

IGNORED = QSizePolicy.Policy.Ignored


def squeezed(root: QWidget) -> list[str]:
    """Sideways scroll bars (a canvas pans, so the map is exempt) and widgets smaller than
    their minimum size hint (unless their own maximum asks for less)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.objectName().startswith("qt_"):
            continue
        name = f"{widget.metaObject().className()} {widget.objectName()!r}"
        scrolls = isinstance(widget, QAbstractScrollArea) and not isinstance(widget, QGraphicsView)
        if scrolls and widget.horizontalScrollBar().isVisible():
            found.append(f"{name} scrolls sideways")
        hint = widget.minimumSizeHint()
        if not hint.isValid() or isinstance(widget, QHeaderView) or widget is root:
            continue
        policy = widget.sizePolicy()
        need_width = min(hint.width(), widget.maximumWidth())
        need_height = min(hint.height(), widget.maximumHeight())
        if policy.horizontalPolicy() != IGNORED and widget.width() < need_width:
            found.append(f"{name} is {widget.width()} px wide, needs {need_width}")
        if policy.verticalPolicy() != IGNORED and widget.height() < need_height:
            found.append(f"{name} is {widget.height()} px high, needs {need_height}")
    return found


def move(services, contact_id: int) -> None:
    """As a newer LinkedIn export would: another organisation (Today asks to
    congratulate, the person's page shows the job history)."""
    conn = services.db.connection()
    batch = conn.execute("SELECT max(id) FROM import_batch").fetchone()[0]
    with services.db.atomic():
        elsewhere, role = conn.execute(
            "SELECT (SELECT o.id FROM organisation o WHERE o.id IS NOT c.organisation_id "
            "LIMIT 1), c.role FROM contact c WHERE c.id = ?",
            (contact_id,),
        ).fetchone()
        day = services.clock.today().isoformat()
        record_job_changes(conn, [(contact_id, elsewhere, role)], batch, day, f"{day} 09:00")
        conn.execute("UPDATE contact SET organisation_id = ? WHERE id = ?", (elsewhere, contact_id))
    services.changes.announce(Change.PEOPLE)


@pytest.fixture
def full_window(qtbot, qapp, services):
    window, tasks = build_full_window(qtbot, qapp, services)
    services.imports.import_sample_network()
    (mentor, *_others) = services.contacts.query_ids(ContactFilter(scope=Scope.REAL))
    services.todos.add("Send the article on data contracts", contact_id=mentor)
    services.todos.add("Ask about the platform team", contact_id=mentor)
    move(services, mentor)
    event = services.events.add("Data Guild evening", TEST_NOW.date(), place="Berlin")
    services.events.capture(
        event.id, "* Aiko Tanaka, Kestrel Aerospace, data platform — wants intros to fintech"
    )
    meeting = services.meetings.save(
        MeetingRecord(
            title="Coffee about data teams", status="held", starts_at=TEST_NOW, people=[mentor]
        )
    )
    services.applications.add(
        "Kestrel Aerospace", "Data Platform Engineer", source="referral", referrer_id=mentor
    )
    settle()
    yield window, mentor, meeting.id
    tasks.wait(10_000)


@pytest.mark.parametrize("size", [(1280, 800), (1600, 1000)], ids=["1280x800", "1600x1000"])
def test_every_page_fits_the_window(qtbot, full_window, size) -> None:
    window, mentor, meeting_id = full_window
    window.resize(*size)
    problems = []
    for name, page in (
        ("Today", TODAY_PAGE),
        ("Contacts", CONTACTS_PAGE),
        ("Map", MAP_PAGE),
        ("Meetings", MEETINGS_PAGE),
        ("Events", EVENTS_PAGE),
        ("Search", SEARCH_PAGE),
    ):
        window.show_page(page)
        if page == CONTACTS_PAGE:
            window.contacts_page.select_contact(mentor)  # the person page, with to-dos
            assert window.contacts_page.editor.job_history.isVisible()
        if page == TODAY_PAGE:
            assert window.today_page.jobs_section.isVisible()
        if page == MEETINGS_PAGE:
            window.open_meeting(meeting_id)
        QApplication.processEvents()
        shot = window.grab()  # what the user sees, painted at this size
        assert (shot.width(), shot.height()) == (window.width(), window.height())
        problems += [f"{name}: {problem}" for problem in squeezed(window)]
    assert window.size().width() == size[0]
    assert problems == []
