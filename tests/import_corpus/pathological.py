"""Workbooks built to cost a server as much as possible while staying small (issue 13, case 4),
and workbooks whose XML is hostile or broken (case 2). Used by the tests and by benchmarks/.

Each builder streams its parts into the zip, so that building a workbook of millions of cells costs
the test little memory.
"""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="perception" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<sheetData>')
SHEET_TAIL = '</sheetData></worksheet>'
HEADER_ROW = ('<row r="1">' + "".join(f'<c r="{col}1" t="inlineStr"><is><t>{name}</t></is></c>'
              for col, name in zip("ABCDEF", ("region", "domaine", "profil", "annee", "note",
                                               "effectif"))) + '</row>')
DATA_ROW = ('<row r="2"><c r="A2" t="inlineStr"><is><t>Bretagne</t></is></c>'
            '<c r="B2" t="inlineStr"><is><t>Emploi</t></is></c>'
            '<c r="C2" t="inlineStr"><is><t>citoyens</t></is></c>'
            '<c r="D2"><v>2023</v></c><c r="E2"><v>6.4</v></c><c r="F2"><v>850</v></c></row>')
EMPTY_STRINGS = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
                 '.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>')


def workbook(sheet_chunks, strings_chunks=(EMPTY_STRINGS,)) -> bytes:
    """An XLSX whose sheet and shared strings are the concatenation of the given chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", CONTENT_TYPES)
        book.writestr("_rels/.rels", ROOT_RELS)
        book.writestr("xl/workbook.xml", WORKBOOK)
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet_chunks),
                             ("xl/sharedStrings.xml", strings_chunks)):
            with book.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    return buffer.getvalue()


def valid() -> bytes:
    """A small valid survey-results workbook (one row)."""
    return workbook([SHEET_HEAD, HEADER_ROW, DATA_ROW, SHEET_TAIL])


def many_cells(cells: int = 4_800_000) -> bytes:
    """Millions of empty cells in a few hundred KB (« 4,8 millions de cellules, 267 Ko »)."""
    row = "<row>" + "<c/>" * 60 + "</row>"
    rows = cells // 60

    def chunks():
        yield SHEET_HEAD + HEADER_ROW
        block = row * 1000
        for _ in range(rows // 1000):
            yield block
        yield SHEET_TAIL
    return workbook(chunks())


def big_unzipped(megabytes: int = 100) -> bytes:
    """A sheet of `megabytes` once unzipped, made of whitespace between two valid rows."""
    def chunks():
        yield SHEET_HEAD + HEADER_ROW
        for _ in range(megabytes):
            yield " " * (1024 * 1024)
        yield DATA_ROW + SHEET_TAIL
    return workbook(chunks())


def many_shared_strings(count: int = 5_000_000) -> bytes:
    """Millions of shared strings (all loaded at once by a naive reader) in a small file."""
    def strings():
        yield ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org'
               f'/spreadsheetml/2006/main" count="{count}" uniqueCount="{count}">')
        for start in range(0, count, 10_000):
            yield "<si><t>a</t></si>" * (min(count, start + 10_000) - start)
        yield "</sst>"
    return workbook([SHEET_HEAD, HEADER_ROW, DATA_ROW, SHEET_TAIL], strings())


def doctype_entity() -> bytes:
    """A sheet declaring an entity (the « billion laughs » shape, kept small)."""
    head = SHEET_HEAD.replace(
        "<worksheet", '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<worksheet", 1)
    return workbook([head, HEADER_ROW, DATA_ROW.replace("Bretagne", "&b;"), SHEET_TAIL])


def cut_off() -> bytes:
    """Sheet XML cut in the middle of a row (a save interrupted, a copy truncated)."""
    whole = SHEET_HEAD + HEADER_ROW + DATA_ROW + SHEET_TAIL
    return workbook([whole[: len(whole) - 60]])


PATHOLOGICAL = {   # name -> builder of the costly workbooks of issue 13, case 4
    "4,8 millions de cellules": many_cells,
    "100 Mo décompressés": big_unzipped,
    "5 millions de textes partagés": many_shared_strings,
}
