"""GraphService: loads the relationship map's network, records links and who is me,
remembers the grouping, and lays out and stores positions.

Positions come from `layout` (run by `layout_worker`) and are stored — the organisation
map's in `map_position`, the others' in the `setting` table — so the map looks the same
next time and only new people move.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import sqlite3
import time
import zlib
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import peewee

from netdesk.db.models import Link, MapPosition
from netdesk.errors import ValidationError
from netdesk.services.base import Service
from netdesk.services.cancel import CancelToken
from netdesk.services.changes import Change, Changes, announces
from netdesk.services.clock import SYSTEM_CLOCK, Clock
from netdesk.services.contacts.records import me_id
from netdesk.services.network import layout_worker
from netdesk.services.network.events import read_events
from netdesk.services.network.layout import LayoutJob
from netdesk.services.network.model import (
    GROUP_PULL,
    GROUPINGS,
    NO_GROUP,
    PROCESS_THRESHOLD,
    Network,
    Person,
    Tie,
)
from netdesk.services.progress import Progress, no_progress
from netdesk.services.settings import MAP_GROUPING, MAP_LAYOUT, SettingsStore
from netdesk.services.settings import ME as ME_KEY
from netdesk.services.text import fold
from netdesk.services.vocabulary import RELATIONS, relation_label

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LayoutReport:
    placed: int  # people who got a position now
    kept: int  # people who kept their stored position
    seconds: float


def _groups(
    people: dict[int, Person],
    tags: dict[str, set[int]],
    tag_labels: dict[str, str],
    grouping: str,
) -> tuple[dict[int, int], dict[int, str], dict[int, str]]:
    """(person -> group key, key -> name, key -> identity) by how I know them or tag.

    By tag, someone with several tags goes with the biggest of them (then the first
    alphabetically), so groups are few and stay put as tags are added."""
    if grouping == "relation":
        present = {p.relation for p in people.values()}
        idents = [r for r in RELATIONS if r in present] + sorted(present - set(RELATIONS))
        key_of = {ident: -(1 + i) for i, ident in enumerate(idents)}
        group_of = {pid: key_of[p.relation] for pid, p in people.items()}
        labels = {key_of[i]: relation_label(i) for i in idents}
    elif grouping == "tag":
        idents = sorted(tags)
        key_of = {ident: -(1 + i) for i, ident in enumerate(idents)}
        best: dict[int, str] = {}
        for ident in sorted(idents, key=lambda t: (-len(tags[t]), t)):
            for pid in tags[ident]:
                best.setdefault(pid, ident)
        group_of = {pid: key_of[ident] for pid, ident in best.items() if pid in people}
        labels = {key_of[i]: tag_labels.get(i, i) for i in idents}
    else:
        return {}, {}, {}
    return group_of, labels, {key: ident for ident, key in key_of.items()}


def layout_job(network: Network, *, fresh: bool = False) -> LayoutJob:
    """The network as the layout's compact arrays (stored positions unless *fresh*)."""
    people = list(network.people.values())
    count = len(people)
    row = {p.id: i for i, p in enumerate(people)}
    xy = np.full((count, 2), np.nan)
    if not fresh:
        for pid, point in network.positions.items():
            i = row.get(pid)
            if i is not None:
                xy[i] = point
    pairs = [(row[t.a], row[t.b]) for t in network.ties if t.a in row and t.b in row]
    return LayoutJob(
        ids=np.fromiter((p.id for p in people), np.int64, count),
        group=np.fromiter((network.cluster_key(p) for p in people), np.int64, count),
        linkedin=np.fromiter((p.linkedin_only for p in people), bool, count),
        closeness=np.fromiter((p.closeness for p in people), np.int8, count),
        xy=xy,
        ties=np.array(pairs, dtype=np.int32).reshape(-1, 2),
        centre=row.get(network.centre, -1),
        group_pull=GROUP_PULL.get(network.grouping, 0.6),
        sectors=network.grouping != "organisation",
    )


def _pack_layout(positions: dict[int, tuple[float, float]], idents: list[str]) -> str:
    """Positions and each person's group identity as compact text for the setting table."""
    names = sorted(set(idents))
    code = {name: i for i, name in enumerate(names)}
    buffer = io.BytesIO()
    np.savez(
        buffer,
        ids=np.fromiter(positions, np.int64, len(positions)),
        xy=np.array(list(positions.values()), dtype=np.float64).reshape(-1, 2),
        group=np.array([code[i] for i in idents], dtype=np.int32),
        names=np.array(names, dtype=np.str_),
    )
    return base64.b64encode(zlib.compress(buffer.getvalue(), 6)).decode("ascii")


def _unpack_layout(text: str) -> dict[int, tuple[tuple[float, float], str]]:
    """person -> (position, group identity) from `_pack_layout`'s text."""
    raw = zlib.decompress(base64.b64decode(text))
    with np.load(io.BytesIO(raw), allow_pickle=False) as arrays:
        ids, xy = arrays["ids"].tolist(), arrays["xy"].tolist()
        names = arrays["names"].tolist()
        groups = [names[i] for i in arrays["group"].tolist()]
    return {pid: ((x, y), g) for pid, (x, y), g in zip(ids, xy, groups, strict=True)}


class GraphService(Service):
    """Loads the network from SQLite, lays it out, stores positions and links.

    Big layouts run in a separate process (see `layout_worker.place_in_process`);
    *process_threshold* is the network size from which they do, *worker_command* the
    process to start (the default runs `python -m netdesk.services.network.layout_worker`).
    """

    def __init__(
        self,
        db: peewee.SqliteDatabase,
        *,
        process_threshold: int = PROCESS_THRESHOLD,
        worker_command: list[str] | None = None,
        clock: Clock = SYSTEM_CLOCK,
        changes: Changes | None = None,
    ) -> None:
        super().__init__(db, clock, changes)
        self._settings = SettingsStore(db)
        self.process_threshold = process_threshold
        self.worker_command = worker_command

    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def load(self, grouping: str | None = None) -> Network:
        """Everyone and every tie, a handful of set-based queries; positions for
        *grouping* (default: the one chosen last)."""
        grouping = grouping if grouping in GROUPINGS else self.grouping()
        # Graph loading stays plain SQL: a handful of whole-table reads at 30,000 people,
        # where building model rows would only add time before the map appears.
        conn = self._conn()
        people = {
            row[0]: Person(*row)
            for row in conn.execute(
                "SELECT id, display_name, organisation_id, relation, closeness, role FROM contact"
            )
        }
        organisations = dict(conn.execute("SELECT id, name FROM organisation"))
        tags: dict[str, set[int]] = {}
        tag_labels: dict[str, str] = {}
        for name, contact_id in conn.execute(
            "SELECT t.name, ct.contact_id FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
        ):
            folded = fold(name)
            tags.setdefault(folded, set()).add(contact_id)
            tag_labels.setdefault(folded, name)
        ties = [
            Tie(a, b, kind, link_id)
            for link_id, a, b, kind in conn.execute(
                "SELECT id, from_contact_id, to_contact_id, kind FROM link"
            )
        ]
        # The meeting's day in the zone it was held in, as the thank-you names it.
        ties += [
            Tie(a, b, "referred", None, datetime.fromisoformat(starts).date() if starts else None)
            for a, b, starts in conn.execute(
                "SELECT r.from_contact_id, r.to_contact_id, m.starts_at FROM referral r "
                "LEFT JOIN meeting m ON m.id = r.meeting_id"
            )
        ]
        events, met_at, introductions = read_events(self._db)
        ties += introductions
        group_of, labels, idents = _groups(people, tags, tag_labels, grouping)
        network = Network(
            people,
            organisations,
            tags,
            ties,
            {},
            self.me_contact_id(),
            grouping,
            group_of,
            labels,
            idents,
            tag_labels,
            self._clock.today(),
            events,
            met_at,
        )
        network.positions = self._stored_positions(network)
        return network

    # --- me and the grouping ------------------------------------------------

    def me_contact_id(self) -> int | None:
        return me_id(self._db)

    @announces(Change.PEOPLE)
    def set_me(self, contact_id: int | None) -> None:
        """Mark a contact as the user (the map's centre), or go back to a plain "You"."""
        self._settings.set(ME_KEY, None if contact_id is None else str(contact_id))

    def grouping(self) -> str:
        """How the map groups people: "organisation" (the default), "relation" or "tag"."""
        value = self._settings.get(MAP_GROUPING)
        return value if value in GROUPINGS else "organisation"

    @announces(Change.SETTINGS)
    def set_grouping(self, grouping: str) -> None:
        if grouping not in GROUPINGS:
            raise ValueError(f"unknown grouping {grouping!r}")
        self._settings.set(MAP_GROUPING, grouping)

    # --- layout -----------------------------------------------------------

    def lay_out(
        self,
        network: Network,
        progress: Progress = no_progress,
        *,
        again: bool = False,
        cancel: CancelToken | None = None,
    ) -> LayoutReport:
        """Give everyone without a position one (or everyone, *again*), and store it.

        People with stored positions stay where they are; new people settle around them.
        Raises `Cancelled` if *cancel* is set meanwhile (nothing is stored then), and
        `layout_worker.LayoutError` if the layout process fails.
        """
        start = time.perf_counter()
        job = layout_job(network, fresh=again)
        new = job.new_rows()
        kept = len(job.ids) - len(new)
        if len(job.ids) >= self.process_threshold:
            xy = layout_worker.place_in_process(job, progress, cancel, self.worker_command)
        else:
            xy = layout_worker.place_in_thread(job, progress, cancel)
        if cancel is not None:
            cancel.check()
        ids = job.ids[new].tolist()
        placed = dict(zip(ids, map(tuple, xy[new].tolist()), strict=True))
        progress(95, "Saving the map…")
        if again:
            network.positions.clear()
        network.positions.update(placed)
        self._store_positions(network, placed, replace=again)
        return LayoutReport(len(placed), kept, time.perf_counter() - start)

    def open_network(
        self,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
        grouping: str | None = None,
    ) -> Network:
        """Load and lay out whoever is new: the map page's one background task."""
        progress(2, "Reading your network…")
        network = self.load(grouping)
        if cancel is not None:
            cancel.check()
        if any(pid not in network.positions for pid in network.people):
            self.lay_out(network, progress, cancel=cancel)
        return network

    def _stored_positions(self, network: Network) -> dict[int, tuple[float, float]]:
        if network.grouping == "organisation":
            query = MapPosition.select(MapPosition.contact_id, MapPosition.x, MapPosition.y)
            # Read from the bare cursor: at 30,000 people peewee's row wrapping takes
            # 55 ms where the cursor takes 17.
            return {cid: (x, y) for cid, x, y in self._db.execute(query)}
        text = self._settings.get(MAP_LAYOUT.of(grouping=network.grouping))
        if not text:
            return {}
        try:
            stored = _unpack_layout(text)
        except (ValueError, KeyError, OSError, zlib.error, binascii.Error):
            log.warning(
                "the stored %s map could not be read; laying it out again", network.grouping
            )
            return {}
        # Someone whose group changed (a new tag, say) settles again in their new group.
        idents = network.group_idents
        return {
            pid: point
            for pid, (point, ident) in stored.items()
            if pid in network.people
            and idents.get(network.group_of.get(pid, NO_GROUP), "") == ident
        }

    def _store_positions(
        self, network: Network, placed: dict[int, tuple[float, float]], *, replace: bool
    ) -> None:
        if network.grouping == "organisation":
            with self._db.atomic("IMMEDIATE"):
                if replace:
                    MapPosition.delete().bind(self._db).execute()
                self.save_positions(placed)
            return
        positions = {
            pid: network.positions[pid] for pid in network.people if pid in network.positions
        }
        idents = [
            network.group_idents.get(network.group_of.get(pid, NO_GROUP), "") for pid in positions
        ]
        self._settings.set(
            MAP_LAYOUT.of(grouping=network.grouping), _pack_layout(positions, idents)
        )

    def save_positions(self, positions: dict[int, tuple[float, float]]) -> None:
        """Store organisation-map positions (contact id -> layout units)."""
        if not positions:
            return
        with self._db.atomic("IMMEDIATE"):
            # executemany, not MapPosition.replace_many: after a layout of 30,000 people
            # it takes 45 ms where peewee's multi-row inserts take 250 ms.
            self._conn().executemany(
                "INSERT OR REPLACE INTO map_position (contact_id, x, y) VALUES (?, ?, ?)",
                [(cid, x, y) for cid, (x, y) in positions.items()],
            )

    # --- links drawn on the map -------------------------------------------

    @announces(Change.LINKS)
    def connect(self, a: int, b: int, kind: str = "knows") -> Tie | None:
        """Record that *a* knows *b*; None if they are already linked that way."""
        if a == b:
            raise ValidationError({"link": "A person cannot be linked to themselves."})
        pair = ((Link.from_contact_id == a) & (Link.to_contact_id == b)) | (
            (Link.from_contact_id == b) & (Link.to_contact_id == a)
        )
        with self._db.atomic("IMMEDIATE"):
            if Link.select().where(Link.kind == kind, pair).bind(self._db).exists():
                return None
            link_id = (
                Link.insert(
                    from_contact=a, to_contact=b, kind=kind, created_at=self._clock.timestamp()
                )
                .bind(self._db)
                .execute()
            )
        return Tie(a, b, kind, int(link_id))

    @announces(Change.LINKS)
    def disconnect(self, link_id: int) -> None:
        with self._db.atomic("IMMEDIATE"):
            Link.delete().where(Link.id == link_id).bind(self._db).execute()

    @announces(Change.LINKS)
    def restore_link(self, tie: Tie) -> None:
        """Put a removed link back with its id (redo after undo)."""
        with self._db.atomic("IMMEDIATE"):
            Link.insert(
                id=tie.link_id,
                from_contact=tie.a,
                to_contact=tie.b,
                kind=tie.kind,
                created_at=self._clock.timestamp(),
            ).on_conflict_ignore().bind(self._db).execute()
