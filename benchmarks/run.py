"""Every benchmark against one production server (gunicorn -c gunicorn.conf.py on a free loopback
port), then one summary line.

    python benchmarks/run.py [--quick] [--json results.json]

In order: cold page loads and callback bytes in Chromium, callback latency over HTTP (200 actions of
each kind), map callbacks per second with 4 clients, the load test (50 users, 2 min; 20 s with
--quick), the workers' memory after it. The last line:

domain_change_bytes=… domain_change_p95_ms=… region_select_p95_ms=… first_map_ms=… initial_bytes=…
load_users=50 load_p95_ms=… load_errors=… worker_rss_mb=… upload_worst_s=… upload_worst_mb=…
stalled_p95_ms=… slow_clients_p95_ms=…

- domain_change_bytes: compressed bodies of every callback answer of one domain change in Chromium;
- *_p95_ms: p95 of the user action over HTTP: its callbacks sent together as the browser does, then
  those they trigger (per-callback figures are printed above it);
- first_map_ms: median of 5 cold loads, navigation to the map's first region drawn;
- initial_bytes: median bytes of a cold load (compressed bodies and headers);
- worker_rss_mb: the largest resident memory of a gunicorn worker after the load test;
- upload_worst_s / upload_worst_mb: the slowest answer to a pathological workbook (issue 13: 4,8
  million cells, 100 MB unzipped, 5 million shared strings) read as the import page reads it, and
  the most memory its reader took above reading a one-row file (benchmarks/uploads.py);
- stalled_p95_ms: other users' p95 per request while 12 clients upload those workbooks at once;
- slow_clients_p95_ms: other users' p95 while 50 connections trickle their headers.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime, timezone

import browser
import latency
import loadtest
import throughput
import uploads
from common import Journeys, machine, production_server, warm_up


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="shorter load test (20 s) and throughput run"
    )
    parser.add_argument("--json", help="also write every figure to this JSON file")
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    started = time.monotonic()
    journeys = Journeys()
    results = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": args.quick,
    }
    print(f"Machine : {results['machine']}\nDate : {results['date']}\n")
    with production_server() as server:
        print(
            f"Serveur : gunicorn -c gunicorn.conf.py sur {server.url} ({len(server.worker_pids())} workers)\n"
        )
        warm_up(server.url, journeys)

        results["browser"] = browser.measure(server.url, runs=5)
        browser.report(results["browser"])
        print()
        results["latency"] = latency.measure(server.url, journeys, n=200)
        latency.report(results["latency"])
        print()
        results["throughput"] = throughput.measure(
            server.url, journeys, clients=4, seconds=5 if args.quick else 15
        )
        throughput.report(results["throughput"])
        print()
        results["load"] = loadtest.measure(server, journeys, args.users, 20 if args.quick else 120)
        loadtest.report(results["load"])
        print()
        results["uploads"] = uploads.measure(server, journeys, 10 if args.quick else 20)
        uploads.report(results["uploads"])
        print()

    load_page = results["browser"]["page_load"]
    line = {
        "domain_change_bytes": results["browser"]["callbacks"]["domain_change"]["body_bytes"],
        "domain_change_p95_ms": results["latency"]["per_action"]["domain_change"]["p95_ms"],
        "region_select_p95_ms": results["latency"]["per_action"]["region_select"]["p95_ms"],
        "first_map_ms": load_page["first_map_median_ms"],
        "initial_bytes": load_page["initial_bytes_median"],
        "load_users": results["load"]["users"],
        "load_p95_ms": round(results["load"]["total"]["p95_ms"]),
        "load_errors": results["load"]["total"]["failures"],
        "worker_rss_mb": round(max(m["rss_mb"] for m in results["load"]["memory"])),
        "upload_worst_s": results["uploads"]["cost"]["worst_seconds"],
        "upload_worst_mb": results["uploads"]["cost"]["worst_mb"],
        "stalled_p95_ms": round(results["uploads"]["stalled"]["p95_ms"]),
        "slow_clients_p95_ms": round(results["uploads"]["slow_clients"]["p95_ms"]),
    }
    results["summary"] = line
    print(
        f"Hôtes étrangers contactés par la page : {len(load_page['foreign_requests'])} ; "
        f"callbacks de carte : {results['throughput']['per_second']} /s (4 clients) ; "
        f"durée totale {time.monotonic() - started:.0f} s"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, ensure_ascii=False, indent=1)
    print(" ".join(f"{key}={value}" for key, value in line.items()))


if __name__ == "__main__":
    main()
