"""Load test on loopback, bounded in time: 50 simulated users (Locust) replaying the browser's
callback sequences of every page (home journeys, /comparer, /atelier steps, /sources, a PDF report,
an import; 1-3 s of thought) for 2 minutes against the production server (gunicorn -c
gunicorn.conf.py); then the workers' memory.

    python benchmarks/loadtest.py [--quick] [--users 50] [--seconds 120] [--kill-worker]

--quick: 20 s. Figures: requests/s, median and p95 over every request, errors, per request kind,
and the resident memory (RSS, and PSS: RSS with shared pages split between processes) of each
worker once the load is over.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import subprocess
import tempfile
from pathlib import Path

from common import ROOT, VENV_BIN, Journeys, production_server, warm_up

PLOTLY_PATH = "/_dash-component-suites/plotly/package_data/plotly.min.js"  # dcc.Graph loads it


def static_paths(url: str) -> list[str]:
    """Scripts and styles of the index page, and plotly.js (loaded by dcc.Graph once drawn)."""
    import requests

    page = requests.get(url + "/", timeout=10).text
    paths = re.findall(r'(?:src|href)="(/(?:_dash-component-suites|assets)/[^"]+)"', page)
    return sorted(set(paths)) + [PLOTLY_PATH]


def scenario(url: str, journeys: Journeys, per_kind: int = 200, seed: int = 5) -> dict:
    rng = random.Random(seed)

    def waves(journey):
        return [[{"name": r.name, "body": r.body.decode()} for r in wave] for wave in journey.waves]

    regions = journeys.regions
    survey = "region;domaine;profil;annee;note\nBretagne;Emploi;citoyens;2023;6,4\n".encode()
    methods = ("brut", "ecart", "z", "rang")
    return {
        "static": static_paths(url),
        "arrive": waves(journeys.arrive()),
        "pages": {path: waves(journeys.page(path)) for path in
                  ("/comparer", "/atelier", "/sources", "/importer")},
        "workshop_steps": [waves(journeys.workshop_step(rng.choice(regions), step))
                           for step in range(1, 9) for _ in range(3)],
        "compare_changes": [waves(journeys.compare_change(f"?methode={rng.choice(methods)}"))
                            for _ in range(20)],
        # two regions' reports: a workshop's participants download the same ones; each worker
        # renders a report once (cached for the day), every region would be 13 Chromium renders each
        "reports": [f"/rapport/{code}.pdf" for code in ("53", "11")],
        "import": waves(journeys.import_file(survey)),
        "journeys": {
            "domain_change": [waves(journeys.random_domain_change(rng)) for _ in range(per_kind)],
            "indicator_change": [
                waves(journeys.random_indicator_change(rng)) for _ in range(per_kind)
            ],
            "region_select": [waves(journeys.random_region_select(rng)) for _ in range(per_kind)],
        },
    }


def run_locust(url: str, data: dict, users: int, seconds: int, workdir: Path) -> dict:
    journeys_file = workdir / "journeys.json"
    journeys_file.write_text(json.dumps(data), encoding="utf-8")
    prefix = workdir / "locust"
    command = [
        str(VENV_BIN / "locust"),
        "-f",
        str(ROOT / "benchmarks" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 5)),
        "--run-time",
        f"{seconds}s",
        "--host",
        url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    env = {"IMPACT_BENCH_JOURNEYS": str(journeys_file), "PATH": str(VENV_BIN) + ":/usr/bin:/bin"}
    completed = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=seconds + 120
    )
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        raise RuntimeError("Locust n'a pas produit de statistiques :\n" + completed.stderr[-3000:])
    rows = list(csv.DictReader(stats_file.open(encoding="utf-8")))
    failures = list(csv.DictReader(Path(f"{prefix}_failures.csv").open(encoding="utf-8")))

    def figures(row):
        return {
            "requests": int(row["Request Count"]),
            "failures": int(row["Failure Count"]),
            "median_ms": float(row["Median Response Time"]),
            "p95_ms": float(row["95%"]),
            "p99_ms": float(row["99%"]),
            "max_ms": float(row["Max Response Time"]),
            "per_second": round(float(row["Requests/s"]), 1),
        }

    total = next(r for r in rows if r["Name"] == "Aggregated")
    if total["Request Count"] == "0":
        raise RuntimeError("Locust n'a envoyé aucune requête :\n" + completed.stderr[-3000:])
    if int(total["Failure Count"]):
        (ROOT / "test-output").mkdir(exist_ok=True)
        (ROOT / "test-output" / "locust-stderr.txt").write_text(completed.stderr, encoding="utf-8")
    retries = re.search(r"impact-bench retries=(\d+)", completed.stderr)
    return {
        "users": users,
        "seconds": seconds,
        "total": figures(total),
        "retried_after_keepalive_close": int(retries.group(1)) if retries else None,
        "by_name": {r["Name"]: figures(r) for r in rows if r["Name"] != "Aggregated"},
        "failures": [
            {"name": f["Name"], "error": f["Error"], "count": int(f["Occurrences"])}
            for f in failures
        ],
    }


def worker_memory(server) -> list[dict]:
    import psutil

    memory = []
    for pid in server.worker_pids():
        info = psutil.Process(pid).memory_full_info()
        memory.append(
            {
                "pid": pid,
                "rss_mb": round(info.rss / 2**20, 1),
                "pss_mb": round(info.pss / 2**20, 1),
                "uss_mb": round(info.uss / 2**20, 1),
            }
        )
    return memory


def report(result: dict) -> None:
    t = result["total"]
    print(
        f"Charge : {result['users']} utilisateurs pendant {result['seconds']} s -> {t['per_second']} requêtes/s, "
        f"médiane {t['median_ms']} ms, p95 {t['p95_ms']} ms, p99 {t['p99_ms']} ms, max {t['max_ms']} ms, "
        f"erreurs {t['failures']} / {t['requests']}"
    )
    for name, f in sorted(result["by_name"].items()):
        print(
            f"    {name:50s} n={f['requests']:6d}  médiane {f['median_ms']:6.0f}  p95 {f['p95_ms']:6.0f} ms"
            f"  erreurs {f['failures']}"
        )
    if result.get("retried_after_keepalive_close"):
        print(
            f"    renvoyées après fermeture d'une connexion keep-alive inactive (comme Chromium) : "
            f"{result['retried_after_keepalive_close']}"
        )
    for failure in result["failures"]:
        print(f"    ÉCHEC {failure['name']} : {failure['error']} ({failure['count']})")
    for m in result.get("memory", []):
        print(
            f"    worker {m['pid']} : RSS {m['rss_mb']} Mo, PSS {m['pss_mb']} Mo, USS {m['uss_mb']} Mo"
        )


def measure(server, journeys: Journeys, users: int, seconds: int, kill_worker: bool = False) -> dict:
    """The load test; with kill_worker, one worker is killed (SIGKILL) half-way: gunicorn starts
    another, and only the requests that worker was serving at that moment may fail."""
    import os
    import signal
    import threading

    killed = []

    def kill():
        pid = server.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)

    timer = threading.Timer(seconds / 2, kill) if kill_worker else None
    if timer:
        timer.start()
    with tempfile.TemporaryDirectory() as workdir:
        result = run_locust(
            server.url, scenario(server.url, journeys), users, seconds, Path(workdir)
        )
    result["killed_worker"] = killed[0] if killed else None
    result["memory"] = worker_memory(server)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 s instead of 120 s")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--url", help="an already running server (memory is then not measured)")
    parser.add_argument("--kill-worker", action="store_true",
                        help="kill one worker half-way: only its in-flight requests may fail")
    args = parser.parse_args()
    seconds = args.seconds or (20 if args.quick else 120)
    journeys = Journeys()
    if args.url:
        with tempfile.TemporaryDirectory() as workdir:
            report(
                run_locust(
                    args.url, scenario(args.url, journeys), args.users, seconds, Path(workdir)
                )
            )
        return
    with production_server() as server:
        warm_up(server.url, journeys)
        result = measure(server, journeys, args.users, seconds, args.kill_worker)
        report(result)
        if result["killed_worker"]:
            print(f"Worker {result['killed_worker']} tué à mi-parcours : "
                  f"{result['total']['failures']} requêtes perdues (celles qu'il servait)")


if __name__ == "__main__":
    main()
