"""The Meetings page's list: ids from one SQL query (FTS5, sorted in SQLite), rows on demand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from netdesk.services.contacts.records import ContactRecord
from netdesk.services.meetings.records import MeetingRecord, PreparedQuestion
from netdesk.views.main_window import MEETINGS_PAGE
from netdesk.views.models import meeting_models
from netdesk.views.models.meeting_models import MeetingListModel
from netdesk.views.models.roles import ID_ROLE

START = datetime(2025, 3, 1, 9, tzinfo=UTC)


def plan(services, title: str, starts_at=None, people=(), notes: str = "", answer: str = ""):
    questions = [PreparedQuestion("industry", "Where is the field going?", answer)]
    return services.meetings.save(
        MeetingRecord(
            title=title,
            status="scheduled" if starts_at else "idea",
            starts_at=starts_at,
            people=list(people),
            notes=notes,
            questions=questions if answer else [],
        )
    ).id


def many(services, count: int) -> list[int]:
    """*count* dated meetings, one a day; the ids newest first (the list's order)."""
    with services.db.atomic():
        ids = [plan(services, f"Conversation {n}", START + timedelta(days=n)) for n in range(count)]
    return ids[::-1]


def test_model_contract(qtmodeltester, services) -> None:
    mia = services.contacts.save(ContactRecord(display_name="Mia Chen")).id
    plan(services, "Coffee with Mia", START, [mia], notes="Analytics hiring.")
    plan(services, "Ask Omar about pricing")
    model = MeetingListModel(services.meetings)
    qtmodeltester.check(model, force_py=True)
    model.set_text("analytics")  # a reset, watched by the tester
    assert model.rowCount() == 1
    qtmodeltester.check(model, force_py=True)
    empty = MeetingListModel(services.meetings)
    empty.set_text("zanzibar")
    assert empty.rowCount() == 0
    qtmodeltester.check(empty, force_py=True)


def test_undated_ideas_first_then_newest_first_with_cells(services) -> None:
    mia = services.contacts.save(ContactRecord(display_name="Mia Chen")).id
    omar = services.contacts.save(ContactRecord(display_name="Omar Haddad")).id
    old = plan(services, "Coffee with Mia", START, [omar, mia])
    first_idea = plan(services, "Ask Omar about pricing")
    new = plan(services, "Call with Omar", START + timedelta(days=30), [omar])
    second_idea = plan(services, "Lunch with Lena")
    model = MeetingListModel(services.meetings)
    order = [second_idea, first_idea, new, old]
    assert [model.meeting_id(row) for row in range(model.rowCount())] == order
    assert [model.index(r, 0).data(ID_ROLE) for r in range(4)] == order
    assert [model.row_of(meeting_id) for meeting_id in order] == [0, 1, 2, 3]
    assert model.row_of(10_000) is None and model.meeting_id(4) is None
    cells = [model.index(3, column).data() for column in range(4)]
    assert cells == ["01 Mar 2025 09:00", "Coffee with Mia", "Mia Chen, Omar Haddad", "Scheduled"]
    assert model.index(0, 0).data() == "Not scheduled"
    assert model.index(3, 2).data(Qt.ItemDataRole.ToolTipRole) == "Mia Chen, Omar Haddad"
    assert services.meetings.query_ids() == order
    assert services.meetings.query_ids(contact_id=omar) == [new, old]


def test_search_matches_every_word_as_a_prefix_anywhere(services) -> None:
    mia = services.contacts.save(ContactRecord(display_name="Mia Chen")).id
    coffee = plan(services, "Coffee", START, [mia], notes="Talked about analytics hiring.")
    call = plan(services, "Call", START + timedelta(days=1), answer="Consolidation, mostly.")
    model = MeetingListModel(services.meetings)
    for text, expected in [
        ("mi", [coffee]),  # a person's name
        ("ANALYT hir", [coffee]),  # notes, every word, any case
        ("consol", [call]),  # an answer to a prepared question
        ("c", [call, coffee]),  # one letter, in list order
        ("c zebra", []),
        ("  ", [call, coffee]),  # nothing to search for
    ]:
        model.set_text(text)
        assert [model.meeting_id(row) for row in range(model.rowCount())] == expected, text
    model.set_text("consol")
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append(model.text))
    model.set_text("consol ")  # a space more, before the next word: the list stays
    assert model.text == "consol " and model.rowCount() == 1 and resets == []
    model.set_text("consol m")
    assert resets == ["consol m"]
    model.modelReset.disconnect()
    services.meetings.save_text(coffee, "notes", "Nothing about hiring now.")
    model.refresh("analytics")
    assert model.rowCount() == 0


def test_the_search_walks_the_list_order_index_once(services) -> None:
    """No sort of the matches and no lookup per match: one pass over a covering index."""
    conn = services.db.connection()
    for text, contact_id in [("", None), ("r", None), ("regulation data", None)]:
        sql, params = services.meetings._query_ids_sql(text, contact_id)
        plan_rows = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)]
        assert plan_rows[0] == "SCAN m USING COVERING INDEX meeting_list_order", plan_rows
        assert not any("TEMP B-TREE" in row for row in plan_rows), plan_rows
    options = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'meeting_fts'").fetchone()
    assert "prefix = '1 2 3'" in options[0]  # short prefixes read one ready doclist


def test_rows_are_fetched_lazily_in_pages(services, monkeypatch) -> None:
    ids = many(services, 450)
    model = MeetingListModel(services.meetings)
    fetched: list[int] = []
    original = services.meetings.rows

    def counting(page):
        fetched.append(len(page))
        return original(page)

    monkeypatch.setattr(services.meetings, "rows", counting)
    assert model.rowCount() == 450 and fetched == []
    assert model.index(5, 1).data() == "Conversation 444"
    model.index(6, 1).data()
    assert model.index(420, 1).data(ID_ROLE) == ids[420]
    assert model.row_of(ids[420]) == 420 and fetched == [meeting_models.PAGE_SIZE, 450 - 400]
    model.set_text("conversation 12")  # a new query starts with no rows at all
    assert fetched == [meeting_models.PAGE_SIZE, 450 - 400]


def test_typing_filters_and_open_meeting_finds_one_far_down(qtbot, window, services) -> None:
    ids = many(services, 450)
    window.pages.setCurrentIndex(MEETINGS_PAGE)
    page = window.meetings_page
    page.reload()  # as a change notice would, after the meetings arrived
    assert page.model.rowCount() == 450
    qtbot.keyClicks(page.search, "conversation 44")
    titles = {page.model.index(r, 1).data() for r in range(page.model.rowCount())}
    assert titles == {"Conversation 44", *(f"Conversation 44{n}" for n in range(10))}
    oldest = ids[-1]
    page.open_meeting(oldest)  # hidden by the search: the search is cleared
    assert page.search.text() == "" and page.model.rowCount() == 450
    assert page.editor.meeting_id == oldest
    assert page.table.currentIndex().row() == 449
    assert page.table.rowAt(page.table.viewport().height() - 2) >= 440  # scrolled to it
    assert page.table.currentIndex().siblingAtColumn(1).data() == "Conversation 0"
