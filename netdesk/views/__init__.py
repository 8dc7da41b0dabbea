"""Windows, pages and dialogs. Services are injected; nothing here reaches for globals."""
