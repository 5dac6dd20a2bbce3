"""XLSX side of dashboard/imports/files.py: a workbook is checked before it is parsed (declared
sizes, a streaming count of cells and shared strings, no DOCTYPE), then read with openpyxl within
the reading budget; every error it can raise becomes a FileRefused naming the part or sheet.
"""

from __future__ import annotations

import io
import re
import xml.parsers.expat
import zipfile
from datetime import date, datetime

from dashboard.imports.cells import (
    CHUNK,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_OTHER_PART_BYTES,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_UNZIPPED_BYTES,
    SHEET_NAMES,
    Budget,
    FileRefused,
    Table,
    cell_text,
    is_formula,
    too_many_cells,
)


def read_xlsx(content: bytes, budget: Budget) -> Table:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names and "content.xml" in names:
                raise FileRefused("ce fichier est un classeur OpenDocument (.ods) : enregistrez-le "
                                  "au format .xlsx ou CSV.")
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
                raise FileRefused("ce fichier n'est ni un CSV ni un classeur XLSX : c'est une "
                                  "archive ZIP.")
            _prescan(archive, budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
        raise FileRefused("le classeur XLSX est illisible (fichier abîmé ou incomplet).") from None
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except FileRefused:
        raise
    except Exception as error:  # noqa: BLE001  (openpyxl raises many kinds for a damaged workbook)
        raise FileRefused("le classeur XLSX est illisible (fichier abîmé ou protégé par mot de "
                          f"passe{_xml_place(error)}).") from None
    try:
        return _sheet_table(workbook, budget)
    finally:
        workbook.close()


# a DOCTYPE may declare entities (« billion laughs », external files): no workbook needs one
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_SHARED = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")


def _prescan(archive: zipfile.ZipFile, budget: Budget) -> None:
    """Before any parsing: declared sizes, then a streaming count of cells and shared strings and
    a search for DOCTYPE declarations; a file over budget is refused without being parsed."""
    infos = archive.infolist()
    if len(infos) > 500:
        raise FileRefused("le classeur XLSX contient trop de parties (plus de 500).")
    big = [i for i in infos if i.filename.startswith(("xl/worksheets/", "xl/sharedStrings"))]
    if sum(i.file_size for i in big) > MAX_UNZIPPED_BYTES:
        raise FileRefused(f"le classeur XLSX est trop volumineux une fois décompressé (plus de "
                          f"{MAX_UNZIPPED_BYTES // 1024 // 1024} Mo de feuilles).")
    cells = strings = 0
    for info in infos:
        if info not in big and info.file_size > MAX_OTHER_PART_BYTES:
            raise FileRefused(f"le classeur XLSX est illisible : la partie « {info.filename[:80]} » "
                              "est anormalement volumineuse.")
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        counter = (_CELL if info.filename.startswith("xl/worksheets/")
                   else _SHARED if info.filename.startswith("xl/sharedStrings") else None)
        found = _scan_part(archive, info, counter, budget)
        if counter is _CELL:
            cells += found
        elif counter is _SHARED:
            strings += found
        if cells > MAX_CELLS:
            raise FileRefused(too_many_cells())
        if strings > MAX_SHARED_STRINGS:
            raise FileRefused(f"le classeur XLSX contient plus de {MAX_SHARED_STRINGS:,} textes "
                              "différents, le maximum d'un import.".replace(",", "\u202f", 1))


def _scan_part(archive: zipfile.ZipFile, info, counter, budget: Budget) -> int:
    """Tags counted in one XML part (chunks cut after a « > »: a tag is never split), while expat
    checks it is well-formed XML without DOCTYPE: the refusal names the part, line and column."""
    found, carry = 0, b""
    parser = xml.parsers.expat.ParserCreate()

    def refuse_doctype(*_args):
        raise FileRefused(f"le classeur XLSX est refusé : la partie « {info.filename[:80]} » "
                          "contient une déclaration DOCTYPE (entités XML), qu'aucun tableur n'écrit.")
    parser.StartDoctypeDeclHandler = refuse_doctype
    with archive.open(info) as part:
        while True:
            chunk = part.read(CHUNK)
            try:
                parser.Parse(chunk, not chunk)
            except xml.parsers.expat.ExpatError as error:
                raise FileRefused(f"le classeur XLSX est illisible : la partie « {info.filename[:80]} » "
                                  f"n'est pas un XML valide (ligne {error.lineno}, colonne "
                                  f"{error.offset + 1} : {_EXPAT_FRENCH.get(error.code, 'XML mal formé')}). "
                                  "Réenregistrez le classeur depuis le tableur.") from None
            data = carry + chunk
            cut = data.rfind(b">") + 1 if chunk else len(data)
            head, carry = data[:cut], data[cut:]
            if len(carry) > CHUNK:      # a huge text without tags: nothing to count in it
                carry = carry[-256:]
            if _DOCTYPE.search(head):
                refuse_doctype()
            if counter is not None:
                found += len(counter.findall(head))
                if found > MAX_CELLS and counter is _CELL:
                    return found
                if found > MAX_SHARED_STRINGS and counter is _SHARED:
                    return found
            budget.check()
            if not chunk:
                return found


_EXPAT_FRENCH = {   # xml.parsers.expat.errors codes
    3: "XML mal formé (fichier coupé ?)", 4: "XML mal formé", 5: "fichier coupé avant la fin",
    7: "balises mal imbriquées", 9: "contenu après la fin du document", 11: "entité inconnue",
}


def _xml_place(error: Exception) -> str:
    """« : XML mal formé ligne 3, colonne 12 » when the error knows where it is."""
    position = getattr(error, "position", None)
    if isinstance(position, tuple) and len(position) == 2:
        return f" : XML mal formé ligne {position[0]}, colonne {position[1]}"
    return ""


def _sheet_table(workbook, budget: Budget) -> Table:
    from dashboard.imports.rules import fold

    sheets = workbook.worksheets
    if not sheets:
        raise FileRefused("le classeur XLSX ne contient aucune feuille.")
    sheet = next((s for s in sheets if fold(s.title) in SHEET_NAMES), sheets[0])
    try:
        return _sheet_rows(sheet, budget)
    except FileRefused:
        raise
    except Exception as error:  # noqa: BLE001  (malformed or cut-off sheet XML, odd cell types)
        raise FileRefused(f"le classeur XLSX est illisible : la feuille « {sheet.title[:60]} » est "
                          f"abîmée{_xml_place(error)}. Réenregistrez-le depuis le tableur.") from None


def _sheet_rows(sheet, budget: Budget) -> Table:
    rows, formulas = [], []
    for number, cells in enumerate(sheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS),
                                   start=1):
        if number % 1000 == 0:
            budget.check()
        if number > MAX_ROWS:
            raise FileRefused(f"la feuille compte plus de {MAX_ROWS:,} lignes : découpez-la."
                              .replace(",", "\u202f"))
        texts = []
        for index, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if getattr(cell, "data_type", None) == "f" or not isinstance(
                    value, (str, int, float, bool, datetime, date, type(None))):
                formulas.append((number, index))
                texts.append("=")
                continue
            text = cell_text(value)
            if is_formula(text):
                formulas.append((number, index))
            texts.append(text)
        while texts and not texts[-1]:
            texts.pop()
        if texts:
            rows.append((number, tuple(texts)))
    return Table(tuple(rows), tuple(formulas), f"classeur XLSX (feuille « {sheet.title} »)")
