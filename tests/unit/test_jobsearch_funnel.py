"""The funnel on a hand-built history: conversations → referrals → applications →
interviews → offers, warm against cold, and the median days of each step."""

from __future__ import annotations

from datetime import timedelta

from netdesk.services.jobsearch.funnel import FunnelStage, Transition, funnel
from tests.frozen_time import TODAY
from tests.unit.test_jobsearch import meeting, person, worked_at

START = TODAY - timedelta(days=90)


def on(day: int):
    return START + timedelta(days=day)


def history(services) -> None:
    """Five applications at four organisations, one more target referred, and the
    conversations around them."""
    apps = services.applications
    priya = person(services, "Priya Wei", "Northwind")  # a friend there: warm
    sam = person(services, "Sam Park", "Harbor", relation="colleague")
    omar = person(services, "Omar Haddad", "Globex")
    worked_at(services, omar, "Kestrel", "2024-01-01")  # formerly at Kestrel
    person(services, "Lee Link", "Tidewater", relation="linkedin")  # LinkedIn only: cold
    me = person(services, "Me Myself", "Tidewater")
    services.graph.set_me(me)  # the user's own organisation warms nothing
    nobody = person(services, "Ann Else", "Elsewhere")
    services.targets.add("Cobalt", "referred")  # a referral without an application yet
    services.targets.add("Northwind", "referred")  # its referral is A1's: counted once

    meeting(services, [priya], 80)
    meeting(services, [omar], 70)  # worked at Kestrel: a conversation of the search
    meeting(services, [priya, sam], 60)  # one conversation, however many people
    meeting(services, [nobody], 50)  # not an organisation of the search
    meeting(services, [sam], -5, status="scheduled")  # not held yet

    a1 = apps.add("Northwind", "Analyst", applied_on=on(0), source="referral", referrer_id=priya)
    apps.move(a1.id, "screen", on(4))
    apps.move(a1.id, "interview", on(11))
    apps.move(a1.id, "interview", on(19))  # round 2: the first day counts
    apps.move(a1.id, "offer", on(29))
    a2 = apps.add("Kestrel", "Engineer", applied_on=on(1))  # cold
    apps.move(a2.id, "screen", on(11))
    apps.move(a2.id, "rejected", on(19))
    a3 = apps.add("Harbor", "Analyst", applied_on=on(2), source="recruiter")  # Sam: warm
    apps.move(a3.id, "interview", on(8))
    apps.move(a3.id, "offer", on(18))
    a4 = apps.add("Tidewater", "Analyst", applied_on=on(3))  # cold
    apps.move(a4.id, "screen", on(9))
    apps.move(a4.id, "interview", on(19))
    a5 = apps.add("Kestrel", "Data Engineer", applied_on=on(10))  # cold
    apps.move(a5.id, "rejected", on(12))


def test_the_funnel_counts_each_stage_warm_and_cold(services) -> None:
    history(services)
    found = funnel(services.db)
    assert found.stages == (
        FunnelStage("conversations", 3, 3, 0),
        FunnelStage("referrals", 2, 2, 0),
        FunnelStage("applications", 5, 2, 3),
        FunnelStage("interviews", 3, 2, 1),
        FunnelStage("offers", 2, 2, 0),
    )


def test_the_funnel_gives_the_median_days_of_each_step(services) -> None:
    history(services)
    assert funnel(services.db).transitions == (
        Transition("applied", "screen", 3, 6.0),  # 4, 10, 6
        Transition("applied", "interview", 1, 6.0),
        Transition("applied", "rejected", 1, 2.0),
        Transition("screen", "interview", 2, 8.5),  # 7, 10
        Transition("screen", "rejected", 1, 8.0),
        Transition("interview", "offer", 2, 14.0),  # 18, 10
    )


def test_an_empty_search_has_an_empty_funnel(services) -> None:
    found = funnel(services.db)
    assert [s.total for s in found.stages] == [0, 0, 0, 0, 0]
    assert found.transitions == () and found.transition("applied", "screen") is None
