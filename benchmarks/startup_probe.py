"""Start NetDesk on a data folder and report the time to the first painted rows.

Run by bench_foundation.py in a fresh process: the clock starts when the parent
launches this process (its time.time() is the second argument), so interpreter
start-up, imports and opening the database all count.
Prints one JSON line: {"first_paint_s": ..., "rss_mb": ..., "rows": ...}.
"""

from __future__ import annotations

import json
import sys
import time


def main(data_dir: str, launched_at: float) -> None:
    import psutil
    from PySide6.QtCore import QEvent, QObject, QTimer

    from netdesk.app import build_services, create_application, create_main_window
    from netdesk.paths import Paths

    app = create_application()
    services = build_services(Paths(__import__("pathlib").Path(data_dir)))
    window, tasks = create_main_window(services, app)
    table = window.contacts_page.table
    result: dict[str, float] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and "first_paint_s" not in result:
                # Let the paint happen, then stop the clock.
                QTimer.singleShot(0, self.done)
            return False

        def done(self) -> None:
            if "first_paint_s" not in result:
                result["first_paint_s"] = time.time() - launched_at
                app.quit()

    spy = FirstPaint()
    table.viewport().installEventFilter(spy)
    window.show()
    QTimer.singleShot(20_000, app.quit)
    app.exec()
    result["rows"] = window.contacts_page.model.rowCount()
    result["rss_mb"] = psutil.Process().memory_info().rss / 1_048_576
    tasks.wait()
    services.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
