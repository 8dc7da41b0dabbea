"""The ways into an organisation of the search: the warm paths the map finds to anyone
there, and the conversations already held with people who work or worked there."""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from netdesk.db.models import Application, Organisation, Target
from netdesk.services.jobsearch.records import Person
from netdesk.services.jobsearch.there import WORKS_OR_WORKED

TYPE_CHECKING = False
if TYPE_CHECKING:
    from netdesk.services.network.service import GraphService
    from netdesk.services.network.warm_paths import WarmPath


@dataclass(frozen=True)
class Conversation:
    """A held meeting with people who work or worked at the organisation."""

    meeting_id: int
    title: str
    starts_at: str | None  # UTC, as meetings keep it
    people: tuple[Person, ...]  # those of its people who work or worked there


@dataclass(frozen=True)
class WayIn:
    organisation_id: int | None
    organisation: str
    paths: tuple[WarmPath, ...]  # warmest first
    conversations: tuple[Conversation, ...]  # the latest first


def conversations_at(db: peewee.SqliteDatabase, organisation_id: int) -> list[Conversation]:
    sql = (
        "SELECT m.id, m.title, m.starts_at, c.id, c.display_name "
        f"FROM ({WORKS_OR_WORKED}) w JOIN meeting_person mp ON mp.contact_id = w.contact_id "
        "JOIN meeting m ON m.id = mp.meeting_id JOIN contact c ON c.id = w.contact_id "
        "WHERE m.status = 'held' AND w.organisation_id = ? "
        "ORDER BY m.starts_at IS NULL, m.starts_at DESC, m.id DESC, c.sort_name"
    )
    found: dict[int, tuple[str, str | None, list[Person]]] = {}
    for meeting_id, title, starts_at, pid, name in db.execute_sql(sql, (organisation_id,)):
        found.setdefault(meeting_id, (title, starts_at, []))[2].append(Person(pid, name))
    return [Conversation(mid, t, at, tuple(people)) for mid, (t, at, people) in found.items()]


def way_in(
    db: peewee.SqliteDatabase,
    graph: GraphService,
    *,
    target_id: int | None = None,
    application_id: int | None = None,
    limit: int = 8,
) -> WayIn:
    """For a target or an application: the warm paths into its organisation and the
    conversations held there (none of either for an application without one)."""
    from netdesk.services.network.warm_paths import Target as PathTarget
    from netdesk.services.network.warm_paths import warm_paths

    if (target_id is None) == (application_id is None):
        raise TypeError("give a target or an application")
    model, wanted = (Target, target_id) if target_id is not None else (Application, application_id)
    row = (
        model.select(model.organisation, Organisation.name)
        .join(Organisation, peewee.JOIN.LEFT_OUTER)
        .where(model.id == wanted)
        .bind(db)
        .tuples()
        .first()
    )
    if row is None:
        raise KeyError(wanted)
    organisation_id, name = row
    if organisation_id is None:
        return WayIn(None, "", (), ())
    paths = warm_paths(graph.load(), PathTarget(organisation_id=organisation_id), limit=limit)
    return WayIn(organisation_id, name, tuple(paths), tuple(conversations_at(db, organisation_id)))
