"""One file in: read it (CSV or XLSX, dashboard/imports/files.py), recognise its template, check every
cell with that template's checker (survey results: dashboard/imports/check.py; an extra indicator:
dashboard/imports/indicator.py), then apply the one definition of an entry (dashboard/imports/entry.py).
"""

from __future__ import annotations

from dataclasses import replace

from dashboard.imports import rules
from dashboard.imports.check import PERCEPTION, UNKNOWN_TEMPLATE, CheckResult, PerceptionCheck, recognise
from dashboard.imports.entry import clean_name, normalise_entry
from dashboard.imports.files import FileRefused, read_table
from dashboard.imports.indicator import IndicatorCheck
from dashboard.imports.rules import quoted


def check_file(content: bytes, filename: str, vocabulary: rules.Vocabulary,
               limit: int | None = None, reader=None) -> CheckResult:
    """The file's CheckResult; `reader(content, limit) -> Table` reads it (read_table in this
    process by default; the import page reads in a separate process, dashboard/imports/worker.py)."""
    filename = clean_name(filename)
    try:
        table = (reader or read_table)(content, limit)
    except FileRefused as refused:
        return CheckResult(None, (refused.message,))
    except Exception:  # noqa: BLE001  (a reader bug must still end in a French refusal)
        return CheckResult(None, ("le fichier n'a pas pu être lu (contenu inattendu) : "
                                  "enregistrez-le de nouveau depuis le tableur, en CSV ou XLSX.",))
    kind, header_at = recognise(table)
    if kind is None:
        number, cells = table.rows[0]
        seen = ", ".join(quoted(c, 30) for c in cells[:8] if c) or "rien"
        return CheckResult(None, (UNKNOWN_TEMPLATE.format(where=f" en ligne {number}", seen=seen),),
                           description=table.description)
    checker = PerceptionCheck if kind == PERCEPTION else IndicatorCheck
    result = checker(table, header_at, filename, vocabulary).run()
    if not result.valid:
        return result
    # the entry must also pass the check a returning store gets (one definition of an entry)
    entry, problem = normalise_entry(result.entry, set(vocabulary.domain_labels))
    if problem:
        return replace(result, problems=(problem,), entry=None)
    return replace(result, entry=entry)
