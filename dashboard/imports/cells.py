"""What a read file is, whatever its format: the budgets that bound reading (sizes, cells, time),
a refusal (`FileRefused`), the rows of text cells (`Table`), and how one cell becomes text.

Shared by dashboard/imports/files.py (CSV, and the entry point) and dashboard/imports/xlsx.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime

MAX_ROWS = 100_000
MAX_COLUMNS = 60
# The reading budget of one file (README « Limites des imports »): a template holds at most 20 000
# rows of 7 cells, so these leave room while refusing within a second what would take minutes.
MAX_CELLS = 300_000                       # XLSX cells (counted before reading), CSV filled cells
MAX_SHARED_STRINGS = 200_000              # distinct texts of a workbook, all loaded at once
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024     # an XLSX is a zip: refuse a « zip bomb »
MAX_OTHER_PART_BYTES = 5 * 1024 * 1024    # styles, workbook, relations: small in any real file
READ_SECONDS = 4.0                        # reading stops here, whatever the file
CHUNK = 1024 * 1024
SHEET_NAMES = ("perception", "indicateur", "donnees")   # folded names of the templates' sheets

class FileRefused(Exception):
    """The file cannot be read at all; `message` says why in French."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[int, tuple[str, ...]], ...]   # (row number, cells), empty rows left out
    formulas: tuple[tuple[int, int], ...]           # (row number, column index) of formula cells
    description: str                                # « CSV (Windows-1252, point-virgule) »


TOO_LARGE = ("le fichier pèse {size} Mo : la taille maximale d'un import est {limit} Mo "
             "(réglage IMPACT_MAX_UPLOAD_MB).")


def size_problem(size: int, limit: int | None) -> str | None:
    if limit is None or size <= limit:
        return None
    return TOO_LARGE.format(size=megabytes(size), limit=megabytes(limit))


def megabytes(size: int) -> str:
    """« 5 », « 5,04 »: two decimals at most, decimal comma."""
    return f"{size / 1024 / 1024:.2f}".rstrip("0").rstrip(".").replace(".", ",")


class Budget:
    """The time left to read one file; `check()` raises FileRefused once it is spent."""

    def __init__(self, seconds: float | None = None):
        self.seconds = READ_SECONDS if seconds is None else seconds
        self.deadline = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            seconds = f"{self.seconds:g}".replace(".", ",")
            raise FileRefused(f"la lecture du fichier dépasse {seconds} secondes, le maximum d'un "
                              "import : le fichier est trop grand ou trop complexe (une seule "
                              "feuille, des valeurs sans mise en forme suffisent).")


def is_formula(cell: str) -> bool:
    """`=…`, or `+`/`-`/`@` followed by something that is not a number (what a spreadsheet runs)."""
    if not cell:
        return False
    if cell[0] == "=":
        return True
    if cell[0] in "+-@" and len(cell) > 1:
        rest = cell[1:].strip().replace(",", ".").replace(" ", "").replace("\u00a0", "")
        try:
            float(rest)
        except ValueError:
            return True
    return False


def too_many_cells() -> str:
    return (f"le fichier compte plus de {MAX_CELLS:,} cellules, le maximum d'un import : gardez une "
            "seule feuille de données, sans colonnes ni lignes vides mises en forme.").replace(",", "\u202f", 1)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
