"""The editor's meeting actions: add to the calendar, record a referral, write thank-you.

A part of `MeetingEditor` (see editor.py), which builds the buttons with `_build_actions()`
and provides `_record`, `_clock`, `_meetings`, `_contacts`, `_people_names`, `error`,
`save_now()` and the `referral_recorded` and `thank_you_requested` signals.
"""

from __future__ import annotations

import re
import tempfile
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QLabel, QPushButton

from netdesk.errors import NotScheduled, ValidationError
from netdesk.services.calendar.ics import meeting_to_ics
from netdesk.services.contacts.records import ContactRecord
from netdesk.services.meetings.records import OUTREACH_WITHIN_DAYS, PERMISSIONS
from netdesk.views.appearance import tone_sheet
from netdesk.views.icons import set_icon
from netdesk.views.meetings.referral_dialog import ReferralDialog


class MeetingActions:
    """The calendar, referral and thank-you actions of `MeetingEditor`: a mixin."""

    def _build_actions(self) -> None:
        """The action buttons and the referral labels; the editor lays them out."""
        self.calendar_button = QPushButton("Add to calendar")
        set_icon(self.calendar_button, "calendar")
        self.calendar_button.setToolTip("Export as an .ics event and open it in your calendar")
        self.calendar_button.clicked.connect(self.export_to_calendar)
        self.referral_button = QPushButton("Record a referral…")
        set_icon(self.referral_button, "referral")
        self.referral_button.setToolTip("Who else should I talk to? May I mention you?")
        self.referral_button.clicked.connect(self.record_referral)
        self.thank_you_button = QPushButton("Write thank-you…")
        set_icon(self.thank_you_button, "mail")
        self.thank_you_button.setObjectName("thankYouButton")
        self.thank_you_button.setToolTip(
            "A thank-you email already filled in with the date and what you discussed"
        )
        self.thank_you_button.clicked.connect(self._on_thank_you_clicked)
        self.referrals = QLabel()
        self.referrals.setWordWrap(True)
        self.referral_notice = QLabel()
        self.referral_notice.setObjectName("referralNotice")
        self.referral_notice.setWordWrap(True)
        self.referral_notice.setStyleSheet(tone_sheet("good", self))
        self.referral_notice.hide()

    def export_to_calendar(self) -> Path | None:
        """Write the meeting as an .ics file and hand it to the user's calendar app."""
        if self._record is None or not self.save_now():
            return None
        people = [
            self._people_names[cid] for cid in self._record.people if cid in self._people_names
        ]
        try:
            data = meeting_to_ics(self._record, people, now=self._clock.now())
        except NotScheduled as error:
            self.error.setText(str(error))
            return None
        folder = Path(tempfile.gettempdir()) / "netdesk-calendar"
        folder.mkdir(exist_ok=True)
        safe = re.sub(r"[^\w\- ]+", "", self._record.title).strip() or "meeting"
        path = folder / f"{safe[:60]}.ics"
        path.write_bytes(data)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.error.setText(f"No calendar app opened it; the event is saved as {path}.")
        return path

    def _on_thank_you_clicked(self) -> None:
        if self._record is not None and self.save_now():
            self.thank_you_requested.emit(self._record.id)

    def record_referral(self) -> None:
        if self._record is None or not self._record.people:
            self.error.setText("Add the person you met first: a referral comes from them.")
            return
        self.save_now()
        dialog = ReferralDialog(self._contacts, self)
        for contact_id in self._record.people:
            dialog.introducer.addItem(self._people_names.get(contact_id, "?"), contact_id)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        existing = dialog.existing_id()
        new_person = (
            None
            if existing is not None
            else ContactRecord(
                display_name=dialog.name.text().strip(), organisation=dialog.organisation.text()
            )
        )
        try:
            referral = self._meetings.record_referral(
                dialog.introducer.currentData(),
                meeting_id=self._record.id,
                to_contact_id=existing,
                new_person=new_person,
                permission=dialog.permission.currentData(),
                note=dialog.note.text(),
            )
        except ValidationError as error:
            self.error.setText(" ".join(error.errors.values()))
            return
        self._show_referrals()
        due = self._clock.today() + timedelta(days=OUTREACH_WITHIN_DAYS)
        who = referral.to_name
        self.referral_notice.setText(
            (f"{who} is now in your contacts. " if new_person is not None else "")
            + f"Added an outreach to-do: reach out to {who} by {due:%a %d %b}. "
            f"It shows on {who}'s page under Contacts."
        )
        self.referral_notice.show()
        self.referral_recorded.emit(referral.to_contact_id)

    def _show_referrals(self) -> None:
        if self._record is None or self._record.id is None:
            self.referrals.clear()
            return
        found = self._meetings.referrals(meeting_id=self._record.id)
        self.referrals.setText(
            "\n".join(
                f"{r.from_name} suggested {r.to_name} ({PERMISSIONS[r.permission].lower()})"
                + (f": {r.note}" if r.note else "")
                for r in found
            )
        )
