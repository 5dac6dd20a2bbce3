"""`python -m dashboard.validate FICHIER…`: kept as an alias of dashboard/imports/validate.py (documented command)."""

import sys

from dashboard.imports.validate import main

if __name__ == "__main__":
    sys.exit(main())
