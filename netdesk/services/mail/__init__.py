"""The user's own mail account: messages, sending over SMTP, drafts over IMAP.

One concern per module: account (settings and password), messages (building what goes
out), transport (SMTP and IMAP connections), login (authenticating and closing), imap
(mailboxes and the Drafts folder), errors (MailError and server text), security (how a
connection is secured, and advice that can work).
"""
