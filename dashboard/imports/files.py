"""Read an imported file, as people really make them, into rows of text cells.

CSV separated by `;`, `,` or tabulations, in UTF-8 (with or without BOM), UTF-16 (Excel's « texte
Unicode »), Windows-1252 or Latin-1; or an XLSX workbook (the sheet named like a template, else
the first one). Every cell becomes a string (spreadsheet numbers without a trailing « .0 »); row
numbers are the ones a spreadsheet shows. A cell holding a formula is reported, never evaluated.
Anything else (an image, a PDF, an old .xls, a file over the size limit) raises FileRefused with a
French sentence.
"""

from __future__ import annotations

import codecs
import csv
import io

from dashboard.imports.cells import (  # noqa: F401  (the names callers import from here)
    MAX_CELLS, MAX_COLUMNS, MAX_ROWS, Budget, FileRefused, Table, cell_text, is_formula, size_problem,
    too_many_cells)
from dashboard.imports.xlsx import read_xlsx

SEPARATORS = ("\t", ";", ",")   # on a tie, the first wins: `,` is common inside French text
SEPARATOR_NAMES = {"\t": "tabulation", ";": "point-virgule", ",": "virgule"}

# (magic bytes, what the file is) for the files people pick by mistake
SIGNATURES = (
    (b"\xd0\xcf\x11\xe0", ("un classeur Excel ancien format (.xls) : enregistrez-le au format .xlsx "
                          "(Fichier > Enregistrer sous > Classeur Excel) ou CSV")),
    (b"%PDF", "un document PDF"),
    (b"\x89PNG", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF8", "une image GIF"),
    (b"\x1f\x8b", "une archive compressée (gzip)"),
    (b"Rar!", "une archive RAR"),
    (b"7z\xbc\xaf", "une archive 7-Zip"),
    (b"{\\rtf", "un document RTF"),
)


def read_table(content: bytes, limit: int | None = None) -> Table:
    """The file's non-empty rows; FileRefused when it is empty, too large, over the reading budget
    or not a table (never another exception)."""
    try:
        return _read_table(content, limit, Budget())
    except FileRefused:
        raise
    except MemoryError:
        raise FileRefused("le fichier demande trop de mémoire pour être lu : découpez-le ou "
                          "enregistrez-le en CSV.") from None
    except RecursionError:
        raise FileRefused("le fichier est trop imbriqué pour être lu.") from None


def _read_table(content: bytes, limit: int | None, budget: Budget) -> Table:
    problem = size_problem(len(content), limit)
    if problem:
        raise FileRefused(problem)
    if not content.strip(b" \t\r\n\x00") or content in (codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                                      codecs.BOM_UTF16_BE):
        raise FileRefused("le fichier est vide.")
    if content.startswith(b"PK\x03\x04"):
        table = read_xlsx(content, budget)
    else:
        for magic, what in SIGNATURES:
            if content.startswith(magic):
                raise FileRefused(f"ce fichier n'est ni un CSV ni un classeur XLSX : c'est {what}.")
        table = _read_csv(content, budget)
    if not table.rows:
        raise FileRefused("le fichier est vide (aucune cellule remplie).")
    return table


# -- CSV -----------------------------------------------------------------------------------------

def decode(content: bytes) -> tuple[str, str]:
    """(text, encoding name): BOMs first, then strict UTF-8, then Windows-1252, then Latin-1."""
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[3:].decode("utf-8"), "UTF-8 avec BOM"
        except UnicodeDecodeError:
            pass
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in content[:4096]:
        raise FileRefused("ce fichier n'est ni un CSV ni un classeur XLSX : il contient des données "
                          "binaires (enregistrez vos données au format CSV ou XLSX).")
    for encoding, name in (("utf-8", "UTF-8"), ("cp1252", "Windows-1252 ou Latin-1")):
        try:
            return content.decode(encoding), name
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1"), "Latin-1"


def _count_outside_quotes(line: str, separator: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            count += 1
    return count


def sniff_separator(text: str) -> str:
    """The separator found on the most of the first ten filled lines (ties: tab, `;`, then `,`)."""
    lines = [line for line in text.splitlines() if line.strip()][:10]
    def score(separator: str) -> tuple[int, int]:
        counts = [_count_outside_quotes(line, separator) for line in lines]
        return sum(1 for c in counts if c), sum(counts)
    best = max(SEPARATORS, key=lambda s: (score(s), -SEPARATORS.index(s)))
    return best if score(best)[0] else ";"


def _read_csv(content: bytes, budget: Budget) -> Table:
    text, encoding = decode(content)
    if _looks_binary(text):
        raise FileRefused("ce fichier n'est ni un CSV ni un classeur XLSX : il contient des données "
                          "binaires (enregistrez vos données au format CSV ou XLSX).")
    separator = sniff_separator(text)
    rows, formulas = [], []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    number = filled = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise FileRefused(f"le fichier compte plus de {MAX_ROWS:,} lignes : découpez-le."
                                  .replace(",", "\u202f"))
            if number % 1000 == 0:
                budget.check()
            cells = tuple(c.strip() for c in cells[:MAX_COLUMNS])
            filled += sum(1 for c in cells if c)
            if filled > MAX_CELLS:
                raise FileRefused(too_many_cells())
            formulas += [(number, i) for i, c in enumerate(cells) if is_formula(c)]
            if any(cells):
                rows.append((number, cells))
    except csv.Error:
        raise FileRefused(f"ligne {number + 1} : le CSV est mal formé (un guillemet « \" » ouvert "
                          "n'est jamais refermé ?). Réenregistrez le fichier depuis le tableur.") from None
    name = SEPARATOR_NAMES[separator]
    return Table(tuple(rows), tuple(formulas), f"CSV ({encoding}, séparateur {name})")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n\x0c")
    return controls > max(2, len(sample) // 100)
