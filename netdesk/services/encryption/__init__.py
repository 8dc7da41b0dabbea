"""Encryption at rest: the key, where it is kept, and converting the file."""
