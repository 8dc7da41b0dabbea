"""How a connection to the user's mail servers is secured, and advice that can work.

Five ways per server: STARTTLS or TLS verified against the system's authorities (the
default); STARTTLS or TLS that accepts exactly one certificate the user checked (its
SHA-256 fingerprint is pinned per account: a bridge on this computer such as Proton
Mail Bridge, or a server with its own certificate); and no encryption, only ever to
this computer (127.0.0.1, ::1, localhost), for a local relay.

The advice a failure gives names a switch that could work: a security setting that
fits the port it suggests (never TLS on 587), unencrypted only for this computer.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import ssl
from dataclasses import dataclass

SECURITY = {
    "starttls": "STARTTLS (verified)",
    "tls": "TLS (verified)",
    "starttls_pinned": "STARTTLS, trusting a certificate I checked",
    "tls_pinned": "TLS, trusting a certificate I checked",
    "plain": "No encryption — this computer only (127.0.0.1/localhost/::1)",
}
# The same, as advice names them.
SHORT = {**SECURITY, "plain": "No encryption — this computer only"}
WIRE = {
    "starttls": "starttls",
    "tls": "tls",
    "starttls_pinned": "starttls",
    "tls_pinned": "tls",
    "plain": "plain",
}
PINNED = {"starttls": "starttls_pinned", "tls": "tls_pinned"}
# The usual port of each way of talking: submission (RFC 8314) for SMTP, 25 for a relay.
STANDARD_PORTS = {
    ("smtp", "starttls"): 587,
    ("smtp", "tls"): 465,
    ("smtp", "plain"): 25,
    ("imap", "starttls"): 143,
    ("imap", "tls"): 993,
    ("imap", "plain"): 143,
}
DEFAULT_PORTS = {(kind, mode): STANDARD_PORTS[(kind, WIRE[mode])] for kind in ("smtp", "imap")
                 for mode in SECURITY}  # fmt: skip
LOOPBACK_NAMES = ("localhost", "localhost.")
_FINGERPRINT = re.compile(r"[0-9A-F]{2}(:[0-9A-F]{2}){31}")


def wire(security: str) -> str:
    """What goes over the network: "starttls", "tls" or "plain"."""
    return WIRE.get(security, security)


def is_pinned(security: str) -> bool:
    return security.endswith("_pinned")


def pinned(security: str) -> str:
    """The "trusting a certificate I checked" form of a TLS or STARTTLS setting."""
    return PINNED.get(security, security)


def is_loopback_host(host: str) -> bool:
    """True for this computer, decided without asking DNS: a loopback IP literal
    (127.0.0.0/8, ::1, with or without brackets) or the name localhost."""
    host = host.strip()
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_loopback_address(address: str) -> bool:
    """An address a socket is connected to ("127.0.0.1", "::1", "::ffff:127.0.0.1")."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


# --- certificates ------------------------------------------------------------


def fingerprint_of(der: bytes) -> str:
    """SHA-256 of a certificate (DER) as colon-separated hex pairs, "AB:CD:…"."""
    return ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


def normal_fingerprint(text: str) -> str | None:
    """A fingerprint typed or stored in any usual form, as fingerprint_of writes it;
    None if it is not a SHA-256 fingerprint."""
    digits = re.sub(r"[\s:]", "", text).upper()
    if not re.fullmatch(r"[0-9A-F]{64}", digits):
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 64, 2))


def short_fingerprint(fingerprint: str) -> str:
    """The first groups, enough to tell two certificates apart at a glance."""
    return ":".join(fingerprint.split(":")[:4]) + "…"


def unverified_context() -> ssl.SSLContext:
    """For a pinned certificate (checked by fingerprint right after the handshake, before
    a word is said) and for reading a certificate to show it. Never used on its own."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


@dataclass(frozen=True)
class Server:
    """One configured server of the account."""

    kind: str  # "smtp" or "imap"
    host: str
    port: int
    security: str
    certificate: str | None = None  # the pinned SHA-256 fingerprint, if any

    @property
    def what(self) -> str:
        return self.kind.upper()

    @property
    def wire(self) -> str:
        return wire(self.security)

    @property
    def loopback(self) -> bool:
        return is_loopback_host(self.host)

    @property
    def where(self) -> str:
        return f"{self.what} server {self.host}:{self.port}"


@dataclass(frozen=True)
class CertificateInfo:
    """A certificate a server showed that NetDesk does not (or no longer) trust."""

    kind: str  # "smtp" or "imap"
    host: str
    port: int
    fingerprint: str  # SHA-256, "AB:CD:…"
    trusted: str | None = None  # the fingerprint trusted before, when it changed
    reason: str = ""  # why verification failed ("self-signed certificate"), if it did

    @property
    def what(self) -> str:
        return self.kind.upper()

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def changed(self) -> bool:
        return self.trusted is not None and self.trusted != self.fingerprint


# --- advice --------------------------------------------------------------------

# What went wrong, as the advice knows it.
PROBLEMS = (
    "tls_got_plain",  # TLS from the start, but the server answered unencrypted
    "silent",  # no answer in time
    "no_starttls",  # answered unencrypted and offers no STARTTLS
    "untrusted",  # the certificate is not signed by an authority this computer trusts
    "no_auth",  # no login offered
    "starttls_required",  # unencrypted, but the server wants STARTTLS first
    "plain_login_refused",  # IMAP LOGINDISABLED without encryption
    "refused",  # connection refused
    "auth",  # username or password rejected
)


def suggestions(
    problem: str, server: Server, starttls_offered: bool = False
) -> list[tuple[str, int]]:
    """(security, port) switches that could cure *problem*; never the setting that just
    failed, never TLS on a STARTTLS port or the other way round, never unencrypted
    to another computer."""
    kind, port, mode = server.kind, server.port, server.wire
    tls_port, starttls_port = STANDARD_PORTS[(kind, "tls")], STANDARD_PORTS[(kind, "starttls")]
    keep = pinned if is_pinned(server.security) else (lambda security: security)
    found: list[tuple[str, int]] = []
    # A provider's standard port is worth naming for a server elsewhere; a bridge or relay
    # on this computer listens where it says.
    elsewhere = not server.loopback
    if problem == "tls_got_plain":
        found.append((keep("starttls"), port if port != tls_port else starttls_port))
        if elsewhere:
            found.append((keep("tls"), tls_port))
    elif problem == "silent":
        if mode == "tls":
            if port in (starttls_port, 25):
                found.append((keep("starttls"), port))
            if elsewhere:
                found.append((keep("tls"), tls_port))
        elif port in (starttls_port, 25):  # the right port for it: likely a network block
            found.append(("tls", tls_port))
        else:  # the server may be waiting for TLS from the start
            found.append((keep("tls") if mode != "plain" else "tls", port))
            if elsewhere:
                found.append(("tls", tls_port))
    elif problem == "no_starttls":
        if server.loopback:
            found.append(("plain", port))
        found += [("starttls", starttls_port), ("tls", tls_port)]
    elif problem == "untrusted":
        found.append((pinned(mode), port))
    elif problem == "no_auth":
        if server.loopback:
            found.append(("plain", port))
        found += [("starttls", starttls_port), ("tls", tls_port)]
    elif problem == "starttls_required":
        found.append(("starttls", port if port != tls_port else starttls_port))
    elif problem == "plain_login_refused":
        if starttls_offered:
            found.append(("starttls", port if port != tls_port else starttls_port))
        found.append(("tls", tls_port))
    elif problem == "refused" and not server.loopback:
        found.append((server.security, STANDARD_PORTS[(kind, mode)]))  # unless it is this one
    unique: list[tuple[str, int]] = []
    for choice in found:
        security, choice_port = choice
        if choice in unique or (security == server.security and choice_port == port):
            continue
        if security == "plain" and not server.loopback:
            continue
        unique.append(choice)
    return unique


def _choices(found: list[tuple[str, int]], port: int) -> str:
    """“STARTTLS (verified)” on this port or “TLS (verified)” on port 465"""
    parts = [
        f"“{SHORT[security]}”" + (" on this port" if p == port else f" on port {p}")
        for security, p in found
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def _ports(kind: str) -> str:
    if kind == "smtp":
        return "465 = TLS, 587 = STARTTLS"
    return "993 = TLS, 143 = STARTTLS"


BRIDGE = "a bridge on this computer (such as Proton Mail Bridge)"


def advice(problem: str, server: Server, starttls_offered: bool = False) -> str:
    """One or two sentences that say what to do; every switch named could work."""
    found = suggestions(problem, server, starttls_offered)
    local = [choice for choice in found if choice[0] == "plain"]
    remote = [choice for choice in found if choice[0] != "plain"]
    options = _choices(found, server.port)
    if problem == "tls_got_plain":
        return f"This port answers unencrypted first, as STARTTLS ports do: choose {options}."
    if problem == "silent":
        text = "Check the server name and port, and that your network lets them through"
        if options:
            text += f"; if they are right, choose {options}"
        return f"{text} ({_ports(server.kind)})."
    if problem in ("no_starttls", "no_auth"):
        why = "does not encrypt" if problem == "no_starttls" else "needs no login"
        text = "Use your provider's submission port: " if problem == "no_auth" else "Choose "
        text = f"{text}{_choices(remote, server.port)}."
        if local:
            text = (
                f"If this is a relay or {BRIDGE} that {why}, choose "
                f"{_choices(local, server.port)}; otherwise {text[0].lower()}{text[1:]}"
            )
        return text
    if problem == "untrusted":
        why = (
            f"That is usual for {BRIDGE}."
            if server.loopback
            else "A server with a certificate of its own shows this, and so does someone "
            "intercepting the connection: check the fingerprint with the server's "
            "administrator."
        )
        return (
            f"{why} In Settings → Mail account, press Test connection: it shows the "
            "certificate's SHA-256 fingerprint, and once you checked it you can trust it "
            f"({options})."
        )
    if problem == "starttls_required":
        return f"It wants encryption before anything is sent: choose {options}."
    if problem == "plain_login_refused":
        return f"It does not allow logging in without encryption: choose {options}."
    if problem == "refused":
        if server.loopback:
            return f"Is the relay or {BRIDGE} running, and is this the port it shows?"
        if found:
            security, port = found[0]
            return (
                f"Check the server name and port (“{SHORT[security]}” usually goes on port {port})."
            )
        return "Check the server name and port, and that the server is up."
    if problem == "auth":
        if server.loopback:
            return (
                f"If this is {BRIDGE}, use the password the bridge shows, not your usual one; "
                "Gmail and Outlook accounts with two-step verification need an app password."
            )
        return "Gmail and Outlook accounts with two-step verification need an app password here."
    raise ValueError(f"unknown problem {problem!r}")
