"""The Today feature: the page NetDesk opens on, its sections, actions and dialogs."""
