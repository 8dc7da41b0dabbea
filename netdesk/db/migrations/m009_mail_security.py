"""Schema 9: pinned certificates and no encryption for a local relay."""

from __future__ import annotations

import peewee

from netdesk.db.migrations._sql import run_script


def m009_mail_security(db: peewee.SqliteDatabase) -> None:
    """More ways to secure each mail server: a certificate the user checked and trusts
    (its SHA-256 fingerprint, public data, pinned per server), and no encryption for a
    relay on this computer. SQLite cannot widen a CHECK in place: the table is rebuilt."""
    run_script(
        db,
        """
        CREATE TABLE mail_account_v9 (
            id INTEGER PRIMARY KEY,
            display_name TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL,
            smtp_host TEXT NOT NULL DEFAULT '',
            smtp_port INTEGER NOT NULL DEFAULT 587 CHECK (smtp_port BETWEEN 1 AND 65535),
            smtp_security TEXT NOT NULL DEFAULT 'starttls' CHECK (smtp_security IN
                ('starttls', 'tls', 'starttls_pinned', 'tls_pinned', 'plain')),
            imap_host TEXT NOT NULL DEFAULT '',
            imap_port INTEGER NOT NULL DEFAULT 993 CHECK (imap_port BETWEEN 1 AND 65535),
            imap_security TEXT NOT NULL DEFAULT 'tls' CHECK (imap_security IN
                ('starttls', 'tls', 'starttls_pinned', 'tls_pinned', 'plain')),
            username TEXT NOT NULL DEFAULT '',
            signature TEXT NOT NULL DEFAULT '',
            -- No password column, ever: the secret lives in the OS keyring under this name.
            keyring_service TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            -- "AB:CD:…", the SHA-256 of the one certificate trusted for the server.
            smtp_cert_sha256 TEXT CHECK (length(smtp_cert_sha256) = 95),
            imap_cert_sha256 TEXT CHECK (length(imap_cert_sha256) = 95)
        );
        INSERT INTO mail_account_v9 (id, display_name, address, smtp_host, smtp_port,
                smtp_security, imap_host, imap_port, imap_security, username, signature,
                keyring_service, created_at, updated_at)
            SELECT id, display_name, address, smtp_host, smtp_port, smtp_security, imap_host,
                imap_port, imap_security, username, signature, keyring_service, created_at,
                updated_at
            FROM mail_account;
        DROP TABLE mail_account;
        ALTER TABLE mail_account_v9 RENAME TO mail_account;
        """,
    )
