"""A labelled set for the duplicate finder, generated deterministically (seeded).

`build(total, seed)` returns (records, labels): *total* real-looking people as dicts of
ContactRecord fields, among them planted pairs, each labelled True (one person entered
twice: another email spelling, phone format or profile address, a nickname, a typo, a
transliteration, the name reordered, an initial, accents dropped, a sparse second
record) or False (hard negatives: the same common name at the same organisation with
other emails or profiles, family members sharing a surname, an address and a home
phone, Bob and Robert at different organisations, Daniel and Daniela, a switchboard
phone). Every other record is a person of their own: any pair proposed among them is a
false positive.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


def _words(text: str, separator: str | None = None) -> list[str]:
    return text.split(separator)


GIVEN = _words(
    "james mary robert patricia john jennifer michael linda william elizabeth david barbara "
    "richard susan joseph jessica thomas sarah charles karen christopher nancy daniel lisa "
    "matthew betty anthony margaret mark sandra donald ashley steven kimberly paul emily "
    "andrew donna joshua michelle kenneth carol kevin amanda brian melissa george deborah "
    "timothy stephanie ronald rebecca edward sharon jason laura jeffrey cynthia ryan "
    "kathleen jacob amy gary angela nicholas shirley eric anna jonathan brenda stephen "
    "pamela larry emma justin nicole scott helen brandon samantha benjamin katherine samuel "
    "christine gregory debra alexander rachel frank carolyn patrick janet raymond catherine "
    "jack maria dennis heather jerry diane tyler ruth aaron julie jose olivia adam joyce "
    "nathan virginia henry victoria douglas kelly zachary lauren peter christina kyle joan "
    "ethan evelyn walter judith noah megan jeremy andrea christian cheryl keith hannah "
    "roger jacqueline terry martha gerald gloria harold teresa sean ann austin sara carl "
    "madison arthur frances lawrence kathryn dylan janice jesse jean jordan abigail bryan "
    "alice billy julia joe judy bruce sophia gabriel grace logan denise albert amber willie "
    "doris alan marilyn juan danielle wayne beverly elijah isabella randy theresa roy diana "
    "vincent natalie ralph brittany eugene charlotte russell marie bobby kayla mason alexis "
    "philip lori mia chen wei aiko hiroshi kenji yuki priya raj arjun ananya deepak sanjay "
    "ravi fatima omar ahmed layla zainab amir kwame ama kofi chidi ngozi amara lars sven "
    "ingrid astrid olga irina svetlana tatiana igor boris dmitri sergei elena marta carmen "
    "lucia javier pablo diego ines thiago bruno camila valeria marcos pierre camille "
    "etienne hugo claire nora ivy ruby"
)
FAMILY = _words(
    "smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez "
    "lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson "
    "white harris sanchez clark ramirez lewis robinson walker young allen king wright scott "
    "torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell "
    "carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes "
    "stewart morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson "
    "bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez wood james "
    "bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross "
    "foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson "
    "barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton "
    "graham reynolds griffin wallace west cole hayes bryant herrera gibson ellis tran "
    "medina aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald "
    "woods washington kennedy wells vargas henry chen freeman webb tucker guzman burns "
    "crawford olson simpson porter hunter gordon mendez silva shaw snyder mason dixon munoz "
    "hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren "
    "mills meyer rice schmidt garza daniels ferguson nichols stephens soto weaver ryan "
    "gardner payne grant dunn kelley spencer hawkins arnold pierce vazquez hansen peters "
    "santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane "
    "riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena "
    "richards contreras willis carpenter lawrence sandoval wang li zhang liu yang huang "
    "zhao wu zhou xu sun ma zhu hu guo he tanaka suzuki takahashi watanabe ito yamamoto "
    "nakamura kobayashi sato singh kumar sharma gupta shah mehta iyer reddy okafor mensah "
    "adeyemi nwosu boateng kowalski nowak wisniewski ivanov petrov smirnov volkov kuznetsov "
    "popov muller schneider fischer weber becker schulz rossi russo ferrari esposito "
    "bianchi dubois moreau laurent lefebvre andersson johansson karlsson nilsson larsen "
    "hansen jensen novak horvat kaya yilmaz demir cohen levi friedman haddad khalil nasser "
    "rahman hossain"
)
ORGS = [
    f"{a}{m} {b}"
    for m in ("", " Global", " Digital", " North", " Pacific", " United", " First", " Capital")
    for a in [
        "Northwind",
        "Tidewater",
        "Kestrel",
        "Bluefin",
        "Granite",
        "Larkspur",
        "Meridian",
        "Cobalt",
        "Juniper",
        "Halcyon",
        "Ironwood",
        "Silverline",
        "Redwood",
        "Saffron",
        "Aurora",
        "Beacon",
        "Cedar",
        "Summit",
        "Harbor",
        "Quartz",
    ]
    for b in ("Bank", "Labs", "Aerospace", "Health", "Energy", "Logistics", "Media", "Systems")
] + ["University of Lisbon", "City Hospital", "Municipal Library", "Freelance"]
CITIES = _words(
    "Lisbon;Porto;Madrid;Barcelona;Paris;Lyon;Berlin;Munich;Hamburg;Amsterdam;Rotterdam;"
    "Brussels;London;Manchester;Dublin;Edinburgh;Oslo;Stockholm;Copenhagen;Helsinki;Warsaw;"
    "Prague;Vienna;Zurich;Geneva;Milan;Rome;Athens;Istanbul;New York;Boston;Chicago;Seattle;"
    "San Francisco;Austin;Toronto;Montreal;Vancouver;Mexico City;São Paulo;Buenos Aires;"
    "Lagos;Nairobi;Accra;Cairo;Dubai;Mumbai;Bangalore;Singapore;Tokyo;Osaka;Seoul;Sydney",
    ";",
)
# Variants for planted duplicates: (as first entered, as entered the second time).
NICKNAMES = [
    ("robert", "bob"),
    ("elizabeth", "liz"),
    ("william", "bill"),
    ("margaret", "peggy"),
    ("katherine", "kate"),
    ("james", "jim"),
    ("michael", "mike"),
    ("alexander", "alex"),
    ("richard", "rick"),
    ("jennifer", "jen"),
    ("thomas", "tom"),
    ("christopher", "chris"),
    ("daniel", "dan"),
    ("joseph", "joe"),
    ("samantha", "sam"),
    ("anthony", "tony"),
    ("patricia", "trish"),
    ("deborah", "debbie"),
    ("edward", "ted"),
    ("matthew", "matt"),
]
TRANSLITERATIONS = [
    ("aleksandr", "alexander"),
    ("mohammed", "muhammad"),
    ("yevgeny", "evgeny"),
    ("dmitri", "dmitry"),
    ("sergei", "sergey"),
    ("yekaterina", "ekaterina"),
    ("mikhail", "michael"),
    ("natalia", "natalie"),
]
FAMILY_TRANSLITERATIONS = [
    ("schmidt", "shmidt"),
    ("tchaikovsky", "tchaikovski"),
    ("wang", "whang"),
    ("nguyen", "nguyễn"),
    ("müller", "mueller"),
    ("kuznetsov", "kuznetsova"),
]
ACCENTED = [
    ("josé", "garcía"),
    ("zoë", "lefèvre"),
    ("françois", "dubois"),
    ("łukasz", "wiśniewski"),
    ("søren", "jørgensen"),
    ("inês", "conceição"),
    ("björn", "åström"),
    ("renée", "côté"),
]
GENDERED = [
    ("daniel", "daniela"),
    ("alexander", "alexandra"),
    ("paul", "paula"),
    ("julian", "juliana"),
    ("victor", "victoria"),
    ("christian", "christina"),
]


@dataclass
class Label:
    first: int  # indexes into the records
    second: int
    same: bool
    kind: str


def _title(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


class Generator:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.records: list[dict] = []
        self.labels: list[Label] = []
        self.serial = 0
        # Zipf-like weights: some names are common, most are not.
        self.given_weights = [1 / (i + 8) for i in range(len(GIVEN))]
        self.family_weights = [1 / (i + 8) for i in range(len(FAMILY))]
        self.org_weights = [1 / (i + 20) for i in range(len(ORGS))]  # a few large employers

    def person(self, given: str | None = None, family: str | None = None, **fields) -> dict:
        r = self.random
        self.serial += 1
        given = given or r.choices(GIVEN, self.given_weights)[0]
        family = family or r.choices(FAMILY, self.family_weights)[0]
        default = r.choices(ORGS, self.org_weights)[0] if r.random() < 0.8 else ""
        organisation = fields.pop("organisation", default)
        slug = f"{given}-{family}-{self.serial:x}".replace(" ", "")
        record = {
            "given_name": _title(given),
            "family_name": _title(family),
            "organisation": organisation,
            "location": r.choice(CITIES) if r.random() < 0.6 else "",
            "emails": [],
            "phones": [],
            # Nearly everyone in a network this size came from a LinkedIn export, which
            # gives every connection's profile; a few were typed in or came from a phone.
            "linkedin_url": f"https://www.linkedin.com/in/{slug}" if r.random() < 0.95 else "",
        }
        if r.random() < 0.5:
            domain = (
                organisation.split()[0].lower() + ".example" if organisation else "mail.example"
            )
            record["emails"] = [f"{given}.{family}.{self.serial}@{domain}".replace(" ", "")]
        if r.random() < 0.3:
            record["phones"] = [f"+1 415 {r.randint(200, 999)} {r.randint(0, 9999):04d}"]
        record.update(fields)
        return record

    def add(self, record: dict) -> int:
        self.records.append(record)
        return len(self.records) - 1

    def pair(self, a: dict, b: dict, same: bool, kind: str) -> None:
        self.labels.append(Label(self.add(a), self.add(b), same, kind))

    def sparse(self, record: dict, **fields) -> dict:
        """The same person entered again by hand or from a phone: fewer fields."""
        base = {**record, "emails": [], "phones": [], "linkedin_url": ""}
        if self.random.random() < 0.5:
            base["location"] = ""
        base.update(fields)
        return base


def build(total: int = 30_000, seed: int = 18) -> tuple[list[dict], list[Label]]:
    g = Generator(seed)
    r = g.random
    for _ in range(40):  # the same mailbox spelled another way, the name shortened
        a = g.person(emails=[f"dana.cruz{g.serial}@gmail.com"])
        local = a["emails"][0].split("@")[0]
        b = g.sparse(a, emails=[f"{local.replace('.', '').upper()}+work@googlemail.com"])
        b["given_name"] = b["given_name"][:1] + "."
        g.pair(a, b, True, "same email")
    for _ in range(30):  # one phone in two formats
        a = g.person(phones=[f"+1 415 555 {r.randint(0, 9999):04d}"])
        digits = a["phones"][0].split()
        b = g.sparse(a, phones=[f"({digits[1]}) {digits[2]}-{digits[3]}"], organisation="")
        g.pair(a, b, True, "same phone")
    for _ in range(40):  # one profile, another address form, a name changed (marriage)
        a = g.person(linkedin_url=f"https://www.linkedin.com/in/p-{g.serial}")
        url = a["linkedin_url"].replace("https://www.", "http://de.").upper() + "/?trk=x"
        b = g.sparse(a, linkedin_url=url, family_name=_title(r.choice(FAMILY)))
        g.pair(a, b, True, "same profile")
    for _ in range(70):  # a nickname, at the same organisation
        formal, nick = r.choice(NICKNAMES)
        a = g.person(formal, organisation=r.choice(ORGS))
        g.pair(a, g.sparse(a, given_name=_title(nick)), True, "nickname")
    for _ in range(50):  # a typo in the given or the family name
        a = g.person(organisation=r.choice(ORGS))
        field = r.choice(["given_name", "family_name"])
        b = g.sparse(a, **{field: _typo(r, a[field])})
        g.pair(a, b, True, "typo")
    for _ in range(30):  # transliterations
        if r.random() < 0.5:
            given, other = r.choice(TRANSLITERATIONS)
            a = g.person(given, organisation=r.choice(ORGS))
            b = g.sparse(a, given_name=_title(other))
        else:
            family, other = r.choice(FAMILY_TRANSLITERATIONS)
            a = g.person(family=family, organisation=r.choice(ORGS))
            b = g.sparse(a, family_name=_title(other))
        g.pair(a, b, True, "transliteration")
    for _ in range(40):  # "Chen Mia" / "Mia Chen"
        a = g.person(organisation=r.choice(ORGS))
        b = g.sparse(a, given_name=a["family_name"], family_name=a["given_name"])
        g.pair(a, b, True, "reordered")
    for _ in range(40):  # "M. Chen"
        a = g.person(organisation=r.choice(ORGS))
        g.pair(a, g.sparse(a, given_name=a["given_name"][0] + "."), True, "initial")
    for _ in range(40):  # accents dropped
        given, family = r.choice(ACCENTED)
        a = g.person(given, family, location=r.choice(CITIES))
        b = g.sparse(a, given_name=_plain(a["given_name"]), family_name=_plain(family).title())
        b["location"] = a["location"]
        g.pair(a, b, True, "accents")
    for _ in range(40):  # the same name, the second record without organisation: same city
        a = g.person(location=r.choice(CITIES))
        b = g.sparse(a, organisation="", location=a["location"])
        g.pair(a, b, True, "sparse, same city")
    for _ in range(20):  # moved jobs, nothing shared but the name: hard to see
        a = g.person()
        b = g.sparse(a, organisation=r.choice(ORGS))
        g.pair(a, b, True, "changed job")

    # Hard negatives.
    common = [
        ("james", "smith"),
        ("maria", "garcia"),
        ("wei", "wang"),
        ("john", "lee"),
        ("mia", "chen"),
        ("david", "kim"),
        ("anna", "nowak"),
        ("priya", "patel"),
    ]
    for _ in range(80):  # the same common name at the same organisation, own emails
        given, family = r.choice(common)
        organisation = r.choice(ORGS)
        a = g.person(given, family, organisation=organisation)
        b = g.person(given, family, organisation=organisation)
        a["emails"] = a["emails"] or [f"{given}.{family}.{g.serial}a@x.example"]
        b["emails"] = b["emails"] or [f"{given[0]}{family}.{g.serial}b@x.example"]
        g.pair(a, b, False, "same name, same organisation, other emails")
    for _ in range(40):  # the same name at the same organisation, two LinkedIn profiles
        given, family = r.choice(common)
        organisation = r.choice(ORGS)
        a = g.person(given, family, organisation=organisation, emails=[])
        b = g.person(given, family, organisation=organisation, emails=[])
        a["linkedin_url"] = f"https://www.linkedin.com/in/{given}-{family}-{g.serial}"
        b["linkedin_url"] = f"https://www.linkedin.com/in/{given}{family}{g.serial}"
        g.pair(a, b, False, "same name, same organisation, other profiles")
    for _ in range(80):  # family members: one surname, one address, one home phone
        family = r.choice(FAMILY)
        home = f"+1 617 {r.randint(200, 999)} {r.randint(0, 9999):04d}"
        city = r.choice(CITIES)
        first, second = r.sample(GIVEN, 2)
        a = g.person(first, family, location=city, phones=[home], organisation="")
        b = g.person(second, family, location=city, phones=[home], organisation="")
        g.pair(a, b, False, "family members")
    for _ in range(60):  # Bob and Robert, different people at different organisations
        formal, nick = r.choice(NICKNAMES)
        family = r.choice(FAMILY)
        one, two = r.sample(ORGS, 2)
        a = g.person(formal, family, organisation=one, location=r.choice(CITIES))
        b = g.person(nick, family, organisation=two, emails=[], linkedin_url="")
        b["location"] = r.choice([c for c in CITIES if c != a["location"]])
        g.pair(a, b, False, "nickname, other organisation")
    for _ in range(40):  # Daniel and Daniela: siblings at one family business
        male, female = r.choice(GENDERED)
        family = r.choice(FAMILY)
        organisation = r.choice(ORGS)
        a = g.person(male, family, organisation=organisation, emails=[], linkedin_url="")
        b = g.person(female, family, organisation=organisation, emails=[], linkedin_url="")
        g.pair(a, b, False, "gendered names")
    for _ in range(30):  # one switchboard number at one organisation, two people
        organisation = r.choice(ORGS)
        switchboard = [f"+44 20 7946 {r.randint(0, 9999):04d}"]
        a = g.person(organisation=organisation, phones=switchboard)
        b = g.person(organisation=organisation, phones=switchboard)
        if a["given_name"] != b["given_name"]:
            g.pair(a, b, False, "shared switchboard")
    while len(g.records) < total:
        g.add(g.person())
    return g.records, g.labels


def _typo(r: random.Random, word: str) -> str:
    if len(word) < 4:
        return word + word[-1]
    i = r.randrange(1, len(word) - 1)
    kind = r.choice(["swap", "drop", "double"])
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _plain(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("ø", "o"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
