"""Likely duplicate people: exact keys, names compared within blocks, and the pairs the
user said are two people (netdesk/services/duplicates/merge.py merges them)."""
