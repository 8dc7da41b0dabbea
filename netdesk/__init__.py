"""NetDesk: a local-first desktop app for a few real, reciprocal professional relationships."""

__version__ = "0.1.0"
APP_NAME = "NetDesk"
