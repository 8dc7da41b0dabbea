"""The main window's parts: navigation, the flows behind its menus (import, backups,
export, mail, follow-ups, first run), its menus and drag-and-drop."""
