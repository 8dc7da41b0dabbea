"""Every error NetDesk raises for a person to read, in one place.

Each derives from NetDeskError; those that callers catch as a built-in kind (ValueError,
RuntimeError) keep it as a second base. Only the standard library is imported here: the
database layer, the layout process and the command line's start-up all import this module.
"""

from __future__ import annotations


class NetDeskError(Exception):
    """Something NetDesk explains to the person using it; the text says what happened."""


# Storage


class DatabaseNewerThanApp(NetDeskError, RuntimeError):
    """The file was written by a newer NetDesk; opening it could damage it."""


class SQLiteTooOld(NetDeskError, RuntimeError):
    """The SQLite library this Python uses lacks what NetDesk's schema needs."""


class DatabaseDamaged(NetDeskError, OSError):
    """The database file is unusable as it stands (empty, say); it is left as it was.
    An OSError, like any other data file that cannot be used."""


class StorageError(NetDeskError):
    """The database refused a write (such as "database is locked"); nothing was saved."""


class BackupError(NetDeskError):
    """A backup cannot be made or restored; the message names the file and the problem."""


# Input a person typed or chose


class ValidationError(NetDeskError, ValueError):
    """Values that cannot be saved: *errors* maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class TemplateExists(ValidationError):
    """A template already has this name; save again with replace=True to overwrite it."""

    def __init__(self, name: str) -> None:
        super().__init__({"name": f"A template called “{name}” already exists."})
        self.name = name


class TemplateError(NetDeskError, ValueError):
    """A template that cannot be rendered, explained in one sentence with its line."""


class NotScheduled(NetDeskError, ValueError):
    """A meeting without a date cannot become a calendar event."""


# Imports


class ImportFormatError(NetDeskError):
    """The file cannot be imported at all; the message names the file and the problem."""


class DiskFull(ImportFormatError, StorageError):
    """The disk filled up during a write; SQLite rolled it back, so nothing changed.

    An ImportFormatError too, so that every place that reports a failed import shows it."""


class TooManyRowsError(ImportFormatError):
    """The file holds far more rows than LinkedIn ever exports; it was refused unread."""


class NotARegularFile(ImportFormatError):
    """A FIFO, a device or a socket where a file was expected: reading one could block
    for ever or never end, so it is refused unread."""

    def __init__(self, shown: str, kind: str) -> None:
        super().__init__(f"{shown} is {kind}, not a file; nothing was imported")


class FileTooLarge(ImportFormatError):
    """A file (or a zip member, measured as it is unpacked) larger than any export of the
    kind expected; refused before it is all in memory."""

    def __init__(self, shown: str, size: int, what: str, unpacked: bool = False) -> None:
        grows = "unpacks to more than" if unpacked else "is"
        megabytes = f"{size / 1_048_576:.0f} MB"
        super().__init__(
            f"{shown} {grows} {megabytes}, far larger than any {what}; nothing was imported"
        )


class ArchiveRefused(ImportFormatError):
    """A zip archive with too many members, or unpacking to too much in all."""

    def __init__(self, shown: str, problem: str) -> None:
        super().__init__(f"{shown} {problem}: it is not a LinkedIn export; nothing was imported")


class NothingToUndo(NetDeskError):
    """There is no import left to undo."""


class MergeError(NetDeskError, ValueError):
    """A merge that cannot be done or undone: one person twice, an id nobody has, a
    choice that names no field, or a later merge of the same people to undo first."""


# Mail


class MailError(NetDeskError):
    """A mail operation failed; `kind` is what went wrong, the text says it for the user."""

    KINDS = ("auth", "unreachable", "tls", "refused", "timeout", "protocol", "no_drafts",
             "not_configured", "invalid")  # fmt: skip

    def __init__(self, kind: str, message: str, certificate: object | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        # The certificate the server showed (a mail.security.CertificateInfo), when it is
        # not trusted: Settings offers it. Not imported here, to keep this module light.
        self.certificate = certificate


class CalendarError(NetDeskError):
    """Talking to the CalDAV server failed; `kind` is what went wrong ("auth",
    "unreachable", "tls", "not_found", "protocol", "not_configured"), the text says it for
    the user, never with the password."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class UnsafeHeaders(MailError):
    """The message as written would carry a header or recipient NetDesk did not set."""

    def __init__(self, problem: str) -> None:
        super().__init__(
            "invalid",
            f"NetDesk refused this email because {problem}: a name or subject may hide "
            "an extra header. Nothing was sent or saved.",
        )


# Long work


class Cancelled(NetDeskError):
    """The work was cancelled; nobody needs to hear about it."""


class LayoutError(NetDeskError, RuntimeError):
    """The layout could not be computed; the message says why, for the user."""


class SelfCheckFailed(NetDeskError):
    """The installed copy cannot do something it needs (`netdesk --self-check`)."""


# Encryption at rest


class WrongDatabaseKey(NetDeskError, OSError):
    """The key or passphrase given does not open the encrypted database; it is untouched."""


class DatabaseKeyNeeded(NetDeskError, OSError):
    """The database is encrypted and its key is not at hand (not in the keyring, or kept
    only behind a passphrase). *passphrase* says whether a passphrase can unlock it."""

    def __init__(self, message: str, passphrase: bool) -> None:
        super().__init__(message)
        self.passphrase = passphrase


class EncryptionError(NetDeskError):
    """Turning encryption on or off could not finish; the database is as it was."""
