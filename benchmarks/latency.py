"""Server-side callback latency over HTTP: median and p95 per callback and per user action.

Each user action (domain change, indicator change, region selection) is replayed with random real
values, at least 200 times. Two figures:
- per callback: its requests sent one after the other on a keep-alive connection (what one callback
  costs, HTTP and compression included);
- per action: its callbacks sent at once, as the browser does, then those their outputs trigger
  (the export links follow the URL); the time until the last answer is what the user waits for.

    python benchmarks/latency.py [--url http://127.0.0.1:8050] [-n 200]
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from common import Journeys, post, production_server, summary, warm_up

KINDS = ("domain_change", "indicator_change", "region_select")


def _session():
    import requests

    local = threading.local()

    def get():
        if not hasattr(local, "session"):
            local.session = requests.Session()
        return local.session

    return get


def measure(url: str, journeys: Journeys, n: int = 200, seed: int = 7) -> dict:
    import requests

    rng = random.Random(seed)
    makers = {
        "domain_change": journeys.random_domain_change,
        "indicator_change": journeys.random_indicator_change,
        "region_select": journeys.random_region_select,
    }
    per_callback: dict[str, list[float]] = {}
    per_action: dict[str, list[float]] = {k: [] for k in KINDS}
    session = requests.Session()
    thread_session = _session()
    with ThreadPoolExecutor(max_workers=4) as pool:
        for kind in KINDS:
            samples = [makers[kind](rng) for _ in range(n)]
            for journey in samples:  # one callback after the other
                for request in journey.requests:
                    started = time.perf_counter()
                    post(session, url, request)
                    per_callback.setdefault(f"{kind}/{request.name}", []).append(
                        (time.perf_counter() - started) * 1000
                    )
            for journey in samples:  # a wave at once, like the browser, then the next wave
                started = time.perf_counter()
                for wave in journey.waves:
                    list(pool.map(lambda r: post(thread_session(), url, r), wave))
                per_action[kind].append((time.perf_counter() - started) * 1000)
    return {
        "per_callback": {k: summary(v) for k, v in per_callback.items()},
        "per_action": {k: summary(v) for k, v in per_action.items()},
    }


def report(result: dict) -> None:
    print("Latence des callbacks sur HTTP (ms) : médiane / p95 / max")
    for name, s in result["per_callback"].items():
        print(
            f"  {name:45s} {s['median_ms']:7.1f} {s['p95_ms']:7.1f} {s['max_ms']:7.1f}  (n={s['n']})"
        )
    print("Par action (callbacks envoyés ensemble, comme le navigateur) :")
    for name, s in result["per_action"].items():
        print(
            f"  {name:45s} {s['median_ms']:7.1f} {s['p95_ms']:7.1f} {s['max_ms']:7.1f}  (n={s['n']})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("-n", type=int, default=200)
    args = parser.parse_args()
    journeys = Journeys()
    if args.url:
        report(measure(args.url, journeys, args.n))
        return
    with production_server() as server:
        warm_up(server.url, journeys)
        report(measure(server.url, journeys, args.n))


if __name__ == "__main__":
    main()
