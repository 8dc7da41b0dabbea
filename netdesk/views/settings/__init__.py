"""The Settings feature: the dialog and its pages (mail account, email templates,
General, Appearance, Backups)."""
