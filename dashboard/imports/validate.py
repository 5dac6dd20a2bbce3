"""`python -m dashboard.validate FICHIER…`: check files before importing them (nothing is imported).

For each file: a one-line summary when it is valid, else every problem in French (row, column,
what was expected). Exit status: 0 when every file is valid, 1 when one is not, 2 when a file
cannot be found or the reference data cannot be loaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dashboard.data.validation import DataValidationError

USAGE = """Utilisation : python -m dashboard.validate FICHIER [FICHIER…]

Vérifie des fichiers à importer (résultats d'enquête ou indicateur, CSV ou XLSX, au format des
modèles de la page « Importer des données ») sans rien importer. Chaque problème est indiqué avec
sa ligne, sa colonne et ce qui était attendu. Code de sortie : 0 si tous les fichiers sont
valides, 1 sinon, 2 si un fichier est introuvable."""


def report(name: str, result) -> list[str]:
    """The lines printed for one file."""
    if result.valid:
        notes = f" Remarques : {' '.join(result.notes)}" if result.notes else ""
        return [f"{name} : fichier valide, {result.summary} ; lu comme {result.description}.{notes}"]
    count = len(result.problems)
    lines = [f"{name} : {count} problème{'s' if count > 1 else ''}, rien ne peut être importé :"
             if count < 51 else f"{name} : plus de 50 problèmes, rien ne peut être importé :"]
    return lines + [f"  - {problem}" for problem in result.problems]


def main(argv: list[str] | None = None) -> int:
    from dashboard.config import max_upload_bytes
    from dashboard.imports.intake import check_file
    from dashboard.imports.rules import Vocabulary
    from dashboard.data.loading import get_bundle

    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args[0] in ("-h", "--help", "--aide"):
        print(USAGE)
        return 0 if args else 2
    try:
        vocabulary = Vocabulary.from_bundle(get_bundle())
    except DataValidationError as error:
        print("Les données de référence n'ont pas pu être chargées :", file=sys.stderr)
        print("\n".join(f" - {p}" for p in error.problems), file=sys.stderr)
        return 2
    status = 0
    for name in args:
        path = Path(name)
        if not path.is_file():
            print(f"{name} : fichier introuvable.")
            status = 2
            continue
        result = check_file(path.read_bytes(), path.name, vocabulary, max_upload_bytes())
        print("\n".join(report(name, result)))
        if not result.valid:
            status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main())
