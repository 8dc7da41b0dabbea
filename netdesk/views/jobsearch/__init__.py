"""The Search page: target organisations, applications, the ways in, and the funnel."""
