"""The sample network: invented people a new user can explore.

- people: the invented people themselves, as an import (sample_network) and as large
  LinkedIn-style Connections.csv exports for tests and benchmarks
- network: what those people have been doing (links, interviews, interactions, follow-ups)
- stories: the hand-written interviews and histories that network.py writes

Import from the modules themselves; this package re-exports nothing.
"""
