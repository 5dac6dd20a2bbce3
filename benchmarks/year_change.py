"""A year change on the map (issue 14): what the browser sends when the year slider moves, and what
comes back: the answers' compressed sizes and their latency (median, p95) over HTTP against the
production server. Budget, the domain change's: every answer and their sum <= 2 KB compressed,
p95 <= 15 ms per answer.

Moving the slider fires two callbacks at once: sync_view_state (the URL gets &annee=) and
update_map (a Patch of the values and hover of that year). Years are drawn at random among the
years of the crime series (2016-2024), with a random region chosen or not.

    python benchmarks/year_change.py [--url http://127.0.0.1:8050] [-n 200]
"""

from __future__ import annotations

import argparse
import random
import time

from common import Journeys, post, production_server, summary, warm_up

BUDGET_BYTES, BUDGET_P95_MS = 2048, 15.0
INDICATORS = ("cambriolages_2021", "coups_blessures_2021", "vols_violents_2021", "destructions_degradations_2021")


def year_change(journeys: Journeys, rng: random.Random, years: list[int]):
    """The two requests of one slider move: from one year of a crime indicator to another."""
    from layouts.pages.home import YEAR

    indicator = rng.choice(INDICATORS)
    old, new = rng.sample(years, 2)
    region = rng.choice([None, *journeys.regions])
    search = journeys.search("securite", indicator, region) + f"&annee={old}"
    values = journeys._values("securite", indicator, region, search)
    values.update({f"{YEAR}.value": new, f"{journeys.ids.BASKET}.data": [],
                   f"{journeys.ids.PROFILE}.value": "citoyens"})
    return [journeys.body(name, values, [f"{YEAR}.value"]) for name in ("sync_view_state", "update_map")]


def measure(url: str, n: int = 200, seed: int = 14) -> dict:
    import requests

    from dashboard.analysis.model import get_model

    journeys = Journeys()
    years = list(get_model().indicator_years("cambriolages_2021"))
    rng = random.Random(seed)
    session = requests.Session()
    latency: dict[str, list[float]] = {}
    size: dict[str, list[int]] = {}
    totals = []
    for _ in range(n):
        total = 0
        for request in year_change(journeys, rng, years):
            started = time.perf_counter()
            response = post(session, url, request)
            latency.setdefault(request.name, []).append((time.perf_counter() - started) * 1000)
            sent = int(response.raw.headers.get("Content-Length") or len(response.content))
            size.setdefault(request.name, []).append(sent)
            total += sent
        totals.append(total)
    return dict(latency={k: summary(v) for k, v in latency.items()},
                bytes={k: max(v) for k, v in size.items()}, total_bytes=max(totals), n=n)


def report(result: dict) -> None:
    print(f"Changement d'année sur la carte ({result['n']} mouvements du curseur, 2 réponses chacun)")
    for name, figures in result["latency"].items():
        ok = figures["p95_ms"] <= BUDGET_P95_MS and result["bytes"][name] <= BUDGET_BYTES
        print(f"  {name:18s} médiane {figures['median_ms']:.1f} ms  p95 {figures['p95_ms']:.1f} ms  "
              f"au plus {result['bytes'][name]} o compressés  {'OK' if ok else 'HORS BUDGET'}")
    ok = result["total_bytes"] <= BUDGET_BYTES
    print(f"  total des réponses : au plus {result['total_bytes']} o compressés (budget {BUDGET_BYTES} o)  "
          f"{'OK' if ok else 'HORS BUDGET'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start the production server)")
    parser.add_argument("-n", type=int, default=200)
    args = parser.parse_args()
    if args.url:
        report(measure(args.url, args.n))
        return
    with production_server(workers=1) as server:
        warm_up(server.url, Journeys())
        report(measure(server.url, args.n))


if __name__ == "__main__":
    main()
