"""The draft dialog's actions: send, save to the Drafts folder, open in the mail app,
"I sent it"; the password asking and what each result does."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QLineEdit

from netdesk.errors import MailError
from netdesk.services.credentials import Secret
from netdesk.services.drafts.service import SentOutcome
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.messages import (
    Draft,
    as_eml,
    build_message,
    mailto_url,
    message_id_of,
)
from netdesk.views.drafts.warnings import ask_despite_warnings

log = logging.getLogger(__name__)


class SendingMixin:
    """Mixed into DraftDialog (before QDialog): the buttons that hand the email on and
    their results; the form, the state and the signals stay DraftDialog's."""

    def _message(self, action: str):
        """(draft, message), or None with the problem shown. *action* ("Send", …) names
        what happens next when the user is asked about notes to self or an earlier email."""
        try:
            draft = self.current_draft()
        except OSError as error:
            self._show(False, f"The attachment cannot be read ({error.strerror}): {error.filename}")
            return None
        warnings = self._drafts.warnings(draft)
        if warnings and not ask_despite_warnings(self, warnings, action):
            self._select_first_note()
            return None
        account = self.account or MailAccount()
        try:
            message = build_message(account.display_name, account.address, draft)
        except MailError as error:
            self._show(False, str(error))
            return None
        # Remembered once sent: the mail scan knows it (in Sent, and in a reply) by it.
        return replace(draft, message_id=message_id_of(message)), message

    def _relay_without_login(self) -> bool:
        """An unencrypted relay on this computer with no password stored: try it without
        a login first (most take mail without one); a refusal asks for the password."""
        assert self.account is not None
        return (
            self.account.smtp_security == "plain"
            and not self._ask_password
            and self._accounts.password(self.account) is None
        )

    def _secret(self) -> Secret | None:
        """The stored password, or ask for it (first use without a keyring, or after a
        refused login); None if the user cancels."""
        assert self.account is not None
        secret = None if self._ask_password else self._accounts.password(self.account)
        if secret is not None:
            return secret
        where = self._accounts.keyring_status().message  # session only, or the keyring
        text, ok = QInputDialog.getText(
            self,
            "Mail password",
            f"{where}\n\nPassword (or app password) for {self.account.login}:",
            QLineEdit.EchoMode.Password,
        )
        if not ok or not text:
            return None
        secret = Secret(text)
        status = self._accounts.set_password(self.account, secret)
        self._ask_password = False
        if not status.persistent:
            self._show(False, status.message)
        return secret

    # --- actions ---------------------------------------------------------

    def send(self) -> None:
        if self._busy or self.account is None or not self.account.can_send:
            return
        built = self._message("Send")
        if built is None:
            return
        draft, message = built
        without_login = self._relay_without_login()
        secret = None if without_login else self._secret()
        if secret is None and not without_login:
            return
        account, transport = self.account, self._transport
        self._set_busy(True, f"Sending to {draft.to_address}…")
        self._sending = draft
        self._tasks.run(
            lambda _progress: transport.send(account, secret, message),
            self._on_sent,
            self._on_failed,
        )

    def save_to_drafts(self) -> None:
        if self._busy or self.account is None or not self.account.can_save_drafts:
            return
        built = self._message("Save")
        if built is None:
            return
        _draft, message = built
        secret = self._secret()
        if secret is None:
            return
        account, transport = self.account, self._transport
        self._set_busy(True, "Saving to your Drafts folder…")
        self._tasks.run(
            lambda _progress: transport.save_draft(account, secret, message),
            self._on_saved_to_drafts,
            self._on_failed,
        )

    def open_in_mail_app(self) -> Path | None:
        """mailto: for short plain text; otherwise an .eml file the mail app opens as a draft.
        Returns the .eml written, if any."""
        built = self._message("Open")
        if built is None:
            return None
        draft, message = built
        self._remember_template()
        url = mailto_url(draft)
        if url is not None and QDesktopServices.openUrl(QUrl(url)):
            self._handed_off("Handed to your mail app.")
            return None
        self._drafts_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        safe = re.sub(r"[^\w\- ]+", "", draft.subject).strip()[:60] or "draft"
        path = self._drafts_dir / f"{self._clock.today().isoformat()} {safe}.eml"
        path.write_bytes(as_eml(message))
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self._handed_off(f"Opened in your mail app (saved as {path}).")
        else:
            self._handed_off(f"No mail app opened it; the draft is saved as {path}.")
        return path

    def mark_sent(self) -> None:
        # What went out is logged, not attached: do not read (possibly missing) files.
        self._finish(
            Draft(
                to_name=self._to_name,
                to_address=self.to_address.currentText().strip(),
                subject=self.subject.text(),
                body=self.body.toPlainText(),
                contact_id=self.contact_id,
                meeting_id=self._meeting_id,
                purpose=self._purpose,
                application_id=self._job.application_id,
            )
        )

    # --- results ---------------------------------------------------------

    def _remember_template(self) -> None:
        template_id = self.template.currentData()
        if template_id:
            self._drafts.remember_choice(self._drafts.templates.get(template_id))

    def _handed_off(self, text: str) -> None:
        self._handed_over = True
        self._show(True, text + " Once it is sent, press “I sent it” to log it.")
        self.sent_myself.show()

    def _on_sent(self, _result: object) -> None:
        self._sent = self._handed_over = True
        self._set_busy(False)
        self._remember_template()
        self._finish(self._sending)

    def _finish(self, draft: Draft) -> None:
        """Log it on the timeline, tick the to-do off, close. If the database will not
        take it, say so and keep “I sent it” to try again (a sent email is not resent)."""
        try:
            outcome: SentOutcome = self._drafts.record_sent(draft)
        except Exception as error:
            log.error("logging a sent email failed: %s", type(error).__name__)
            self.sent_myself.show()
            done = "The email was sent, but it" if self._sent else "It"
            self._show(
                False,
                f"{done} could not be logged on their timeline ({type(error).__name__}). "
                "Press “I sent it” to try again.",
            )
            return
        self.sent.emit(outcome)
        self.accept()

    def _on_saved_to_drafts(self, mailbox: str) -> None:
        self._set_busy(False)
        self._remember_template()
        self._handed_off(f"Saved in your “{mailbox}” folder.")

    def _on_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, MailError):
            text = str(error)
            if error.kind == "auth":
                self._ask_password = True
                text += " Press the button again to type the password."
        else:
            log.error("mail task failed: %s", type(error).__name__)
            text = f"Something unexpected went wrong ({type(error).__name__})."
        self._show(False, text + " Your draft is kept; nothing was sent.")
