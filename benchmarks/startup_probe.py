"""Start NetDesk on a data folder and report the time to the first painted window.

Run by bench_foundation.py in a fresh process: the clock starts when the parent
launches this process (its time.time() is the second argument), so interpreter
start-up, imports and opening the database all count. "first_paint_s" is when the
page the app opens on has painted; "contact_rows_s" when, right after, the contact
list has painted its first rows.
Prints one JSON line: {"first_paint_s", "contact_rows_s", "rss_mb", "rows"}.
An encrypted database is unlocked as the user would: an optional third argument is
`passphrase=FILE` or `recovery=FILE` (the file's text), read after the clock started.
"""

from __future__ import annotations

import json
import sys
import time


def main(data_dir: str, launched_at: float, unlock: str = "") -> None:
    import psutil
    from PySide6.QtCore import QEvent, QObject, QTimer

    from netdesk.app import Unlock, build_services, create_application, create_main_window
    from netdesk.paths import Paths

    app = create_application()
    given = {}
    if unlock:
        kind, path = unlock.split("=", 1)
        given[kind] = __import__("pathlib").Path(path).read_text(encoding="utf-8").strip()
    services = build_services(Paths(__import__("pathlib").Path(data_dir)), unlock=Unlock(**given))
    window, tasks = create_main_window(services, app)
    table = window.contacts_page.table
    result: dict[str, float] = {}

    class FirstPaint(QObject):
        """Stops a clock after the first paint of the widget it watches."""

        def __init__(self, key: str, then) -> None:
            super().__init__()
            self.key, self.then = key, then

        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and self.key not in result:
                QTimer.singleShot(0, self.done)  # let the paint happen, then stop the clock
            return False

        def done(self) -> None:
            if self.key not in result:
                result[self.key] = time.time() - launched_at
                self.then()

    rows_spy = FirstPaint("contact_rows_s", app.quit)
    table.viewport().installEventFilter(rows_spy)

    def open_contacts() -> None:
        window.show_page(window.pages.indexOf(window.contacts_page))

    first_spy = FirstPaint("first_paint_s", open_contacts)
    window.installEventFilter(first_spy)  # children paint in the same pass
    window.show()
    QTimer.singleShot(20_000, app.quit)
    app.exec()
    result["rows"] = window.contacts_page.model.rowCount()
    result["rss_mb"] = psutil.Process().memory_info().rss / 1_048_576
    tasks.wait()
    services.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]), *sys.argv[3:4])
