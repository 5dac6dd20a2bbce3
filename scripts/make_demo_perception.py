"""Generate the demonstration layer of perceived fragility: data/perception_demo.csv.

The regional survey results (score per region x domain x profile) are the Observatoire's own and
are not public. So that every view can be shown before the real files are imported, this script
draws FICTITIOUS scores: the national IMPACT-Citoyens 2019 published score of the domain when there
is one (5,5 otherwise, the middle of the published range), plus a uniform deviation of at most
±1,5 point, rounded to one decimal and kept within 0-10. The seed is fixed, so the file is
reproducible. Every row is of kind « illustratif »: the app marks it on every chart.

    python scripts/make_demo_perception.py
"""

from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = 2019
MAX_DEVIATION = 1.5
FALLBACK_BASE = 5.5
PROFILES = ("citoyens", "elus", "entreprises", "associations")
SOURCE = "Démonstration : valeur fictive (scripts/make_demo_perception.py, graine 2019)"


def demo_rows(regions: list[str], domains: list[str], national: dict[str, float]) -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    rows = []
    for region in regions:
        for domain in domains:
            base = national.get(domain, FALLBACK_BASE)
            for profile in PROFILES:
                score = float(np.clip(round(base + rng.uniform(-MAX_DEVIATION, MAX_DEVIATION), 1), 0, 10))
                rows.append(dict(region_code=region, domain_id=domain, profile=profile, year=2019,
                                 score=score, n=None, kind="illustratif", source=SOURCE, source_url="",
                                 note="valeur fictive de démonstration, pas un résultat d'enquête"))
    frame = pd.DataFrame(rows)
    frame["n"] = frame["n"].astype("Int64")
    return frame


def main() -> None:
    regions = pd.read_csv(DATA / "regions.csv", dtype=str)["code"]
    domains = pd.read_csv(DATA / "domains.csv", dtype=str)["id"].tolist()
    published = pd.read_csv(DATA / "perception_published.csv", dtype={"region_code": str})
    national = (published.query("region_code == 'FRM' and profile == 'citoyens' and year == 2019")
                .set_index("domain_id")["score"].to_dict())
    frame = demo_rows([c for c in regions if c != "FRM"], domains, national)
    frame.to_csv(DATA / "perception_demo.csv", index=False)
    print(f"{len(frame)} lignes illustratives écrites dans data/perception_demo.csv")


if __name__ == "__main__":
    main()
