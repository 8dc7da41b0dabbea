"""Render NetDesk's screens to docs/screenshots/*.png with the invented sample network.

    xvfb-run -a .venv/bin/python packaging/screenshots.py      # a real X server
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshots.py
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python packaging/screenshots.py \
        --out /tmp/looks --size 1280x800 --theme dark     # today-1280-dark.png, ...

Everything happens in a temporary data folder: the pages with nobody in them (what an
empty page tells the user to do), the welcome screen, then the sample network (with two
meetings of our own if it brings none) on the Today, Contacts, Map and Meetings pages, the
main dialogs (a thank-you draft, the question bank, logging an interaction, the settings
pages, About, reviewing duplicates, the import summary) and, unless a theme is chosen,
the contact list in dark.

With --size or --theme every name gets the width and/or theme: "today-1280-dark.png".
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from netdesk.app import build_services, create_application, create_main_window  # noqa: E402
from netdesk.paths import Paths  # noqa: E402
from netdesk.services.changes import Change  # noqa: E402
from netdesk.services.contacts.records import ContactFilter, ContactRecord, Scope  # noqa: E402
from netdesk.services.credentials import MemoryCredentialStore  # noqa: E402
from netdesk.services.mail.account import MailAccount  # noqa: E402
from netdesk.services.meetings.records import MeetingRecord  # noqa: E402
from netdesk.services.meetings.service import MeetingService  # noqa: E402
from netdesk.views.appearance import DARK, LIGHT, SYSTEM, apply_theme  # noqa: E402
from netdesk.views.bank.dialog import QuestionBankDialog  # noqa: E402
from netdesk.views.main_window import (  # noqa: E402
    CONTACTS_PAGE,
    EVENTS_PAGE,
    MAP_PAGE,
    MEETINGS_PAGE,
    SEARCH_PAGE,
    TODAY_PAGE,
)

SIZE = (1360, 840)
SUFFIX = ""  # "-1280-dark" with --size 1280x800 --theme dark
PAGES = {
    TODAY_PAGE: "today",
    CONTACTS_PAGE: "contacts",
    MAP_PAGE: "map",
    MEETINGS_PAGE: "meetings",
    EVENTS_PAGE: "events",
    SEARCH_PAGE: "search",
}


def window_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT, e.g. 1280x800") from None
    return width, height


def settle(app: QApplication, tasks, seconds: float = 0.6) -> None:
    """Let background work finish and its results arrive, then paint."""
    deadline = time.monotonic() + seconds
    tasks.wait(30_000)
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    tasks.wait(30_000)
    app.processEvents()


def save(widget: QWidget, out: Path, name: str) -> Path:
    path = out / f"{name}{SUFFIX}.png"
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"cannot write {path}")
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return path


def add_meetings(meetings: MeetingService, contacts) -> None:
    mentor = contacts.query_ids(ContactFilter(text="mentor"))
    others = [i for i in contacts.query_ids(ContactFilter(scope=Scope.REAL)) if i not in mentor]
    people = contacts.records((mentor + others)[:2])
    bank = meetings.bank()
    zone = datetime.now().astimezone().tzinfo
    held = MeetingRecord(
        title=f"Coffee with {people[0].display_name} about data teams",
        status="held",
        starts_at=(datetime.now(zone) - timedelta(days=2)).replace(
            hour=10, minute=0, second=0, microsecond=0
        ),
        place="Café Lumen",
        purpose="Learn how analytics teams hire juniors; not asking for a job.",
        research="Read the team's engineering blog; their new forecasting product.",
        notes="## Hiring\n- Juniors come through referrals and meetups\n"
        "## Tools\n- dbt, Python, a lot of SQL",
        takeaways="Build one public project with real data; go to the local data meetup.",
        people=[people[0].id],
        questions=[meetings.prepared_from(q) for q in bank[:9]],
    )
    held.questions[0].answer = "Consolidation: fewer, larger platforms; data contracts."
    meetings.save(held)
    if len(people) > 1:
        meetings.save(
            MeetingRecord(
                title=f"Call with {people[1].display_name}",
                status="scheduled",
                starts_at=(datetime.now(zone) + timedelta(days=3)).replace(
                    hour=16, minute=30, second=0, microsecond=0
                ),
                people=[people[1].id],
            )
        )


EVENT_LINES = (
    "* Aiko Tanaka, Kestrel Aerospace, data platform — wants intros to fintech\n"
    "Ben Okafor, Ledgerly, payments — runs the Berlin chapter\n"
    "Cleo Park, cleo.park@northwind.example — hiring analysts in spring\n"
    '"Ruiz, Marta", Tidewater Bank — knows the data guild organisers\n'
)


def add_event(services) -> int:
    """An association evening two days ago, captured the evening after (shown on the
    events page, and grouped on Today)."""
    day = services.clock.today() - timedelta(days=2)
    event = services.events.add(
        "Data Guild evening", day, kind="association", place="Berlin, Factory Görlitzer Park"
    )
    result = services.events.capture(event.id, EVENT_LINES)
    aiko, ben, *_ = result.added_people
    services.events.add_introduction(event.id, aiko, ben)
    return event.id


def add_search(services) -> int:
    """A small job search: two targets where the user knows people, and three
    applications at different stages (one referred by a real relationship)."""
    from netdesk.services.contacts.records import ContactFilter, Scope

    today = services.clock.today()
    ids = services.contacts.query_ids(ContactFilter(scope=Scope.REAL))
    rows = services.contacts.rows(ids)
    known = [rows[i] for i in ids if rows[i].organisation and not rows[i].is_me]
    places = list(dict.fromkeys(row.organisation for row in known))
    referrer = known[0] if known else None
    apps = services.applications
    for place in places[1:3]:
        if services.targets.find(place) is None:
            services.targets.add(place, "talking", "Platform team; ask about the spring hiring.")
    referred = apps.add(
        places[0] if places else "Tidewater Bank",
        "Data Engineer",
        link="https://jobs.example.org/data-engineer",
        applied_on=today - timedelta(days=21),
        source="referral" if referrer else "cold",
        referrer_id=referrer.id if referrer else None,
    )
    apps.move(referred.id, "screen", today - timedelta(days=14))
    apps.move(referred.id, "interview", today - timedelta(days=7))
    apps.update(referred.id, next_action="Send the take-home", due_on=today + timedelta(days=2))
    cold = apps.add(
        "Northwind Analytics", "Analytics Engineer", applied_on=today - timedelta(days=18)
    )
    apps.move(cold.id, "rejected", today - timedelta(days=4))
    apps.add("Ledgerly", "Data Analyst", applied_on=today - timedelta(days=3))
    return referred.id


def add_job_changes(services) -> None:
    """What a newer LinkedIn export seen today records: the mentor on the person page
    promoted and a colleague moved (Today asks to congratulate both)."""
    from netdesk.services.positions.tracking import record_job_changes
    from netdesk.services.text import fold

    conn = services.db.connection()
    batch = conn.execute("SELECT max(id) FROM import_batch").fetchone()[0]
    mentor = services.contacts.query_ids(ContactFilter(text="mentor"))[:1]
    colleague = services.contacts.query_ids(ContactFilter(relation="colleague"))[:1]
    changes = [(cid, None, "Head of Engineering") for cid in mentor]
    changes += [(cid, "Tidewater Bank", None) for cid in colleague]
    with services.db.atomic():
        incoming = []
        for cid, organisation, role in changes:
            org_id, old_role = conn.execute(
                "SELECT organisation_id, role FROM contact WHERE id = ?", (cid,)
            ).fetchone()
            if organisation:
                key = fold(organisation)
                conn.execute(
                    "INSERT OR IGNORE INTO organisation (name, name_key) VALUES (?, ?)",
                    (organisation, key),
                )
                org_id = conn.execute(
                    "SELECT id FROM organisation WHERE name_key = ?", (key,)
                ).fetchone()[0]
            incoming.append((cid, org_id, role or old_role))
        now = services.clock.now().strftime("%Y-%m-%d %H:%M:%S")
        # As an import does: the job changes read before the people are written.
        record_job_changes(conn, incoming, batch, services.clock.today().isoformat(), now)
        conn.executemany(
            "UPDATE contact SET organisation_id = ?, role = ? WHERE id = ?",
            [(org_id, role, cid) for cid, org_id, role in incoming],
        )
    services.changes.announce(Change.PEOPLE)


def add_duplicate(services) -> None:
    """One person twice, as a vCard and a LinkedIn export would bring them."""
    services.contacts.save(
        ContactRecord(
            display_name="Bob Okonjo",
            emails=["bob@okonjo.dev"],
            phones=["+44 20 7946 0311"],
            organisation="Northwind",
            relation="colleague",
            notes="Met at the PyData meetup; into data contracts.",
        )
    )
    services.contacts.save(
        ContactRecord(
            display_name="Robert Okonjo",
            emails=["Bob@Okonjo.dev", "robert.okonjo@tidewater.example"],
            organisation="Tidewater Bank",
            role="Head of Data",
            linkedin_url="https://www.linkedin.com/in/robert-okonjo",
            location="London",
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--size", type=window_size, help="window size WIDTHxHEIGHT (default 1360x840)"
    )
    parser.add_argument("--theme", choices=(LIGHT, DARK), help="render every screen in it")
    args = parser.parse_args()
    global SUFFIX
    SUFFIX = (f"-{args.size[0]}" if args.size else "") + (f"-{args.theme}" if args.theme else "")
    size = args.size or SIZE
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    if args.theme:
        apply_theme(app, args.theme)  # before any widget exists, as the app does
    with tempfile.TemporaryDirectory(prefix="netdesk-screens-") as scratch:
        services = build_services(Paths(Path(scratch) / "data").ensure(), MemoryCredentialStore())
        window, tasks = create_main_window(services, app)
        window.resize(*size)
        window.show()

        # Nobody yet, welcome screen skipped: what each page says to do next.
        settle(app, tasks)
        for page, name in PAGES.items():
            window.show_page(page)
            settle(app, tasks, 0.6 if page != MAP_PAGE else 1.0)
            save(window, out, f"{name}-empty")

        # First run: the welcome screen, with me and two people typed in.
        welcome = window.first_run.show()
        welcome.my_name.setText("Sam Rivera")
        welcome.my_role.setText("Final-year student, data science")
        welcome.save_me()
        for name, relation in (("Rosa Diaz", "family"), ("Mr. Okafor", "teacher")):
            welcome.person_name.setText(name)
            welcome.person_relation.setCurrentIndex(welcome.person_relation.findData(relation))
            welcome.add_person()
        settle(app, tasks)
        save(window, out, "welcome")

        # The sample network, as if opened from the welcome screen.
        window.imports.load_sample_network()
        settle(app, tasks, 1.0)
        summary = window.last_dialog
        if summary is not None:
            summary.close()
        if not services.meetings.list():  # the sample network brings its own meetings
            add_meetings(services.meetings, services.contacts)
        add_job_changes(services)
        settle(app, tasks)  # every page hears of the meetings added
        window.show_page(TODAY_PAGE)
        settle(app, tasks)
        save(window, out, "today")

        window.show_page(CONTACTS_PAGE)
        page = window.contacts_page
        ids = services.contacts.query_ids(ContactFilter(text="mentor"))
        if ids:
            page.select_contact(ids[0])
        settle(app, tasks)
        save(window, out, "contacts")

        window.show_page(MAP_PAGE)
        settle(app, tasks, 2.5)
        save(window, out, "map")

        window.show_page(MEETINGS_PAGE)
        rows = services.meetings.list()
        held = [row for row in rows if row.status == "held"]
        if rows:
            window.open_meeting((held or rows)[0].id)  # the latest held: notes and answers
        settle(app, tasks)
        save(window, out, "meetings")

        window.open_event(add_event(services))
        settle(app, tasks)
        save(window, out, "events")

        referred = add_search(services)
        window.show_page(SEARCH_PAGE)
        settle(app, tasks)
        window.search_page.choose("application", referred)
        settle(app, tasks)
        save(window, out, "search")

        # Dialogs, with an invented mail account (nothing is sent) so the draft shows
        # Send and Save to my Drafts folder.
        services.mail.accounts.save(
            MailAccount(
                display_name="Sam Rivera",
                address="sam.rivera@example.org",
                smtp_host="smtp.example.org",
                imap_host="imap.example.org",
            )
        )
        if held:
            draft = window.mail.write_thank_you(held[0].id)
            if draft is not None:
                settle(app, tasks, 0.6)
                save(draft, out, "draft")
                draft.close()
        bank = QuestionBankDialog(services.meetings, window.meetings_page.bank_undo, window)
        bank.show()
        settle(app, tasks, 0.3)
        save(bank, out, "question-bank")
        bank.close()
        bank.deleteLater()
        window.show_page(CONTACTS_PAGE)
        log = window.followups.quick_log(ids[0] if ids else None)
        if log is not None:
            settle(app, tasks, 0.3)
            save(log, out, "log-interaction")
            log.close()
        for title, name in (
            ("Mail account", "settings-mail"),
            ("Email templates", "settings-templates"),
            ("Calendar", "settings-calendar"),
            ("Contacts sync", "settings-contacts"),
            ("General", "settings-general"),
            ("Appearance", "settings-appearance"),
            ("Backups", "settings-backups"),
        ):
            if title == "Backups":
                services.backups.back_up()
                services.backups.back_up("daily")
            dialog = window.mail.open_settings(title)
            dialog.resize(980, 640)
            settle(app, tasks, 0.3)
            save(dialog, out, name)
            dialog.close()
        window.findChild(QAction, "aboutAction").trigger()
        settle(app, tasks, 0.3)
        save(window.last_dialog, out, "about")
        window.last_dialog.close()

        add_duplicate(services)
        window.findChild(QAction, "reviewDuplicatesAction").trigger()
        settle(app, tasks, 0.6)
        save(window.last_dialog, out, "review-duplicates")
        window.last_dialog.close()

        csv = Path(scratch) / "Connections.csv"
        csv.write_text(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Mia,Chen,https://www.linkedin.com/in/mia-chen,,Northwind,Data Lead,07 Feb 2026\n"
            ",,,,,,29 Jan 2026\n"
            "Omar,Haddad,,not-an-email,Cobalt,CTO,30 Jan 2026\n",
            encoding="utf-8",
        )
        window.imports.import_paths([csv])
        settle(app, tasks, 1.0)
        save(window.last_dialog, out, "import-summary")
        window.last_dialog.close()

        if not args.theme:
            apply_theme(app, DARK)
            window.show_page(CONTACTS_PAGE)
            settle(app, tasks)
            save(window, out, "contacts-dark")
            apply_theme(app, SYSTEM)

        window.close()
        tasks.wait(10_000)
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
