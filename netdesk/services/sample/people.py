"""Invented people: the sample network a new user can explore, and large test exports.

Every name and organisation here is made up.
"""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from datetime import date, timedelta
from pathlib import Path

from netdesk.services.imports.incoming import IncomingPerson, ParsedFile

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
# Roles anyone's LinkedIn connections hold at any of the organisations above, and those
# that only fit some of them (no nurse at the games studio, no professor at the bank).
COMMON_ROLES = [
    "Software Engineer",
    "Senior Software Engineer",
    "Data Scientist",
    "Data Engineer",
    "Product Manager",
    "Engineering Manager",
    "UX Designer",
    "Recruiter",
    "Analyst",
    "DevOps Engineer",
    "Marketing Manager",
    "Account Executive",
]
ROLES_AT = {
    "Cobalt Health": ["Nurse Practitioner", "Clinical Data Analyst"],
    "Ferncliff University": ["Professor", "Research Scientist", "PhD Candidate"],
    "Oakridge City Council": ["Policy Advisor", "Head of Operations"],
    "Larkspur Labs": ["Research Scientist"],
    "Juniper Robotics": ["Robotics Engineer", "Research Scientist"],
    "Kestrel Aerospace": ["Systems Engineer", "Flight Software Engineer"],
    "Tidewater Bank": ["Risk Analyst", "Compliance Officer"],
    "Vantage Insurance": ["Actuary", "Claims Analyst"],
    "Quillstone Publishing": ["Editor", "Production Manager"],
    "Halcyon Games": ["Game Designer", "Technical Artist"],
    "Amberlight Studio": ["Art Director", "Motion Designer"],
    "Brightwell Foods": ["Supply Chain Analyst", "Head of Operations"],
    "Bluefjord Energy": ["Energy Analyst", "Grid Engineer"],
    "Meridian Logistics": ["Operations Planner", "Head of Operations"],
    "Northwind Analytics": ["Machine Learning Engineer", "Sales Director"],
    "Solace Software": ["Sales Director", "Support Engineer"],
}
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

# The network people forget they have, and the people a few conversations added to it:
# (key, given name, family name, organisation, role, relation, closeness, note). The keys
# are how sample_activity.py finds them; every name and organisation is invented.
SamplePerson = tuple[str, str, str, str, str, str, int, str]
REAL_TIES: list[SamplePerson] = [
    ("aunt", "Ingrid", "Holm", "Riverside Clinic", "Nurse Practitioner", "family", 5,
     "My aunt. Plays tennis with Hana Lindqvist, who leads a data team at Cobalt Health."),
    ("cousin", "Tomás", "Álvarez", "Amberlight Studio", "Founder", "family", 4,
     "Cousin; runs a small design studio."),
    ("friend", "Nadia", "Petrova", "Solace Software", "Software Engineer", "friend", 5,
     "Friend since university; honest feedback on anything."),
    ("climber", "Henrik", "Nasser", "Meridian Logistics", "Product Manager", "friend", 4,
     "Climbing partner."),
    ("mentor", "Priya", "Rao", "Vantage Insurance", "Engineering Manager", "mentor", 5,
     "Mentor from my first job at Brightwell. Monthly coffee."),
    ("cto", "Aiko", "Tanaka", "Larkspur Labs", "CTO", "mentor", 4,
     "Met at a meetup; generous with introductions."),
    ("supervisor", "Freya", "Berg", "Ferncliff University", "Professor", "teacher", 4,
     "Supervised my thesis; knows half the industry."),
    ("lecturer", "Tariq", "Dubois", "Ferncliff University", "Senior Lecturer", "teacher", 3,
     "Statistics lecturer; still answers emails."),
    ("study", "Olga", "Sharma", "Tidewater Bank", "Data Scientist", "classmate", 4,
     "Study group partner."),
    ("project", "Mateo", "Wagner", "Oakridge City Council", "Analyst", "classmate", 3,
     "Project team in final year."),
    ("desk", "Elif", "Iyer", "Brightwell Foods", "DevOps Engineer", "colleague", 4,
     "Sat next to me for two years."),
    ("designer", "Bruno", "Costa", "Brightwell Foods", "UX Designer", "colleague", 3,
     "Worked together on the onboarding redesign."),
    ("manager", "Samuel", "Novak", "Brightwell Foods", "Head of Operations", "manager", 4,
     "Former manager; happy to be a reference."),
    ("client", "Jonas", "Okafor", "Oakridge City Council", "Policy Advisor", "client", 3,
     "Client on the city data project."),
    ("vendor", "Leila", "Morales", "Solace Software", "Account Manager", "vendor", 2,
     "Account manager at our cloud vendor."),
    ("meetup", "Kwame", "Boateng", "Northwind Analytics", "Research Scientist", "group", 3,
     "Runs the local data-science meetup."),
    ("club", "Marta", "Ruiz", "Halcyon Games", "Recruiter", "group", 2,
     "Volunteer at the same coding club."),
    ("accountant", "Lukas", "Fernández", "Brookside Accounting", "Accountant", "service", 2,
     "Our accountant; knows every founder in town."),
    ("neighbour", "Yara", "Nilsson", "Juniper Robotics", "Research Scientist", "friend", 3,
     "Neighbour; builds robot arms."),
    ("train", "Sofia", "Kim", "Halcyon Games", "Founder", "other", 2,
     "Met on a long train ride; builds games."),
    ("flatmate", "Emil", "Jensen", "Quillstone Publishing", "Software Engineer", "friend", 4,
     "Flatmate in my first year; we still cook together on Sundays."),
    ("runner", "Noah", "Eriksen", "Bluefjord Energy", "Grid Engineer", "friend", 3,
     "Running buddy; works at Bluefjord."),
    ("choir", "Amara", "Larsen", "Riverside Clinic", "Physiotherapist", "friend", 3,
     "Sings in my choir; works with Ingrid."),
    ("oncall", "Chloé", "Fischer", "Brightwell Foods", "Data Engineer", "colleague", 4,
     "Shared the on-call rota for the nightly pipeline."),
    ("intern", "Ravi", "Karimi", "Brightwell Foods", "Analyst", "colleague", 3,
     "Was my intern; now an analyst on the team."),
    # Met through informational interviews, or suggested in one.
    ("hana", "Hana", "Lindqvist", "Cobalt Health", "Data Platform Lead", "other", 3,
     "Ingrid's tennis partner; leads the data platform team at Cobalt Health."),
    ("omar", "Omar", "Haddad", "Northwind Analytics", "Engineering Manager, ML Platform",
     "other", 2, "Priya's former colleague; runs Northwind's ML platform team."),
    ("ines", "Inés", "Moreau", "Bluefjord Energy", "Head of Data", "other", 1,
     "Worked with Aiko at a start-up; built Bluefjord's data team."),
    ("mei", "Mei", "Wu", "Meridian Logistics", "Staff Data Engineer", "other", 1,
     "Hana's former colleague; builds Meridian's forecasting platform."),
    ("felix", "Felix", "Schmidt", "Northwind Analytics", "Staff ML Engineer", "other", 1,
     "Moved from healthcare analytics to Omar's ML platform team."),
]  # fmt: skip
# A LinkedIn connection the user has never spoken to (a cold request goes to him).
LINKEDIN_CONTACTS: list[SamplePerson] = [
    ("arjun", "Arjun", "Patel", "Halcyon Games", "Director of Analytics", "linkedin", 1, ""),
]
SAMPLE_TAG = "sample"


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN), rng.choice(FAMILY)


def _ascii(text: str) -> str:
    """Tomás Álvarez -> tomas.alvarez: mail addresses that any server takes."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def sample_names() -> dict[str, str]:
    """The hand-written people's display names by their key ("aunt": "Ingrid Holm")."""
    return {p[0]: f"{p[1]} {p[2]}" for p in REAL_TIES + LINKEDIN_CONTACTS}


def sample_network(
    seed: int = 7, linkedin_only: int = 170, today: date | None = None
) -> ParsedFile:
    """A small believable network (200 people): a few strong ties, more LinkedIn-only
    connections.

    *today* (the user's) dates the LinkedIn connections, so that none lies in the future.
    """
    rng = random.Random(seed)
    today = today or date(2026, 11, 1)
    people: list[IncomingPerson] = []
    used = {(p[1], p[2]) for p in REAL_TIES + LINKEDIN_CONTACTS}

    def unique_name() -> tuple[str, str]:
        while True:
            name = _name(rng)
            if name not in used:
                used.add(name)
                return name

    for _key, given, family, organisation, role, relation, closeness, note in REAL_TIES:
        people.append(
            IncomingPerson(
                None,
                given,
                family,
                organisation=organisation,
                role=role,
                relation=relation,
                closeness=closeness,
                notes=note,
                email=_ascii(f"{given}.{family}@example.org".lower().replace(" ", "")),
                tags=[SAMPLE_TAG],
            )
        )
    known = [(p[1], p[2], p[3], p[4]) for p in LINKEDIN_CONTACTS]
    for index in range(linkedin_only):
        if index < len(known):
            given, family, organisation, role = known[index]
        else:
            given, family = unique_name()
            organisation = rng.choice(ORGANISATIONS)
            role = rng.choice(COMMON_ROLES + ROLES_AT.get(organisation, []) * 2)
        slug = f"{_ascii(given)}-{_ascii(family)}-{rng.randrange(10_000):04d}".lower()
        people.append(
            IncomingPerson(
                None,
                given,
                family,
                organisation=organisation,
                role=role,
                linkedin_url=f"https://www.linkedin.com/in/{slug}",
                relation="linkedin",
                closeness=1,
                connected_on=(today - timedelta(days=30 + rng.randrange(3000))).isoformat(),
                tags=[SAMPLE_TAG],
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
