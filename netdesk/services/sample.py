"""Invented people: the sample network a new user can explore, and large test exports.

Every name and organisation here is made up.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from pathlib import Path

from netdesk.services.linkedin import IncomingPerson, ParsedFile

GIVEN = [
    "Mia",
    "Omar",
    "Lena",
    "Tomás",
    "Aiko",
    "Priya",
    "Jonas",
    "Chloé",
    "Ravi",
    "Ingrid",
    "Kwame",
    "Sofia",
    "Mateo",
    "Yara",
    "Felix",
    "Hana",
    "Diego",
    "Elif",
    "Noah",
    "Amara",
    "Lukas",
    "Zoë",
    "Arjun",
    "Nadia",
    "Emil",
    "Leila",
    "Bruno",
    "Saanvi",
    "Oskar",
    "Inés",
    "Kofi",
    "Marta",
    "Henrik",
    "Ayşe",
    "Pablo",
    "Freya",
    "Tariq",
    "Olga",
    "Samuel",
    "Mei",
]
FAMILY = [
    "Chen",
    "Haddad",
    "Fischer",
    "Álvarez",
    "Tanaka",
    "Sharma",
    "Berg",
    "Dubois",
    "Iyer",
    "Larsen",
    "Mensah",
    "Rossi",
    "Ortega",
    "Nasser",
    "Wagner",
    "Kim",
    "Morales",
    "Yılmaz",
    "Okafor",
    "Novak",
    "Schmidt",
    "Lindqvist",
    "Patel",
    "Karimi",
    "Holm",
    "Moreau",
    "Costa",
    "Rao",
    "Nilsson",
    "Fernández",
    "Boateng",
    "Kowalska",
    "Eriksen",
    "Demir",
    "Ruiz",
    "Jensen",
    "Aziz",
    "Petrova",
    "Adeyemi",
    "Wu",
]
ORGANISATIONS = [
    "Northwind Analytics",
    "Bluefjord Energy",
    "Cobalt Health",
    "Larkspur Labs",
    "Meridian Logistics",
    "Quillstone Publishing",
    "Tidewater Bank",
    "Juniper Robotics",
    "Halcyon Games",
    "Ferncliff University",
    "Oakridge City Council",
    "Brightwell Foods",
    "Solace Software",
    "Vantage Insurance",
    "Kestrel Aerospace",
    "Amberlight Studio",
]
ROLES = [
    "Software Engineer",
    "Data Scientist",
    "Product Manager",
    "Engineering Manager",
    "UX Designer",
    "Recruiter",
    "Head of Operations",
    "Research Scientist",
    "Sales Director",
    "CTO",
    "Founder",
    "Professor",
    "Analyst",
    "Nurse Practitioner",
    "Policy Advisor",
    "DevOps Engineer",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# The network people forget they have: (relation, closeness, role hint, note).
REAL_TIES = [
    ("family", 5, "Nurse Practitioner", "My aunt. Plays tennis with a team lead at Cobalt Health."),
    ("family", 4, "Founder", "Cousin; runs a small design studio."),
    ("friend", 5, "Software Engineer", "Friend since university; honest feedback on anything."),
    ("friend", 4, "Product Manager", "Climbing partner."),
    ("mentor", 5, "Engineering Manager", "Mentor from my first job. Monthly coffee."),
    ("mentor", 4, "CTO", "Met at a meetup; generous with introductions."),
    ("teacher", 4, "Professor", "Supervised my thesis; knows half the industry."),
    ("teacher", 3, "Professor", "Statistics lecturer; still answers emails."),
    ("classmate", 4, "Data Scientist", "Study group partner."),
    ("classmate", 3, "Analyst", "Project team in final year."),
    ("colleague", 4, "DevOps Engineer", "Sat next to me for two years."),
    ("colleague", 3, "UX Designer", "Worked together on the onboarding redesign."),
    ("manager", 4, "Head of Operations", "Former manager; happy to be a reference."),
    ("client", 3, "Policy Advisor", "Client on the city data project."),
    ("vendor", 2, "Sales Director", "Account manager at our cloud vendor."),
    ("group", 3, "Research Scientist", "Runs the local data-science meetup."),
    ("group", 2, "Recruiter", "Volunteer at the same coding club."),
    ("service", 2, "Analyst", "Our accountant; knows every founder in town."),
    ("friend", 3, "Research Scientist", "Neighbour; works in robotics."),
    ("other", 2, "Founder", "Met on a long train ride; builds games."),
]


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN), rng.choice(FAMILY)


def sample_network(seed: int = 7, linkedin_only: int = 180) -> ParsedFile:
    """A small believable network: a few strong ties, more LinkedIn-only connections."""
    rng = random.Random(seed)
    people: list[IncomingPerson] = []
    used: set[tuple[str, str]] = set()

    def unique_name() -> tuple[str, str]:
        while True:
            name = _name(rng)
            if name not in used:
                used.add(name)
                return name

    for relation, closeness, role, note in REAL_TIES:
        given, family = unique_name()
        people.append(
            IncomingPerson(
                None,
                given,
                family,
                organisation=rng.choice(ORGANISATIONS),
                role=role,
                relation=relation,
                closeness=closeness,
                notes=note,
                email=f"{given}.{family}@example.org".lower().replace(" ", ""),
                tags=["sample"],
            )
        )
    for _ in range(linkedin_only):
        given, family = unique_name()
        slug = f"{given}-{family}-{rng.randrange(10_000):04d}".lower()
        people.append(
            IncomingPerson(
                None,
                given,
                family,
                organisation=rng.choice(ORGANISATIONS),
                role=rng.choice(ROLES),
                linkedin_url=f"https://www.linkedin.com/in/{slug}",
                relation="linkedin",
                closeness=1,
                connected_on=(date(2026, 11, 1) - timedelta(days=rng.randrange(3000))).isoformat(),
                tags=["sample"],
            )
        )
    return ParsedFile("Sample network", people, [], len(people))


def connections_csv(
    count: int,
    seed: int = 1,
    *,
    preamble: bool = True,
    with_url: bool = True,
    blank_every: int = 50,
) -> str:
    """A LinkedIn-style Connections.csv (current layout) with *count* invented people."""
    rng = random.Random(seed)
    out = io.StringIO()
    if preamble:
        out.write(
            'Notes:\n"When exporting your connection data, you may notice that some of the '
            "email addresses are missing. You will only see email addresses of connections "
            'who have allowed their connections to see or download their email address."\n\n'
        )
    header = [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ]
    if not with_url:
        header.remove("URL")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    day = date(2026, 11, 1)
    for index in range(count):
        day -= timedelta(days=rng.random() < 0.02)
        when = f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}"
        if blank_every and index % blank_every == blank_every - 1:
            row = ["", "", "", "", "", "", when]
        else:
            given, family = _name(rng)
            email = f"{given}.{family}{index}@example.com".lower() if rng.random() < 0.03 else ""
            row = [
                given,
                family,
                f"https://www.linkedin.com/in/{given}-{family}-{index:05d}".lower(),
                email,
                rng.choice(ORGANISATIONS),
                rng.choice(ROLES),
                when,
            ]
        if not with_url:
            del row[2]
        writer.writerow(row)
    return out.getvalue().rstrip("\n")  # LinkedIn's own file has no trailing newline


def write_connections_csv(path: Path, count: int, seed: int = 1, **options: bool | int) -> Path:
    path.write_text(connections_csv(count, seed, **options), encoding="utf-8")  # type: ignore[arg-type]
    return path
