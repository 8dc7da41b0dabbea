"""PyInstaller's entry script: the bundle's `netdesk` program is `python -m netdesk`."""

import sys

from netdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
