"""Keeping NetDesk current from the user's own mailbox: headers only, incrementally."""
