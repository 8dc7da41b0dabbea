"""Who the user knows at an organisation, now and formerly, and the conversations held
with them: hand-written SQL over a few set-based reads, because the target list and the
funnel ask it for every organisation of the search at once."""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from netdesk.services.contacts.records import me_id
from netdesk.services.jobsearch.records import Person


def _among(ids: list[int]) -> str:
    return f"({','.join('?' * len(ids))})"


def people_now(
    db: peewee.SqliteDatabase, organisation_ids: Iterable[int]
) -> dict[int, list[Person]]:
    """organisation -> the people whose organisation it is (not the user), by name."""
    ids = list(organisation_ids)
    found: dict[int, list[Person]] = {}
    if not ids:
        return found
    sql = (
        "SELECT organisation_id, id, display_name FROM contact "
        f"WHERE organisation_id IN {_among(ids)} AND id IS NOT ? ORDER BY sort_name, id"
    )
    for organisation, pid, name in db.execute_sql(sql, [*ids, me_id(db)]):
        found.setdefault(organisation, []).append(Person(pid, name))
    return found


def people_before(
    db: peewee.SqliteDatabase, organisation_ids: Iterable[int]
) -> dict[int, list[Person]]:
    """organisation -> the people whose position there has ended and who are not there now."""
    ids = list(organisation_ids)
    found: dict[int, list[Person]] = {}
    if not ids:
        return found
    sql = (
        # CROSS JOIN keeps the ended positions first: walking everyone by name to find
        # them took 5 ms for one organisation.
        "SELECT DISTINCT p.organisation_id, c.id, c.display_name, c.sort_name FROM position p "
        "CROSS JOIN contact c ON c.id = p.contact_id "
        f"WHERE p.organisation_id IN {_among(ids)} AND p.ended_on IS NOT NULL "
        "AND c.organisation_id IS NOT p.organisation_id AND c.id IS NOT ? "
        "ORDER BY c.sort_name, c.id"
    )
    for organisation, pid, name, _sort in db.execute_sql(sql, [*ids, me_id(db)]):
        found.setdefault(organisation, []).append(Person(pid, name))
    return found


def held_meetings(
    db: peewee.SqliteDatabase, organisation_ids: Iterable[int] | None = None
) -> dict[int, set[int]]:
    """organisation -> the held meetings with someone who works or worked there
    (every organisation when *organisation_ids* is None)."""
    ids = None if organisation_ids is None else list(organisation_ids)
    now = "" if ids is None else f" AND c.organisation_id IN {_among(ids)}"
    before = "" if ids is None else f" AND p.organisation_id IN {_among(ids)}"
    # From the held meetings outwards (thousands), not from everyone's workplaces (30,000).
    sql = (
        "SELECT c.organisation_id, m.id FROM meeting m "
        "JOIN meeting_person mp ON mp.meeting_id = m.id JOIN contact c ON c.id = mp.contact_id "
        f"WHERE m.status = 'held' AND c.organisation_id IS NOT NULL{now} "
        "UNION SELECT p.organisation_id, m.id FROM meeting m "
        "JOIN meeting_person mp ON mp.meeting_id = m.id "
        "JOIN position p ON p.contact_id = mp.contact_id "
        f"WHERE m.status = 'held' AND p.ended_on IS NOT NULL "
        f"AND p.organisation_id IS NOT NULL{before}"
    )
    found: dict[int, set[int]] = {}
    for organisation, meeting_id in db.execute_sql(sql, (ids or []) * 2):
        found.setdefault(organisation, set()).add(meeting_id)
    return found
