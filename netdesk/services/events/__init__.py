"""Networking events: the people met there, their quick capture and what came of it."""
