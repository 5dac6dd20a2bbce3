"""Map callbacks per second with 4 concurrent clients (the production server, over loopback HTTP).

Each client is its own process with one keep-alive connection, posting the map callback of random
domain and indicator changes back to back (no think time) for a fixed time.

    python benchmarks/throughput.py [--url http://127.0.0.1:8050] [--clients 4] [--seconds 15]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import random
import time
from urllib.parse import urlparse

from common import HEADERS, UPDATE, Journeys, production_server, warm_up


def _client(url: str, bodies: list[bytes], seconds: float, start_at: float, queue) -> None:
    parsed = urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    done = errors = 0
    latencies = []
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        body = bodies[i % len(bodies)]
        i += 1
        started = time.perf_counter()
        try:
            connection.request("POST", UPDATE, body=body, headers=HEADERS)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                errors += 1
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
        latencies.append((time.perf_counter() - started) * 1000)
    queue.put((done, errors, latencies))


def map_bodies(journeys: Journeys, n: int = 400, seed: int = 11) -> list[bytes]:
    rng = random.Random(seed)
    bodies = []
    while len(bodies) < n:
        journey = rng.choice((journeys.random_domain_change, journeys.random_indicator_change))(rng)
        bodies += [r.body for r in journey.requests if r.name == "update_map"]
    return bodies


def measure(url: str, journeys: Journeys, clients: int = 4, seconds: float = 15) -> dict:
    from common import summary

    bodies = map_bodies(journeys)
    queue = multiprocessing.Queue()
    start_at = time.time() + 1.0
    processes = [
        multiprocessing.Process(
            target=_client, args=(url, bodies[i::clients], seconds, start_at, queue)
        )
        for i in range(clients)
    ]
    for p in processes:
        p.start()
    results = [queue.get() for _ in processes]
    for p in processes:
        p.join()
    done = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    latencies = [x for r in results for x in r[2]]
    return {
        "clients": clients,
        "seconds": seconds,
        "callbacks": done,
        "errors": errors,
        "per_second": round(done / seconds, 1),
        "latency": summary(latencies),
    }


def report(result: dict) -> None:
    print(
        f"Callbacks de carte : {result['per_second']} /s avec {result['clients']} clients simultanés "
        f"({result['callbacks']} en {result['seconds']} s, erreurs : {result['errors']}, "
        f"p95 {result['latency']['p95_ms']} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()
    journeys = Journeys()
    if args.url:
        report(measure(args.url, journeys, args.clients, args.seconds))
        return
    with production_server() as server:
        warm_up(server.url, journeys)
        report(measure(server.url, journeys, args.clients, args.seconds))


if __name__ == "__main__":
    main()
