"""Networking events in the window: the quick capture of the people met (Ctrl+Shift+M)."""
