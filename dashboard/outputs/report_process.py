"""The regional report built in a separate process (the HTTP route /rapport/<code>.pdf under
gunicorn): one such process per server process, kept warm, fed the server's Model once.

`python -m dashboard.outputs.report_process` is that process (started by `build_isolated`).
"""

from __future__ import annotations

from datetime import date

from dashboard import config
from dashboard.analysis.model import Model
from dashboard.outputs.report import build_report


ISOLATED_TIMEOUT_SECONDS = 120   # ~3 s once warm, 6-11 s for the first (Chromium's start)
NICENESS = 0   # as the server: at 10 it took over 60 s on the loaded machine (load average 10)


def build_isolated(model: Model, region: str, *, today: date, profile: str, public_url: str) -> bytes:
    """build_report in a separate process (`python -m dashboard.outputs.report_process`): 2-7 s
    of pure-Python layout and Chromium that, in a server process, held its interpreter lock and
    starved that process's other requests (the load test's throughput fell from 100 to 24
    requests/s while two reports were built). One such process per server process, started at its
    first report and kept (its imports and Chromium stay warm: a report in ~3 s, as in the server);
    it gets the server's Model itself (pickled on its stdin, 0,4 MB, without the lookups), so it
    reads no data file and prints exactly what the server shows. Only with IMPACT_REPORT_ISOLATION=1
    (gunicorn.conf.py sets it); in-process otherwise, and when that process fails (logged, then
    started again). Its first report costs ~1-2 s more than in-process (its start and imports)."""
    import logging

    if config.setting("IMPACT_REPORT_ISOLATION") == "1":
        try:
            return _BUILDER.build(model, [region, today.isoformat(), profile, public_url])
        except Exception as error:  # noqa: BLE001  (any failure of the child: build here instead)
            logging.getLogger("impact").warning("fiche région %s : processus séparé en échec (%r), "
                                                "construite dans le serveur", region, error)
    return build_report(model, region, today=today, profile=profile, public_url=public_url)


class _Builder:
    """The report process of this server process: one request at a time over its pipes (a
    length-prefixed pickle of the Model once, then one JSON line per report, answered by a
    length-prefixed PDF); killed past ISOLATED_TIMEOUT_SECONDS and started again on next use."""

    def __init__(self):
        import threading

        self._lock = threading.Lock()
        self._process = None
        self._model_id = None

    def build(self, model: Model, arguments: list[str]) -> bytes:
        import json
        import threading

        with self._lock:
            process = self._started(model)
            watchdog = threading.Timer(ISOLATED_TIMEOUT_SECONDS, process.kill)
            watchdog.start()
            try:
                process.stdin.write(json.dumps(arguments).encode("utf-8") + b"\n")
                process.stdin.flush()
                pdf = _read_frame(process.stdout)
            except BaseException:
                self._stop()
                raise
            finally:
                watchdog.cancel()
            if not pdf.startswith(b"%PDF"):
                self._stop()
                raise RuntimeError(pdf[-500:].decode("utf-8", "replace"))
            return pdf

    def _started(self, model: Model):
        import dataclasses
        import os
        import pickle
        import subprocess
        import sys

        if self._process is not None and (self._process.poll() is not None or self._model_id != id(model)
                                          or self._pid != os.getpid()):
            self._stop()
        if self._process is None:
            bare = Model(**{f.name: getattr(model, f.name) for f in dataclasses.fields(model)})
            data = pickle.dumps(bare, pickle.HIGHEST_PROTOCOL)
            self._process = subprocess.Popen([sys.executable, "-m", "dashboard.outputs.report_process"],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL, close_fds=True)
            self._model_id, self._pid = id(model), os.getpid()
            self._process.stdin.write(len(data).to_bytes(8, "big") + data)
            self._process.stdin.flush()
        return self._process

    def _stop(self) -> None:
        import os

        process, self._process = self._process, None
        if process is None or getattr(self, "_pid", None) != os.getpid():
            return   # a forked worker never touches its master's process
        try:
            process.kill()
            process.wait(timeout=5)
        except Exception:  # noqa: BLE001
            pass


_BUILDER = _Builder()


def _read_frame(stream) -> bytes:
    size = int.from_bytes(_read_exactly(stream, 8), "big")
    return _read_exactly(stream, size)


def _read_exactly(stream, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("le processus des fiches s'est arrêté")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _main() -> int:
    """The report process: the Model (length-prefixed pickle, only ever from the server process
    that started it) on stdin, then one JSON line [region, day, profile, public address] per
    report, each answered on stdout by the length-prefixed PDF (or an error text). Ends with its
    stdin (its server process gone)."""
    import json
    import os
    import pickle
    import sys
    import traceback

    try:
        os.nice(NICENESS)
    except OSError:
        pass
    import threading

    from dashboard.outputs import images

    def warm_renderer():   # Chromium starts and loads plotly.js meanwhile (its own processes)
        try:
            images.render({"data": [], "layout": {}}, "png", width=20, height=20)
        except Exception:  # noqa: BLE001  (the report's own render will say what is wrong)
            pass

    threading.Thread(target=warm_renderer, daemon=True).start()
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    model = pickle.loads(_read_frame(stdin)).warm_lookups()   # the server's lookups, made again
    for line in stdin:
        try:
            region, day, profile, public_url = json.loads(line)
            answer = build_report(model, region, today=date.fromisoformat(day), profile=profile,
                                  public_url=public_url)
        except Exception:  # noqa: BLE001  (said to the server, which builds it itself)
            answer = traceback.format_exc().encode("utf-8")
        stdout.write(len(answer).to_bytes(8, "big") + answer)
        stdout.flush()
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_main())
