"""Read an uploaded file in a separate process, so that a slow or greedy file cannot starve others.

`read_isolated(content, limit)` is a drop-in `reader` for dashboard.imports.intake.check_file: it starts
`python -m dashboard.imports.worker`, which reads the file with import_files.read_table (its own
budget of cells, shared strings and READ_SECONDS) under a memory limit (RLIMIT_AS: MEMORY_MB above
what the interpreter holds after its imports) and a lower CPU priority; the server's thread only
waits. Past TIMEOUT_SECONDS the process is killed. Every outcome is a Table or a FileRefused with a
French sentence. Only this module's own JSON crosses the pipe (no pickle of anything the file
controls).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from dashboard.imports.files import FileRefused, Table

MEMORY_MB = 150          # extra address space the reader may take (README « Limites des imports »)
TIMEOUT_SECONDS = 10.0   # start-up (1-2 s on a loaded machine) + the reader's own 4 s budget, with room
TOO_SLOW = ("la lecture du fichier a dépassé {seconds} secondes et a été arrêtée : le fichier est "
            "trop grand ou trop complexe (une seule feuille, des valeurs sans mise en forme "
            "suffisent).")
TOO_GREEDY = ("le fichier demande trop de mémoire pour être lu ({megabytes} Mo au plus) : "
              "découpez-le ou enregistrez-le en CSV.")


def read_isolated(content: bytes, limit: int | None = None) -> Table:
    """The file's Table, read in a child process; FileRefused on any failure."""
    header = json.dumps({"limit": limit, "memory_mb": MEMORY_MB}).encode("ascii") + b"\n"
    child = subprocess.Popen([sys.executable, "-m", "dashboard.imports.worker"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, close_fds=True)
    try:
        output, _ = child.communicate(header + content, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise FileRefused(TOO_SLOW.format(seconds=f"{TIMEOUT_SECONDS:g}".replace(".", ","))) from None
    try:
        answer = json.loads(output.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        answer = None
    if not isinstance(answer, dict):   # killed by the memory limit, or died: say the likely cause
        raise FileRefused(TOO_GREEDY.format(megabytes=MEMORY_MB))
    if "refus" in answer:
        raise FileRefused(str(answer["refus"]))
    return Table(tuple((n, tuple(cells)) for n, cells in answer["rows"]),
                 tuple((n, i) for n, i in answer["formulas"]), answer["description"])


def _limit_memory(megabytes: int) -> None:
    import resource

    with open("/proc/self/status", encoding="ascii") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    ceiling = size + megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def main() -> int:
    """The child: one JSON header line, then the file's bytes on stdin; one JSON answer on stdout."""
    try:
        os.nice(5)   # the server's own requests first (10 starved the reader on a loaded machine)
    except OSError:
        pass
    data = sys.stdin.buffer.read()
    header, _, content = data.partition(b"\n")
    if content.startswith(b"PK\x03\x04"):   # a workbook (what read_table reads as XLSX)
        # imported before the memory limit: its size is not the file's. Only for a workbook:
        # openpyxl (and the numpy it pulls in) is 0,4 s of the child's 0,6 s, which a CSV never uses
        import openpyxl  # noqa: F401

        import dashboard.imports.xlsx  # noqa: F401
    from dashboard.imports.files import read_table
    import dashboard.imports.rules  # noqa: F401

    settings = json.loads(header.decode("ascii"))
    limit, megabytes = settings.get("limit"), int(settings.get("memory_mb") or MEMORY_MB)
    try:
        _limit_memory(megabytes)
    except (OSError, ValueError, StopIteration):
        pass
    try:
        table = read_table(content, limit)
        answer = {"rows": [[n, list(cells)] for n, cells in table.rows],
                  "formulas": [list(f) for f in table.formulas], "description": table.description}
    except FileRefused as refused:
        answer = {"refus": refused.message}
    except MemoryError:
        answer = {"refus": TOO_GREEDY.format(megabytes=megabytes)}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
