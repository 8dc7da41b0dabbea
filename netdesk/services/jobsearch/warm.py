"""The ways into an organisation of the search: the warm paths the map finds to anyone
there, and the conversations already held with people who work or worked there."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import peewee

from netdesk.db.models import Application, Organisation, Target
from netdesk.services.changes import Change, Changes
from netdesk.services.clock import Clock
from netdesk.services.jobsearch.records import Person

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import date

    from netdesk.services.network.model import Network
    from netdesk.services.network.service import GraphService
    from netdesk.services.network.warm_paths import WarmPath

# What the network the paths run over is read from: people, organisations and tags, the
# links, referrals and the meetings' days, the events, the settings (me, the grouping).
NETWORK_CHANGES = (
    Change.PEOPLE | Change.MEETINGS | Change.REFERRALS | Change.LINKS | Change.EVENTS
    | Change.SETTINGS | Change.IMPORTS
)  # fmt: skip


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


class NetworkCache:
    """The network the warm paths are found in, loaded once and kept (~0.1 s at 30,000
    people) until a change that could move a path is announced or the day turns: the
    Search page refreshes for every stage moved and every note saved."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._generation = 0  # counts the changes heard: a load older than one is not kept
        self._kept: tuple[GraphService, date, Network] | None = None
        self._heard_from: list[Changes] = []

    def listen(self, changes: Changes) -> None:
        """Drop the network when *changes* announces something it is read from."""
        with self._lock:
            if any(each is changes for each in self._heard_from):
                return
            self._heard_from.append(changes)
        changes.subscribe(self.heard)

    def heard(self, change: Change) -> None:
        if change & NETWORK_CHANGES:
            with self._lock:
                self._generation += 1
                self._kept = None

    def network(self, graph: GraphService) -> Network:
        """The graph's network as loaded after the last change heard."""
        self.listen(graph.changes)
        today = self._clock.today()
        with self._lock:
            kept, generation = self._kept, self._generation
        if kept is not None and kept[0] is graph and kept[1] == today:
            return kept[2]
        network = graph.load()
        with self._lock:
            if generation == self._generation:  # nothing changed while it loaded
                self._kept = (graph, today, network)
        return network


def conversations_at(db: peewee.SqliteDatabase, organisation_id: int) -> list[Conversation]:
    # From the people there now and formerly outwards, not from everyone's workplaces.
    sql = (
        "SELECT * FROM (SELECT m.id AS meeting, m.title, m.starts_at AS starts, c.id AS person, "
        "c.display_name, c.sort_name AS sort FROM contact c "
        "JOIN meeting_person mp ON mp.contact_id = c.id JOIN meeting m ON m.id = mp.meeting_id "
        "WHERE m.status = 'held' AND c.organisation_id = ? "
        "UNION SELECT m.id, m.title, m.starts_at, c.id, c.display_name, c.sort_name "
        "FROM position p JOIN contact c ON c.id = p.contact_id "
        "JOIN meeting_person mp ON mp.contact_id = c.id JOIN meeting m ON m.id = mp.meeting_id "
        "WHERE m.status = 'held' AND p.organisation_id = ? AND p.ended_on IS NOT NULL) "
        "ORDER BY starts IS NULL, starts DESC, meeting DESC, sort, person"
    )
    found: dict[int, tuple[str, str | None, list[Person]]] = {}
    rows = db.execute_sql(sql, (organisation_id, organisation_id))
    for meeting_id, title, starts_at, pid, name, _sort in rows:
        found.setdefault(meeting_id, (title, starts_at, []))[2].append(Person(pid, name))
    return [Conversation(mid, t, at, tuple(people)) for mid, (t, at, people) in found.items()]


def way_in(
    db: peewee.SqliteDatabase,
    graph: GraphService,
    *,
    target_id: int | None = None,
    application_id: int | None = None,
    limit: int = 8,
    networks: NetworkCache | None = None,
) -> WayIn:
    """For a target or an application: the warm paths into its organisation and the
    conversations held there (none of either for an application without one). The
    network comes from *networks* when given, else it is loaded anew."""
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
    network = graph.load() if networks is None else networks.network(graph)
    paths = warm_paths(network, PathTarget(organisation_id=organisation_id), limit=limit)
    return WayIn(organisation_id, name, tuple(paths), tuple(conversations_at(db, organisation_id)))
