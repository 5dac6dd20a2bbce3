"""`python -m dashboard.coverage`: kept as an alias of dashboard/views/coverage.py (documented command)."""

import sys

from dashboard.views.coverage import main

if __name__ == "__main__":
    sys.exit(main())
