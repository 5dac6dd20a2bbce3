"""Time to validate and read the data package (load_bundle) and to derive the Model from it.

    .venv/bin/python benchmarks/load_time.py [--data-dir DOSSIER] [--runs 5]

The first call also pays for importing frictionless; it is shown apart and left out of the median.
Last line: load_bundle_median_ms=… build_model_median_ms=… runs=…
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard import config  # noqa: E402
from dashboard.data.loading import load_bundle  # noqa: E402
from dashboard.analysis.model import build_model  # noqa: E402


def timed(function, *args) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args)
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None, help="dossier des données (défaut : IMPACT_DATA_DIR ou data/)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data_dir = Path(args.data_dir) if args.data_dir else config.data_dir()

    first_ms, _ = timed(load_bundle, data_dir)
    print(f"Données : {data_dir}")
    print(f"Premier chargement (import de frictionless compris) : {first_ms:.0f} ms")
    load_ms, model_ms = [], []
    for run in range(1, args.runs + 1):
        elapsed, bundle = timed(load_bundle, data_dir)
        load_ms.append(elapsed)
        elapsed, _ = timed(build_model, bundle)
        model_ms.append(elapsed)
        print(f"essai {run} : load_bundle {load_ms[-1]:.0f} ms, build_model {model_ms[-1]:.0f} ms")
    load_median, model_median = statistics.median(load_ms), statistics.median(model_ms)
    print(f"Médiane sur {args.runs} essais : load_bundle {load_median:.0f} ms, "
          f"build_model {model_median:.0f} ms")
    print(f"load_bundle_median_ms={load_median:.0f} build_model_median_ms={model_median:.0f} "
          f"runs={args.runs}")


if __name__ == "__main__":
    main()
