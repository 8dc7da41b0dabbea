"""Finding the drafts folder, and keeping the password out of server text.

The IMAP servers here are scripted stand-ins at imaplib's edge, for the kinds of server
the real dovecot in tests/integration cannot play: one that only tells special use when
asked with RETURN (SPECIAL-USE), an old Gmail that only tells it in XLIST, one whose
drafts folder is not marked at all.
"""

from __future__ import annotations

import base64
import imaplib

import pytest

from netdesk.errors import MailError
from netdesk.services.credentials import Secret
from netdesk.services.mail.errors import _scrub
from netdesk.services.mail.imap import _drafts_mailbox, decode_mailbox_name


class ScriptedImap:
    """Answers LIST, LIST … RETURN (SPECIAL-USE), XLIST and CAPABILITY like a server."""

    def __init__(
        self,
        plain: list,
        capabilities: str = "IMAP4rev1",
        special_use: list | None = None,
        xlist: list | None = None,
    ) -> None:
        self.capabilities = ("IMAP4REV1",)
        self._plain, self._caps = plain, capabilities
        self._special_use, self._xlist = special_use, xlist
        self.commands: list[str] = []

    def list(self, directory: str = '""', pattern: str = "*"):
        self.commands.append(f"LIST {directory} {pattern}")
        if "RETURN" in pattern:
            if self._special_use is None:
                raise imaplib.IMAP4.error("LIST command error: BAD [b'Unknown argument']")
            return "OK", self._special_use
        return "OK", self._plain

    def capability(self):
        self.commands.append("CAPABILITY")
        return "OK", [self._caps.encode()]

    def xatom(self, name: str, *args: str):
        self.commands.append(" ".join((name, *args)))
        return ("OK", [b"XLIST completed"]) if self._xlist is not None else ("BAD", [b"?"])

    def _untagged_response(self, status, data, name):
        return status, self._xlist


def test_the_mailbox_marked_drafts_in_a_plain_list() -> None:
    conn = ScriptedImap(
        [
            b'(\\HasNoChildren) "." INBOX',
            b'(\\HasNoChildren \\Drafts) "." "INBOX.Mes brouillons"',
            b'(\\HasNoChildren) "." INBOX.Drafts',
        ]
    )
    found = _drafts_mailbox(conn)
    assert found.wire == found.name == "INBOX.Mes brouillons"
    assert conn.commands == ['LIST "" "*"']  # one round trip when the server says it


def test_special_use_asked_for_when_a_plain_list_does_not_say_it() -> None:
    conn = ScriptedImap(
        [b'(\\HasNoChildren) "/" INBOX', b'(\\HasNoChildren) "/" "Entw&APw-rfe"'],
        capabilities="IMAP4rev1 LIST-EXTENDED SPECIAL-USE",
        special_use=[b'() "/" INBOX', b'(\\Drafts) "/" "Entw&APw-rfe"'],
    )
    found = _drafts_mailbox(conn)
    assert found.wire == "Entw&APw-rfe" and found.name == "Entwürfe"
    assert 'LIST "" "*" RETURN (SPECIAL-USE)' in conn.commands


def test_xlist_for_servers_that_only_mark_folders_there() -> None:
    conn = ScriptedImap(
        [b'(\\HasChildren \\Noselect) "/" "[Gmail]"', b'(\\HasNoChildren) "/" "[Gmail]/Bozze"'],
        capabilities="IMAP4rev1 XLIST",
        xlist=[b'(\\HasNoChildren \\Drafts) "/" "[Gmail]/Bozze"'],
    )
    assert _drafts_mailbox(conn).wire == "[Gmail]/Bozze"
    assert 'XLIST "" "*"' in conn.commands


def test_a_usual_name_when_nothing_is_marked() -> None:
    conn = ScriptedImap(
        [
            b'(\\Noselect) "/" Drafts',  # a folder that cannot hold mail does not count
            b'(\\HasNoChildren) "/" INBOX',
            b'(\\HasNoChildren) "/" "Entw&APw-rfe"',
        ]
    )
    found = _drafts_mailbox(conn)
    assert found.wire == "Entw&APw-rfe" and found.name == "Entwürfe"


def test_a_name_sent_as_a_literal() -> None:
    conn = ScriptedImap([(b'(\\Drafts) "/" {12}', b'My "Drafts"'), b""])
    assert _drafts_mailbox(conn).wire == 'My "Drafts"'


def test_no_drafts_folder_at_all_says_what_to_do() -> None:
    conn = ScriptedImap([b'(\\HasNoChildren) "/" INBOX'], capabilities="IMAP4rev1 SPECIAL-USE")
    with pytest.raises(MailError) as caught:
        _drafts_mailbox(conn)
    assert caught.value.kind == "no_drafts" and "Open in my mail app" in str(caught.value)


@pytest.mark.parametrize(
    ("wire", "name"),
    [
        ("Drafts", "Drafts"),
        ("Entw&APw-rfe", "Entwürfe"),
        ("&BCcENQRABD0EPgQyBDgEOgQ4-", "Черновики"),
        ("Tom &- Jerry", "Tom & Jerry"),
        ("&Jjo-!", "☺!"),
        ("Broken &%%-", "Broken &%%-"),
    ],
)
def test_modified_utf7_names(wire: str, name: str) -> None:
    assert decode_mailbox_name(wire) == name


def test_scrub_finds_the_password_in_every_form_a_server_echoes() -> None:
    secret = Secret('pa"ss\\word-42')
    plain = base64.b64encode(b'\0ada@example.org\0pa"ss\\word-42').decode()
    login = base64.b64encode(b'pa"ss\\word-42').decode()
    for echoed in (
        'NO [AUTHENTICATIONFAILED] LOGIN ada "pa\\"ss\\\\word-42"',  # IMAP-quoted
        'got pa"ss\\word-42',
        f"535 5.7.8 AUTH PLAIN {plain} refused",
        f"535 AUTH LOGIN {login}",
    ):
        text = _scrub(echoed, secret)
        assert "word-42" not in text and plain not in text and login not in text, text
        assert "••••" in text
    assert _scrub("535 5.7.8 Error: authentication failed", secret) == (
        "535 5.7.8 Error: authentication failed"
    )
