"""Undo Last Import asks first, and says who stays because the user worked on them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from netdesk.services.contacts.records import ContactFilter
from tests.helpers import HEADER_2023, write

EXPORT = (
    HEADER_2023 + "\n"
    "Mia,Chen,https://www.linkedin.com/in/mia,,Northwind,Analyst,7 Feb 2026\n"
    "Omar,Haddad,,,Cobalt,CTO,30 Jan 2026\n"
    "Lena,Fischer,,,Larkspur Labs,Engineer,02 Jul 2023"
)


def test_the_confirmation_counts_who_goes_and_who_stays(
    qtbot, window, services, tmp_path, monkeypatch
) -> None:
    with qtbot.waitSignal(window.imports.finished, timeout=20_000):
        window.imports.import_paths([write(tmp_path / "Connections.csv", EXPORT)])
    window.last_dialog.accept()
    (mia,) = services.contacts.records(services.contacts.query_ids(ContactFilter("Mia")))
    mia.relation, mia.closeness = "mentor", 4
    services.contacts.save(mia)
    asked: list[str] = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    window.imports.confirm_undo()
    assert len(asked) == 1
    assert "This removes the 2 people it added." in asked[0]
    assert "1 person it added stays, because you have worked on them since" in asked[0]
    qtbot.waitUntil(lambda: window.contacts_page.model.rowCount() == 1)
    assert services.contacts.get(mia.id).relation == "mentor"
    message = window.statusBar().currentMessage()
    assert message == (
        "Undid the import of Connections.csv: 2 removed, 1 kept because you worked on them, "
        "0 restored."
    )
    assert not window.imports.undo_action.isEnabled(), "nothing is left to undo"
