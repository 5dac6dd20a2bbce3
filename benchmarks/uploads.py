"""Issue 13 on loopback: the cost of pathological uploads, and what other users feel meanwhile.

    python benchmarks/uploads.py [--seconds 20]

- upload cost: each workbook of tests/import_corpus/pathological.py read exactly as the import page
  reads it (dashboard.imports.worker.read_isolated), in a fresh process: seconds until the answer,
  and the reader's peak memory above the same reader on a one-row file (upload_worst_s/_mb);
- stalled: 12 clients upload those workbooks again and again through the import callback while 4
  users replay the home page's callbacks: those users' p95 per request (stalled_p95_ms);
- slow clients: 50 connections send their request a header line every 2 s while the same users
  play: their p95 (slow_clients_p95_ms).
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import socket
import subprocess
import sys
import threading
import time

from common import ROOT, UPDATE, Journeys, percentile, production_server, warm_up

CORPUS = ROOT / "tests" / "import_corpus"
READ = """
import resource, sys, time
sys.path.insert(0, {corpus!r})
import pathological
from dashboard.imports.files import FileRefused
from dashboard.imports.worker import read_isolated
content = pathological.{builder}()
started = time.monotonic()
try:
    read_isolated(content, 5 * 1024 * 1024)
    outcome = "accepté"
except FileRefused as refused:
    outcome = refused.message
print(json.dumps({{"seconds": time.monotonic() - started, "outcome": outcome,
                  "peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}}))
"""


def _read_once(builder: str) -> dict:
    code = "import json\n" + READ.format(corpus=str(CORPUS), builder=builder)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def upload_cost() -> dict:
    sys.path.insert(0, str(CORPUS))
    import pathological

    baseline = _read_once("valid")
    cases = {}
    for name, builder in pathological.PATHOLOGICAL.items():
        result = _read_once(builder.__name__)
        cases[name] = {"seconds": round(result["seconds"], 2),
                       "extra_mb": round(max(0, result["peak_kb"] - baseline["peak_kb"]) / 1024, 1),
                       "size_kb": round(len(builder()) / 1024), "answer": result["outcome"][:120]}
    return {"baseline_seconds": round(baseline["seconds"], 2), "cases": cases,
            "worst_seconds": max(c["seconds"] for c in cases.values()),
            "worst_mb": max(c["extra_mb"] for c in cases.values())}


def _users(url: str, journeys: Journeys, stop: threading.Event, users: int = 4) -> list[float]:
    """Users replaying home journeys until `stop`; every request's duration in ms."""
    import requests

    durations: list[float] = []

    def play(seed: int):
        rng = random.Random(seed)
        with requests.Session() as session:
            while not stop.is_set():
                for request in journeys.random_journey(rng).requests:
                    begun = time.perf_counter()
                    answer = session.post(url + UPDATE, data=request.body, timeout=120,
                                          headers={"Content-Type": "application/json"})
                    durations.append((time.perf_counter() - begun) * 1000)
                    if answer.status_code not in (200, 204):
                        durations.append(float("inf"))
                time.sleep(rng.uniform(0.1, 0.3))

    threads = [threading.Thread(target=play, args=(seed,)) for seed in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return durations


def stalled(url: str, journeys: Journeys, seconds: float, uploaders: int = 12) -> dict:
    import requests

    sys.path.insert(0, str(CORPUS))
    import pathological

    bodies = []
    for name, builder in pathological.PATHOLOGICAL.items():
        pending = {"filename": f"{name}.xlsx", "contents": "data:application/octet-stream;base64,"
                   + base64.b64encode(builder()).decode()}
        values = {"importer-pending.data": pending, "session-imported-data.data": None}
        bodies.append(journeys.body("import_file", values, ["importer-pending.data"]).body)
    stop, answers = threading.Event(), {"refusés": 0, "patientez": 0, "autres": 0}

    def upload(index: int):
        with requests.Session() as session:
            while not stop.is_set():
                text = session.post(url + UPDATE, data=bodies[index % len(bodies)], timeout=120,
                                    headers={"Content-Type": "application/json"}).text
                key = ("patientez" if "patientez" in text else "refusés" if "pas importé" in text
                       else "autres")
                answers[key] += 1

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(uploaders)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    durations = _users(url, journeys, stop)
    for thread in threads:
        thread.join()
    return {"uploaders": uploaders, "seconds": seconds, "uploads": answers,
            "requests": len(durations), "p95_ms": round(percentile(durations, 95), 1),
            "max_ms": round(max(durations), 1)}


def slow_clients(url: str, journeys: Journeys, seconds: float, clients: int = 50) -> dict:
    host, port = url.removeprefix("http://").split(":")
    stop, opened = threading.Event(), []

    def trickle():
        try:
            sock = socket.create_connection((host, int(port)), timeout=10)
        except OSError:
            return
        opened.append(sock)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        line = 0
        while not stop.wait(2):
            try:
                sock.sendall(b"X-Lent-%d: a\r\n" % line)
            except OSError:
                return
            line += 1

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    timer = threading.Timer(seconds, stop.set)
    timer.start()
    durations = _users(url, journeys, stop)
    for sock in opened:
        sock.close()
    return {"clients": clients, "connected": len(opened), "seconds": seconds,
            "requests": len(durations), "p95_ms": round(percentile(durations, 95), 1),
            "max_ms": round(max(durations), 1)}


def report(result: dict) -> None:
    cost = result["cost"]
    print(f"Imports coûteux (lus comme la page d'import les lit ; un fichier d'une ligne : "
          f"{cost['baseline_seconds']} s) :")
    for name, case in cost["cases"].items():
        print(f"    {name:32s} {case['size_kb']:6d} Ko  {case['seconds']:5.2f} s  +{case['extra_mb']:5.1f} Mo"
              f"  -> {case['answer']}")
    s = result["stalled"]
    print(f"Pendant {s['uploaders']} imports coûteux simultanés ({s['seconds']} s, réponses {s['uploads']}) : "
          f"les autres utilisateurs p95 {s['p95_ms']} ms, max {s['max_ms']} ms sur {s['requests']} requêtes")
    c = result["slow_clients"]
    print(f"Pendant {c['clients']} connexions lentes ({c['connected']} ouvertes, une ligne d'en-tête "
          f"toutes les 2 s) : p95 {c['p95_ms']} ms, max {c['max_ms']} ms sur {c['requests']} requêtes")


def measure(server, journeys: Journeys, seconds: float) -> dict:
    return {"cost": upload_cost(), "stalled": stalled(server.url, journeys, seconds),
            "slow_clients": slow_clients(server.url, journeys, seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    journeys = Journeys()
    with production_server() as server:
        warm_up(server.url, journeys)
        report(measure(server, journeys, args.seconds))


if __name__ == "__main__":
    main()
