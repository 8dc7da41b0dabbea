"""Warm introductions: who could introduce me to a person, or to anyone at an organisation.

A path is me, the person I would ask first, the people between, and the target. Paths
are ranked by a cost (lower is warmer) that is never shown; each path explains itself in
sentences instead ("Jordan Lee (mentor, closeness 4) suggested you talk to Priya Shah at
your meeting on 3 Nov", "… introduced you to Aiko Tanaka at Data Guild evening on 1 Dec").
The cost adds up:

1. my tie to the first person: a real relationship costs less the closer it is
   (`FIRST_PERSON_COST`); a LinkedIn-only first person costs so much more
   (`LINKEDIN_FIRST_COST`) that such a path ranks below every path of as many links
   that starts with a real relationship;
2. each link onward: a recorded referral or introduction costs least, a "they know each
   other" line more, and sharing an employer with my own relationship (a guess) most;
3. so, other things equal, a shorter path ranks first.

Nobody is routed to someone I know myself: people I know directly (a real relationship,
or linked to the contact marked as me) are only ever the first person of a path, and a
target I know directly is reached on its own ("You know Priya Shah yourself").
"""

from __future__ import annotations

import heapq
import itertools
import math
from dataclasses import dataclass
from datetime import date

from netdesk.services.network.model import REFERRAL_KINDS, Network, Person, Tie
from netdesk.services.vocabulary import relation_label

FIRST_PERSON_COST = {5: 0.0, 4: 0.2, 3: 0.4, 2: 0.6, 1: 0.8}  # by closeness
LINK_COST = {"referred": 0.5, "introduced": 0.5, "knows": 1.0}
OTHER_LINK_COST = 1.0  # a link of a kind this version does not know
# My own relationship works where the next person works: they may know each other.
# Only from the first person (a guess about a guess is no path).
SAME_ORGANISATION_COST = 1.4
MAX_LINKS = 3  # links between people in a path: up to four people after me


def _linkedin_first_cost() -> float:
    """More than the worst real-relationship path of n links minus the best LinkedIn-only
    one of n links, for every n: a LinkedIn-only first person never ranks above a real
    relationship with as many links after them."""
    worst_first = max(FIRST_PERSON_COST.values())
    worst_link = max([*LINK_COST.values(), OTHER_LINK_COST])
    best_link = min([*LINK_COST.values(), OTHER_LINK_COST])
    gaps = [worst_first]
    for links in range(1, MAX_LINKS + 1):
        worst = worst_first + max(worst_link, SAME_ORGANISATION_COST) + (links - 1) * worst_link
        gaps.append(worst - links * best_link)
    return max(gaps) + 0.1


LINKEDIN_FIRST_COST = _linkedin_first_cost()
RANKING_EXPLAINED = (
    "Ranked by how well you know the first person, then by how each person is linked to "
    "the next (a recorded referral counts most, a shared employer least), then by length."
)


@dataclass(frozen=True, slots=True)
class PathStep:
    contact_id: int | None  # None for "You" and for the organisation at the end
    name: str
    note: str = ""  # how I know them, for the first step

    def describe(self) -> str:
        return f"{self.name} ({self.note})" if self.note else self.name


@dataclass(frozen=True)
class WarmPath:
    steps: tuple[PathStep, ...]  # You, the people in order, then the organisation if any
    cost: float  # the rank (lower is warmer); never shown: `sentences` explain the path
    sentences: tuple[str, ...] = ()  # one per link, "Jordan Lee (mentor, …) knows …"
    organisation: str = ""  # the organisation asked for, else the target's own

    @property
    def people(self) -> list[int]:
        return [s.contact_id for s in self.steps if s.contact_id is not None]

    @property
    def hops(self) -> int:
        return len(self.people)

    def describe(self) -> str:
        return " → ".join(step.describe() for step in self.steps)

    @property
    def introducer(self) -> PathStep | None:
        """Whom to ask: the first person, when someone stands between them and the target."""
        people = [s for s in self.steps if s.contact_id is not None]
        return people[0] if len(people) > 1 else None

    @property
    def target(self) -> PathStep:
        """The person at the end (at the organisation, when one was asked for)."""
        return [s for s in self.steps if s.contact_id is not None][-1]

    def request_title(self) -> str:
        people = [s for s in self.steps if s.contact_id is not None]
        target = people[-1].name
        organisation = self.steps[-1].name if self.steps[-1].contact_id is None else ""
        at = f" ({organisation})" if organisation and len(self.steps) > 2 else ""
        if len(people) == 1:
            return f"Reach out to {target}{at}"
        return f"Ask {people[0].name} for an introduction to {target}{at}"


@dataclass(frozen=True)
class Target:
    contact_id: int | None = None
    organisation_id: int | None = None


@dataclass
class PathIndex:
    """What every search needs from the people, built once per network."""

    first_cost: dict[int, float]  # my tie to each person as a cost (not the centre)
    known: set[int]  # people I know directly: never routed to
    colleagues: dict[int, list[int]]  # organisation -> the people I know directly there
    cheapest_first: float


def path_index(network: Network) -> PathIndex:
    """The network's `PathIndex`, built on first use (the map builds it off the GUI thread)."""
    index = network.path_cache
    if isinstance(index, PathIndex):
        return index
    centre = network.centre
    # A contact marked as me: whom they are linked to, I know. (Without one, the links
    # wait for the first search: building them here costs the map's load time.)
    linked_to_me = (
        {n for n, _tie in network.adjacency().get(centre, ())}
        if centre in network.people
        else set()
    )
    first_cost: dict[int, float] = {}
    known: set[int] = set()
    colleagues: dict[int, list[int]] = {}
    for person in network.people.values():
        pid = person.id
        if pid == centre:
            continue
        if person.linkedin_only and pid not in linked_to_me:
            first_cost[pid] = LINKEDIN_FIRST_COST
            continue
        first_cost[pid] = FIRST_PERSON_COST.get(person.closeness, FIRST_PERSON_COST[1])
        known.add(pid)
        if person.organisation_id:
            colleagues.setdefault(person.organisation_id, []).append(pid)
    index = PathIndex(first_cost, known, colleagues, min(first_cost.values(), default=0.0))
    network.path_cache = index
    return index


def warm_paths(network: Network, target: Target, limit: int = 8) -> list[WarmPath]:
    """The best introduction paths from me to a person or to anyone at an organisation,
    one per first person (so the list offers different people to ask), warmest first.

    One Dijkstra from the target(s) over the people, me left out, gives each person their
    cheapest way onwards; people I know directly end a branch (they are reached, never
    passed through), and each popped person is a candidate first person.
    """
    index = path_index(network)
    adjacency = network.adjacency()
    people = network.people
    centre = network.centre
    if target.contact_id is not None:
        sources = [target.contact_id] if target.contact_id in people else []
        end_label = ""
    else:
        sources = [p.id for p in people.values() if p.organisation_id == target.organisation_id]
        end_label = network.organisation_name(target.organisation_id)
    sources = [s for s in sources if s != centre]
    if not sources:
        return []
    first_cost, known, colleagues = index.first_cost, index.known, index.colleagues
    cheapest_first = index.cheapest_first
    link_cost = LINK_COST.get
    dist: dict[int, float] = dict.fromkeys(sources, 0.0)
    links: dict[int, int] = dict.fromkeys(sources, 0)
    onward: dict[int, int] = {}
    reached_organisations: set[int] = set()
    heap = [(0.0, s) for s in sources]
    heapq.heapify(heap)
    best: list[float] = []  # the *limit* best totals so far, negated (a max-heap)
    candidates: list[tuple[float, int]] = []
    while heap:
        cost, node = heapq.heappop(heap)
        if cost > dist[node]:
            continue
        # Nobody further away can beat the paths already found.
        if len(best) >= limit and cost + cheapest_first > -best[0]:
            break
        total = cost + first_cost[node]
        candidates.append((total, node))
        if len(best) < limit:
            heapq.heappush(best, -total)
        elif total < -best[0]:
            heapq.heapreplace(best, -total)
        if node in known or links[node] >= MAX_LINKS:
            continue  # reached: nobody goes through someone I know myself
        further = links[node] + 1
        # Whoever is reached beyond this could not make the list any more.
        bound = -best[0] - cheapest_first if len(best) >= limit else math.inf
        for neighbour, tie in adjacency.get(node, ()):
            if neighbour == centre:
                continue
            reached = cost + link_cost(tie.kind, OTHER_LINK_COST)
            if reached < dist.get(neighbour, math.inf) and reached <= bound:
                dist[neighbour] = reached
                links[neighbour] = further
                onward[neighbour] = node
                heapq.heappush(heap, (reached, neighbour))
        # My relationships who work here may know them (once per organisation: the
        # first of its people popped is the cheapest).
        organisation = people[node].organisation_id
        if organisation and organisation not in reached_organisations:
            reached_organisations.add(organisation)
            reached = cost + SAME_ORGANISATION_COST
            for neighbour in colleagues.get(organisation, ()) if reached <= bound else ():
                if reached < dist.get(neighbour, math.inf):
                    dist[neighbour] = reached
                    links[neighbour] = further
                    onward[neighbour] = node
                    heapq.heappush(heap, (reached, neighbour))

    candidates.sort()
    paths: list[WarmPath] = []
    for total, first in candidates[:limit]:
        chain = [first]
        while chain[-1] in onward:
            chain.append(onward[chain[-1]])
        paths.append(_warm_path(network, chain, total, end_label, first in known))
    return paths


# --- explaining a path ---------------------------------------------------------------


def _how_i_know(person: Person) -> str:
    label = relation_label(person.relation)
    return label if person.linkedin_only else label.lower()


def my_tie_words(person: Person, known: bool) -> str:
    """How I know them in a few words: "mentor, closeness 4" or "LinkedIn only"."""
    if person.linkedin_only:
        # Known only through a link to the contact marked as me.
        return "linked to you" if known else relation_label(person.relation)
    return f"{_how_i_know(person)}, closeness {person.closeness}"


def day_words(day: date, today: date | None) -> str:
    """3 Nov, or 3 Nov 2025 in another year than this one."""
    text = f"{day.day} {day:%b}"
    return text if today is not None and day.year == today.year else f"{text} {day.year}"


def _referral_words(tie: Tie, today: date | None) -> tuple[str, str]:
    """("suggested you talk to", " at your meeting on 3 Nov") for a referral, or
    ("introduced you to", " at Data Guild evening on 1 Dec") for an introduction made
    at an event."""
    verb = "suggested you talk to" if tie.kind == "referred" else "introduced you to"
    if not tie.day:
        return verb, ""
    where = tie.event or "your meeting"
    return verb, f" at {where} on {day_words(tie.day, today)}"


def link_sentence(network: Network, subject: str, a: int, b: int) -> str:
    """Why *a* (worded as *subject*) could introduce me to *b*."""
    people = network.people
    other = people[b].name
    tie = network.tie_between(a, b)
    if tie is None:  # found through their organisation
        organisation = network.organisation_name(people[a].organisation_id)
        return f"{subject} may know {other}: both work at {organisation}"
    if tie.kind in REFERRAL_KINDS:
        verb, when = _referral_words(tie, network.today)
        if tie.a == a:
            return f"{subject} {verb} {other}{when}"
        return f"{subject} knows {other}, who {verb} {people[a].name}{when}"
    return f"{subject} knows {other}"


def _referred_by(network: Network, pid: int) -> Tie | None:
    """The referral or introduction that brought this person to me, if any."""
    found = [
        tie
        for _neighbour, tie in network.adjacency().get(pid, ())
        if tie.kind in REFERRAL_KINDS and tie.b == pid and tie.a != network.centre
    ]
    found.sort(key=lambda t: (t.kind != "referred", t.day is None))
    return found[0] if found else None


def explain(network: Network, chain: list[int], end_label: str, known: bool) -> tuple[str, ...]:
    """One sentence per link of the chain (or about the one person), then where the last
    person works when an organisation was asked for."""
    people = network.people
    first = people[chain[0]]
    sentences: list[str] = []
    if len(chain) == 1:
        if known:
            sentences.append(f"You know {first.name} yourself ({my_tie_words(first, True)})")
            referral = _referred_by(network, first.id)
            if referral is not None and referral.a in people:
                verb, when = _referral_words(referral, network.today)
                sentences.append(f"{people[referral.a].name} {verb} {first.name}{when}")
        else:
            sentences.append(f"You are connected to {first.name} on LinkedIn only")
    else:
        subject = f"{first.name} ({my_tie_words(first, known)})"
        for a, b in itertools.pairwise(chain):
            sentences.append(link_sentence(network, subject, a, b))
            subject = people[b].name
    if end_label:
        sentences.append(f"{people[chain[-1]].name} works at {end_label}")
    return tuple(sentences)


def _warm_path(
    network: Network, chain: list[int], cost: float, end_label: str, known: bool
) -> WarmPath:
    centre = network.centre
    me_name = "You" if centre not in network.people else network.people[centre].name
    steps = [PathStep(None, me_name)]
    for position, pid in enumerate(chain):
        person = network.people[pid]
        steps.append(PathStep(pid, person.name, _how_i_know(person) if position == 0 else ""))
    if end_label:
        steps.append(PathStep(None, end_label))
    organisation = end_label or network.organisation_name(network.people[chain[-1]].organisation_id)
    return WarmPath(tuple(steps), cost, explain(network, chain, end_label, known), organisation)
