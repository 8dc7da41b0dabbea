"""Render NetDesk's screens to docs/screenshots/*.png with the invented sample network.

    xvfb-run -a .venv/bin/python packaging/screenshots.py      # a real X server
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshots.py

Everything happens in a temporary data folder: the welcome screen on an empty database,
then the sample network (plus two meetings) on the Today, Contacts, Map and Meetings
pages, the settings pages, the import summary, About, and the contact list in dark.
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

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from netdesk.app import build_services, create_application, create_main_window  # noqa: E402
from netdesk.paths import Paths  # noqa: E402
from netdesk.services.contacts import ContactFilter, Scope  # noqa: E402
from netdesk.services.credentials import MemoryCredentialStore  # noqa: E402
from netdesk.services.meetings import MeetingRecord, MeetingService  # noqa: E402
from netdesk.views.appearance import DARK, SYSTEM, apply_theme  # noqa: E402
from netdesk.views.main_window import (  # noqa: E402
    CONTACTS_PAGE,
    MAP_PAGE,
    MEETINGS_PAGE,
    TODAY_PAGE,
)

SIZE = (1360, 840)


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
    path = out / f"{name}.png"
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    app = create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory(prefix="netdesk-screens-") as scratch:
        services = build_services(Paths(Path(scratch) / "data").ensure(), MemoryCredentialStore())
        window, tasks = create_main_window(services, app)
        window.resize(*SIZE)
        window.show()

        # First run: the welcome screen, with me and two people typed in.
        welcome = window.show_welcome()
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
        window.load_sample_network()
        settle(app, tasks, 1.0)
        summary = window.last_dialog
        if summary is not None:
            summary.close()
        add_meetings(services.meetings, services.contacts)
        window.reload_everything()
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
        if rows:
            window.open_meeting(rows[-1].id)
        settle(app, tasks)
        save(window, out, "meetings")

        # Dialogs.
        for title, name in (
            ("General", "settings-general"),
            ("Appearance", "settings-appearance"),
            ("Backups", "settings-backups"),
        ):
            if title == "Backups":
                services.backups.back_up()
                services.backups.back_up("daily")
            dialog = window.open_settings(title)
            dialog.resize(980, 640)
            settle(app, tasks, 0.3)
            save(dialog, out, name)
            dialog.close()
        window._on_show_about()
        settle(app, tasks, 0.3)
        save(window.last_dialog, out, "about")
        window.last_dialog.close()

        csv = Path(scratch) / "Connections.csv"
        csv.write_text(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Mia,Chen,https://www.linkedin.com/in/mia-chen,,Northwind,Data Lead,07 Feb 2026\n"
            ",,,,,,29 Jan 2026\n"
            "Omar,Haddad,,not-an-email,Cobalt,CTO,30 Jan 2026\n",
            encoding="utf-8",
        )
        window.import_paths([csv])
        settle(app, tasks, 1.0)
        save(window.last_dialog, out, "import-summary")
        window.last_dialog.close()

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
