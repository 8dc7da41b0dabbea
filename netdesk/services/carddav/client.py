"""Talking CardDAV (RFC 6352) over the same verified or pinned TLS as the calendar:
finding the address books, what changed since a sync-token (RFC 6578, else a listing
of ETags), reading cards in batches, writing and deleting one with its ETag."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import unquote, urljoin, urlsplit

from netdesk.errors import CalendarError
from netdesk.services.calendar.client import CalendarTransport, explained
from netdesk.services.credentials import Secret

DAV, CARD = "DAV:", "urn:ietf:params:xml:ns:carddav"
MULTIGET_BATCH = 100
MAX_CARD_BYTES = 2_000_000  # a card with a big photo; more is not a person's card


class DavAccount(Protocol):
    server_url: str
    username: str
    cert_sha256: str | None


@dataclass(frozen=True)
class RemoteBook:
    name: str
    url: str


@dataclass
class BookChanges:
    token: str | None  # the new sync-token (None: the server keeps none)
    changed: dict[str, str | None] = field(default_factory=dict)  # href -> ETag
    deleted: set[str] = field(default_factory=set)
    full: bool = False  # a whole listing: what is not in it was deleted


class CardDavTransport:
    """Opens a session with the account's server (certificates as for the calendar)."""

    def __init__(self, calendar_transport: CalendarTransport | None = None) -> None:
        self._transport = calendar_transport or CalendarTransport()

    @contextmanager
    def session(self, account: DavAccount, secret: Secret | None) -> Iterator[CardDavSession]:
        with explained(account, secret):  # type: ignore[arg-type]
            yield CardDavSession(self._transport.client(account, secret))  # type: ignore[arg-type]


class CardDavSession:
    def __init__(self, client: Any) -> None:
        self._client = client

    def _send(self, url: str, method: str, body: str = "", depth: str | None = None,
              headers: dict[str, str] | None = None) -> Any:  # fmt: skip
        all_headers = {"Content-Type": 'application/xml; charset="utf-8"', **(headers or {})}
        if depth is not None:
            all_headers["Depth"] = depth
        try:
            response = self._client.request(url, method, body, all_headers)
        except Exception as error:
            # caldav raises any 403 as a refused login; to a REPORT it is a report the
            # server lacks or a sync-token it forgot (RFC 6578 §3.2), not a login.
            if method == "REPORT" and getattr(error, "status", None) == 403:
                _raise_for(403, url, method)
            raise
        if response.status >= 400:
            _raise_for(response.status, url, method)
        return response

    # --- finding the address books ------------------------------------------------

    def addressbooks(self) -> list[RemoteBook]:
        principal = str(self._client.principal().url)
        body = _propfind(f'<C:addressbook-home-set xmlns:C="{CARD}"/>')
        tree = _xml(self._send(principal, "PROPFIND", body, depth="0"))
        homes = [h.text for h in tree.iter(f"{{{CARD}}}addressbook-home-set")
                 for h in h.iter(f"{{{DAV}}}href") if h.text]  # fmt: skip
        books: list[RemoteBook] = []
        for home in homes:
            url = urljoin(principal, home)
            body = _propfind("<D:resourcetype/><D:displayname/>")
            for response in _xml(self._send(url, "PROPFIND", body, depth="1")).iter(
                f"{{{DAV}}}response"
            ):
                href = response.findtext(f"{{{DAV}}}href") or ""
                kinds = response.find(f".//{{{DAV}}}resourcetype")
                if kinds is not None and kinds.find(f"{{{CARD}}}addressbook") is not None:
                    name = response.findtext(f".//{{{DAV}}}displayname") or ""
                    last = unquote(href.rstrip("/").rsplit("/", 1)[-1])
                    books.append(RemoteBook(name.strip() or last, urljoin(url, href)))
        return books

    # --- what changed ---------------------------------------------------------------

    def changes(self, book_url: str, token: str | None) -> BookChanges:
        """What changed since *token* (sync-collection); without a token, or when the
        server has none or forgot it, every card's ETag (a full listing)."""
        if token:
            try:
                return self._sync_collection(book_url, token)
            except CalendarError as error:
                if error.kind not in ("protocol", "not_found", "changed"):
                    raise  # a forgotten token is a 403 (Radicale), 409 or 412 (Xandikos)
        try:
            found = self._sync_collection(book_url, None)
            found.full = True
            return found
        except CalendarError as error:
            if error.kind not in ("protocol", "not_found"):
                raise
        return self._listing(book_url)

    def _sync_collection(self, book_url: str, token: str | None) -> BookChanges:
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            f'<D:sync-collection xmlns:D="{DAV}"><D:sync-token>{_escape(token or "")}'
            "</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop>"
            "</D:sync-collection>"
        )
        tree = _xml(self._send(book_url, "REPORT", body))
        found = BookChanges(token=tree.findtext(f"{{{DAV}}}sync-token"))
        for response in tree.iter(f"{{{DAV}}}response"):
            href = urljoin(book_url, response.findtext(f"{{{DAV}}}href") or "")
            if href.rstrip("/") == book_url.rstrip("/"):
                continue
            status = response.findtext(f"{{{DAV}}}status") or ""
            if " 404 " in status:
                found.deleted.add(href)
            else:
                found.changed[href] = response.findtext(f".//{{{DAV}}}getetag")
        return found

    def _listing(self, book_url: str) -> BookChanges:
        tree = _xml(self._send(book_url, "PROPFIND", _propfind("<D:getetag/>"), depth="1"))
        found = BookChanges(token=None, full=True)
        for response in tree.iter(f"{{{DAV}}}response"):
            href = urljoin(book_url, response.findtext(f"{{{DAV}}}href") or "")
            if href.rstrip("/") != book_url.rstrip("/"):
                found.changed[href] = response.findtext(f".//{{{DAV}}}getetag")
        return found

    # --- cards ------------------------------------------------------------------------

    def fetch(self, book_url: str, hrefs: list[str]) -> dict[str, tuple[str | None, str]]:
        """href -> (ETag, the card's text), MULTIGET_BATCH at a time."""
        cards: dict[str, tuple[str | None, str]] = {}
        for start in range(0, len(hrefs), MULTIGET_BATCH):
            chunk = hrefs[start : start + MULTIGET_BATCH]
            wanted = "".join(f"<D:href>{_escape(urlsplit(h).path)}</D:href>" for h in chunk)
            body = (
                '<?xml version="1.0" encoding="utf-8"?>'
                f'<C:addressbook-multiget xmlns:D="{DAV}" xmlns:C="{CARD}"><D:prop>'
                f"<D:getetag/><C:address-data/></D:prop>{wanted}</C:addressbook-multiget>"
            )
            tree = _xml(self._send(book_url, "REPORT", body, depth="1"))
            for response in tree.iter(f"{{{DAV}}}response"):
                href = urljoin(book_url, response.findtext(f"{{{DAV}}}href") or "")
                data = response.findtext(f".//{{{CARD}}}address-data")
                if data is not None and len(data) <= MAX_CARD_BYTES:
                    cards[href] = (response.findtext(f".//{{{DAV}}}getetag"), data)
        return cards

    def put(
        self, url: str, card: str, etag: str | None = None, overwrite: bool = False
    ) -> str | None:
        """Write a card: a known one only if unchanged since read (If-Match); a new one
        only if none is there (If-None-Match), unless *overwrite* (a card whose URL is
        NetDesk's own for that person). Returns its new ETag, if told."""
        headers = {"Content-Type": "text/vcard; charset=utf-8"}
        if etag:
            headers["If-Match"] = etag
        elif not overwrite:
            headers["If-None-Match"] = "*"
        response = self._client.request(url, "PUT", card, headers)
        if response.status >= 400:
            _raise_for(response.status, url, "PUT")
        return response.headers.get("ETag") or response.headers.get("etag")

    def delete(self, url: str, etag: str | None = None) -> None:
        response = self._client.request(url, "DELETE", "", {"If-Match": etag} if etag else {})
        if response.status >= 400 and response.status != 404:
            _raise_for(response.status, url, "DELETE")


def _raise_for(status: int, url: str, method: str) -> None:
    if status == 412:
        raise CalendarError("changed", f"{url} changed on the server meanwhile ({method}).")
    if status in (401, 403) and method not in ("REPORT",):
        raise CalendarError("auth", f"The server refused {method} on {url} ({status}).")
    if status == 404:
        raise CalendarError("not_found", f"{url} is not on the server (404).")
    raise CalendarError("protocol", f"The server answered {status} to {method} on {url}.")


def _propfind(props: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<D:propfind xmlns:D="{DAV}"><D:prop>{props}</D:prop></D:propfind>'
    )


def _xml(response: Any) -> ET.Element:
    raw = response.raw if isinstance(response.raw, bytes) else str(response.raw).encode()
    try:
        return ET.fromstring(raw)
    except ET.ParseError:
        raise CalendarError(
            "protocol", "The server answered with XML that cannot be read."
        ) from None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
