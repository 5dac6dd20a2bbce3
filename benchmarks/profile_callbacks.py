"""Where the home callbacks spend their time: in-process timings and the top cProfile entries.

python benchmarks/profile_callbacks.py [--top 15] [--callback update_region_view]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import statistics
import time
from contextvars import copy_context

from common import Journeys


def call(journeys: Journeys, request) -> object:
    """Run the callback function as Dash would (its context set), without HTTP."""
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    body = json.loads(request.body)
    _, entry = journeys.by_name[request.name]
    function = entry["callback"].__wrapped__
    args = [
        [x.get("value") for x in d] if isinstance(d, list) else d.get("value")
        for d in body["inputs"] + body["state"]
    ]

    def run():
        context_value.set(
            AttributeDict(
                triggered_inputs=[{"prop_id": p, "value": None} for p in body["changedPropIds"]],
                inputs_list=body["inputs"],
                states_list=body["state"],
                outputs_list=body["outputs"],
                updated_props={},
            )
        )
        return function(*args)

    return copy_context().run(run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--callback", help="profile only this callback")
    parser.add_argument("-n", type=int, default=100)
    args = parser.parse_args()
    journeys = Journeys()
    rng = random.Random(3)
    samples: dict[str, list] = {}
    for _ in range(args.n):
        for journey in (
            journeys.random_domain_change(rng),
            journeys.random_indicator_change(rng),
            journeys.random_region_select(rng),
        ):
            for request in journey.requests:
                samples.setdefault(request.name, []).append(request)
    print("Durée en processus (ms) : médiane / p95")
    for name, requests in samples.items():
        if args.callback and name != args.callback:
            continue
        times = []
        for request in requests:
            started = time.perf_counter()
            call(journeys, request)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(
            f"  {name:28s} {statistics.median(times):7.2f} {times[int(len(times) * 0.95) - 1]:7.2f}"
            f"  (n={len(times)})"
        )
        profiler = cProfile.Profile()
        profiler.enable()
        for request in requests:
            call(journeys, request)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print("\n".join(line for line in out.getvalue().splitlines()[6:] if line.strip()))
        print()


if __name__ == "__main__":
    main()
