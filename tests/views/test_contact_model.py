"""The SQL-backed contact model: Qt's model contract, sorting, filtering, lazy rows."""

from __future__ import annotations

from PySide6.QtCore import Qt

from netdesk.services.contacts.records import ContactFilter, Scope
from netdesk.services.sample.people import write_connections_csv
from netdesk.views.models import contact_table_model
from netdesk.views.models.contact_table_model import NAME, ORGANISATION, ContactTableModel
from netdesk.views.models.roles import CONTACT_ID_ROLE


def test_model_contract(qtmodeltester, services) -> None:
    services.imports.import_sample_network()
    model = ContactTableModel(services.contacts)
    qtmodeltester.check(model, force_py=True)
    model.set_filter(ContactFilter(text="a", scope=Scope.REAL))
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_lazily_in_pages(services, tmp_path, monkeypatch) -> None:
    services.imports.import_linkedin(write_connections_csv(tmp_path / "c.csv", 1000))
    model = ContactTableModel(services.contacts)
    fetched: list[int] = []
    original = services.contacts.rows

    def counting(ids):
        fetched.append(len(ids))
        return original(ids)

    monkeypatch.setattr(services.contacts, "rows", counting)
    assert model.rowCount() == 980
    model.data(model.index(5, NAME))
    model.data(model.index(6, NAME))
    model.data(model.index(900, NAME))
    assert fetched == [contact_table_model.PAGE_SIZE, 980 - 800]


def test_sorting_and_filtering_happen_in_sql(services) -> None:
    services.imports.import_sample_network()
    model = ContactTableModel(services.contacts)
    model.sort(ORGANISATION, Qt.SortOrder.DescendingOrder)
    orgs = [model.data(model.index(r, ORGANISATION)) for r in range(model.rowCount())]
    assert orgs == sorted(orgs, key=str.casefold, reverse=True)
    model.set_filter(ContactFilter(scope=Scope.REAL))
    assert model.rowCount() == services.contacts.counts().real
    first_id = model.data(model.index(0, NAME), CONTACT_ID_ROLE)
    assert model.row_of(first_id) == 0


def test_other_models_contract(qtmodeltester, qapp) -> None:
    from netdesk.services.imports.summary import Problem
    from netdesk.views.main_window import PageListModel
    from netdesk.views.models.problem_table_model import ProblemTableModel

    problems = [
        Problem(6, "blank row (hidden or deactivated member)"),
        Problem(None, "unrecognised date 'soon'", "warning"),
    ]
    qtmodeltester.check(ProblemTableModel(problems), force_py=True)
    qtmodeltester.check(PageListModel(["Contacts"]), force_py=True)
