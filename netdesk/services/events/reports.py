"""What came of an event: who was followed up, became a conversation, a referral or a real
relationship, and the conversion numbers per event."""

from __future__ import annotations

from netdesk.db.models import (
    Contact,
    EventIntroduction,
)
from netdesk.services.events.records import (
    EventNumbers,
    EventReport,
    MetPerson,
)
from netdesk.services.events.writing import NICE_TO_MEET_YOU_KIND
from netdesk.services.followups.event_followups import conversation_sql, event_conversions
from netdesk.services.vocabulary import LINKEDIN_ONLY, MET_AT_AN_EVENT

# A real relationship, as the contact list's "real relationships" scope has it (not
# LinkedIn-only), and more than "met once at an event": friendly or closer.
REAL_MIN_CLOSENESS = 3


class EventReportsMixin:
    """For EventService: report() and numbers()."""

    def report(self, event_id: int) -> EventReport:
        """Who was met, and for each: followed up, a conversation, a referral, a real
        relationship."""
        event = self.get(event_id)
        sql = f"""
            SELECT c.id, c.display_name, coalesce(o.name, ''), ep.note, ep.starred,
                EXISTS (SELECT 1 FROM todo t WHERE t.contact_id = c.id AND t.kind = ?
                        AND t.done_at IS NOT NULL AND t.event_id = ep.event_id)
                OR EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id
                           AND substr(i.occurred_at, 1, 10) >= ?),
                {conversation_sql("c.id", "?")},
                EXISTS (SELECT 1 FROM referral r WHERE (r.from_contact_id = c.id
                        OR r.to_contact_id = c.id) AND substr(r.created_at, 1, 10) >= ?),
                c.relation NOT IN (?, ?) AND c.closeness >= ?
            FROM event_person ep
            JOIN contact c ON c.id = ep.contact_id
            LEFT JOIN organisation o ON o.id = c.organisation_id
            WHERE ep.event_id = ?
            ORDER BY c.sort_name, c.id
        """
        values = (
            NICE_TO_MEET_YOU_KIND,
            event.held_on,
            event.held_on,
            event.held_on,
            LINKEDIN_ONLY,
            MET_AT_AN_EVENT,
            REAL_MIN_CLOSENESS,
            event_id,
        )
        rows = self._db.execute_sql(sql, values).fetchall()
        people = [
            MetPerson(
                contact_id=row[0],
                name=row[1],
                organisation=row[2],
                note=row[3],
                starred=bool(row[4]),
                followed_up=bool(row[5]),
                conversation=bool(row[6]),
                referral=bool(row[7]),
                real_relationship=bool(row[8]),
            )
            for row in rows
        ]
        introducer, introduced = Contact.alias("introducer"), Contact.alias("introduced")
        introductions = list(
            EventIntroduction.select(introducer.display_name, introduced.display_name)
            .join(introducer, on=introducer.id == EventIntroduction.introducer_id)
            .switch(EventIntroduction)
            .join(introduced, on=introduced.id == EventIntroduction.introduced_id)
            .where(EventIntroduction.event_id == event_id)
            .order_by(EventIntroduction.id)
            .bind(self._db)
            .tuples()
        )
        return EventReport(event, people, introductions)

    def numbers(self) -> list[EventNumbers]:
        """Per event (the latest first): the people met and how many became conversations."""
        return [
            EventNumbers(n.event_id, n.name, n.held_on.isoformat(), n.met, n.conversations)
            for n in event_conversions(self._db, limit=-1)
        ]
