"""Generate the 13 regional reports and print time and size per region (budget: 10 s, 2 MB each).

Run: `IMPACT_DATA_DIR=... .venv/bin/python benchmarks/report.py [output folder]`. The first report
also pays for starting Chromium (kaleido), as the first request of a fresh server does.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dashboard.analysis.model import get_model  # noqa: E402
from dashboard.outputs.report import build_report  # noqa: E402
from dashboard.data.schema import REGION_CODES  # noqa: E402

TIME_BUDGET_S, SIZE_BUDGET_MB = 10.0, 2.0


def main() -> int:
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    if output:
        output.mkdir(parents=True, exist_ok=True)
    model = get_model()
    failures = 0
    print(f"{'code':<5} {'région':<28} {'temps (s)':>9} {'taille (Ko)':>11}")
    for code in REGION_CODES:
        started = time.perf_counter()
        pdf = build_report(model, code)
        elapsed = time.perf_counter() - started
        over = elapsed > TIME_BUDGET_S or len(pdf) > SIZE_BUDGET_MB * 1e6
        failures += over
        print(f"{code:<5} {model.region_names[code]:<28} {elapsed:>9.2f} {len(pdf) / 1000:>11.0f}"
              + ("  HORS BUDGET" if over else ""))
        if output:
            (output / f"fiche-region-{code}.pdf").write_bytes(pdf)
    print("Toutes les fiches respectent le budget." if not failures else f"{failures} hors budget.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
