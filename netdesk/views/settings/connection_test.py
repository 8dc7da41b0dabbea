"""The mail account page's Test connection: log in to SMTP and IMAP off the GUI thread
with what the form says now, show the result and offer any untrusted certificate."""

from __future__ import annotations

import shiboken6

from netdesk.services.credentials import Secret
from netdesk.services.mail.account import MailAccount
from netdesk.services.mail.security import wire
from netdesk.services.mail.transport import CheckResult, ConnectionReport
from netdesk.views.appearance import tone_sheet
from netdesk.views.settings.common import MUTED


def _brief(result: CheckResult) -> str:
    """A result whose certificate is offered below: what happened, without the advice
    to come here and test (the offer is right below it)."""
    text = result.message
    if result.certificate is None:
        return text
    head, found, _ = text.partition("NetDesk did not log in")
    if not found:
        return text
    end = text.find(".", len(head))
    return text[: end + 1] + " See below."


class ConnectionTestMixin:
    """Mixed into MailAccountPage (before QWidget): the test button's work and its result
    label; the certificates it could not verify go to the trust panel."""

    def test_connection(self) -> None:
        """Log in to SMTP and IMAP off the GUI thread with what the form says now."""
        if self._testing:
            return
        account = self.form_account()
        errors = self._accounts.validate(account)
        if not account.smtp_host.strip():
            errors["smtp_host"] = "Enter the outgoing (SMTP) server first."
        if errors:
            self._show_result(False, " ".join(errors.values()))
            return
        _account, secret = self._login()
        # A relay on this computer may take mail without a login.
        local_relay = wire(account.smtp_security) == "plain" and not account.imap_host.strip()
        if secret is None and not local_relay:
            self._show_result(False, "Enter the password (or app password) first.")
            return
        self._hide_trust()
        self._testing = True
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet(MUTED)
        self.test_result.setText("Connecting…")
        transport = self._transport
        self._tasks.run(
            lambda _progress: transport.test_connection(account, secret),
            self._on_test_done,
            self._on_test_failed,
        )

    def _login(self) -> tuple[MailAccount, Secret | None]:
        """The form's account and its password: typed, else the stored one."""
        account, secret = self.form_account(), self._typed_password()
        if secret is None and account.id is not None:
            secret = self._accounts.password(account)
        return account, secret

    def _on_test_done(self, report: ConnectionReport) -> None:
        if not shiboken6.isValid(self):
            return  # Settings was closed while the servers answered
        self._testing = False
        self.test_button.setEnabled(True)
        lines = [("✓ " if report.smtp.ok else "✗ ") + _brief(report.smtp)]
        if report.imap is not None:
            lines.append(("✓ " if report.imap.ok else "✗ ") + _brief(report.imap))
        else:
            lines.append("IMAP not set up: drafts can still go to your mail app.")
        self._show_result(report.ok, "\n".join(lines))
        self._offered = [
            result.certificate
            for result in (report.smtp, report.imap)
            if result is not None and result.certificate is not None
        ]
        self._trusted_now = False
        self._offer_next()

    def _on_test_failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._testing = False
        self.test_button.setEnabled(True)
        self._show_result(False, f"The test itself failed: {type(error).__name__}.")

    def _show_result(self, ok: bool, text: str) -> None:
        self.test_result.setStyleSheet(tone_sheet("good" if ok else "error", self))
        self.test_result.setText(text)
