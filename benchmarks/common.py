"""Shared by the benchmarks: the production server (gunicorn) on a free loopback port, the callback
requests a browser sends for each journey (built from the app's callback map), figures.

Every benchmark talks to the app over HTTP on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

VENV_BIN = Path(sys.executable).parent
BROWSER_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sends
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
]
UPDATE = "/_dash-update-component"
HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json",
    "Accept-Encoding": BROWSER_ENCODING,
}


# -- figures -------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): p95 of 200 values is the 190th smallest."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5 - 1e-9)))
    return ordered[rank - 1]


def summary(values_ms: list[float]) -> dict:
    return {
        "n": len(values_ms),
        "median_ms": round(statistics.median(values_ms), 2),
        "p95_ms": round(percentile(values_ms, 95), 2),
        "max_ms": round(max(values_ms), 2),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the production server -----------------------------------------------------------------------


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log_path: Path

    def worker_pids(self) -> list[int]:
        import psutil

        return [c.pid for c in psutil.Process(self.process.pid).children()]


@contextmanager
def production_server(
    workers: int | None = None, threads: int | None = None, log_dir: Path | None = None
):
    """gunicorn -c gunicorn.conf.py on a free loopback port; stopped (only this one) at the end."""
    port = free_port()
    env = dict(os.environ, IMPACT_BIND=f"127.0.0.1:{port}")
    env.pop("IMPACT_DEBUG", None)
    if workers:
        env["IMPACT_WORKERS"] = str(workers)
    if threads:
        env["IMPACT_THREADS"] = str(threads)
    log_dir = log_dir or Path(os.environ.get("TMPDIR", "/tmp"))
    log_path = log_dir / f"impact-bench-gunicorn-{port}.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log_path)
        yield Server(url, process, log_path)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_until_up(
    url: str, process: subprocess.Popen, log_path: Path, timeout: float = 240
) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: see {log_path}\n" + log_path.read_text()[-2000:])
        try:
            if requests.get(url + "/_dash-layout", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn not answering after {timeout} s: see {log_path}")


def warm_up(url: str, journeys: "Journeys", rounds: int = 30) -> None:
    """Every worker has served the page and each callback once (Dash sets itself up lazily)."""
    import requests

    with requests.Session() as session:
        for _ in range(rounds):
            session.get(url + "/", headers={"Accept-Encoding": BROWSER_ENCODING})
            for request in journeys.random_journey(random.Random(0)).requests:
                session.post(url + UPDATE, data=request.body, headers=HEADERS)


# -- what the browser sends ----------------------------------------------------------------------


@dataclass(frozen=True)
class CallbackRequest:
    name: str  # the callback's function name (update_map, ...)
    output: str  # Dash's output key
    body: bytes  # the JSON body, as the browser sends it


@dataclass
class Journey:
    """One user action: waves of callbacks; a wave's callbacks go together, the next wave is what
    the first one's outputs trigger (the export links follow the URL)."""

    kind: str  # domain_change, indicator_change, region_select, arrive
    waves: list[list[CallbackRequest]] = field(default_factory=list)

    @property
    def requests(self) -> list[CallbackRequest]:
        return [r for wave in self.waves for r in wave]


class Journeys:
    """Callback bodies built from the app's callback map, with real domains, indicators, regions.

    A browser fires, for one user action, every callback whose inputs changed, all at once: picking
    a domain fires sync_view_state, update_map and update_domain_comparison; picking a region also
    update_region_view. Then what their outputs trigger: the export links follow the new URL.
    The bodies are the ones Chromium sends (compared with a capture of the real traffic).
    """

    def __init__(self):
        from dash import _callback

        from app import app  # noqa: F401  (registers the callbacks)
        from dashboard.analysis.model import get_model
        from layouts import ids
        from layouts.pages import PAGES

        self.ids = ids
        model = get_model()
        callbacks = {**app.callback_map, **_callback.GLOBAL_CALLBACK_MAP}
        self.by_name = {  # server-side callbacks (clientside ones have no Python function)
            entry["callback"].__name__: (key, entry)
            for key, entry in callbacks.items()
            if "callback" in entry
        }
        self.domains = model.domain_ids
        self.default_domain = model.best_covered_domain()
        catalogue = model.bundle.indicators
        self.indicators = catalogue.groupby("domain_id")["id"].apply(list).to_dict()
        self.regions = [c for c in model.region_names if c != "FRM"]
        self.home_components = [
            c for c in PAGES["/"](model, "")._traverse() if getattr(c, "id", None)
        ]

    def _matching(self, pattern: dict) -> list:
        """The home page's components whose dict id matches a wildcard id (ALL, MATCH...)."""
        fixed = {k: v for k, v in pattern.items() if not isinstance(v, list)}
        return [
            c
            for c in self.home_components
            if isinstance(c.id, dict)
            and c.id.keys() == pattern.keys()
            and all(c.id.get(k) == v for k, v in fixed.items())
        ]

    # one callback request
    def body(self, name: str, values: dict[str, object], changed: list[str]) -> CallbackRequest:
        key, entry = self.by_name[name]
        many = isinstance(entry["output"], list)

        def concrete(component_id, prop, with_value):
            if isinstance(component_id, str) and component_id.startswith("{"):
                return [
                    {
                        "id": c.id,
                        "property": prop,
                        **({"value": getattr(c, prop, None)} if with_value else {}),
                    }
                    for c in self._matching(json.loads(component_id))
                ]
            item = {"id": component_id, "property": prop}
            if with_value and f"{component_id}.{prop}" in values:
                item["value"] = values[f"{component_id}.{prop}"]
            return item

        outputs = [
            concrete(o.component_id_str(), o.component_property, False)
            for o in (entry["output"] if many else [entry["output"]])
        ]
        body = {
            "output": key,
            "outputs": outputs if many else outputs[0],
            "inputs": [concrete(d["id"], d["property"], True) for d in entry["inputs"]],
            "changedPropIds": changed,
            "parsedChangedPropsIds": changed,
            "state": [concrete(d["id"], d["property"], True) for d in entry["state"]],
        }
        return CallbackRequest(name, key, json.dumps(body, separators=(",", ":")).encode())

    def _values(self, domain, indicator, region, search) -> dict:
        i = self.ids
        return {
            f"{i.HOME_URL}.search": search,
            f"{i.DOMAIN}.value": domain,
            f"{i.INDICATOR}.value": indicator,
            f"{i.REGION}.value": region or "",
            f"{i.IMPORTED}.data": None,
        }

    def _followers(self, search: str) -> list[CallbackRequest]:
        """Callbacks other than sync_view_state taking the home URL as input: they follow it."""
        url_input = {"id": self.ids.HOME_URL, "property": "search"}
        names = [
            n
            for n, (_, e) in self.by_name.items()
            if url_input in e["inputs"] and n != "sync_view_state"
        ]
        values = {f"{self.ids.HOME_URL}.search": search, f"{self.ids.IMPORTED}.data": None}
        return [self.body(n, values, [f"{self.ids.HOME_URL}.search"]) for n in names]

    @staticmethod
    def search(domain, indicator="indice", region=None) -> str:
        params = {}
        if region:
            params["region"] = region
        params["domaine"] = domain
        if indicator != "indice":
            params["indicateur"] = indicator
        return "?" + urlencode(params)

    def _journey(self, kind, names, values, changed, new_search) -> Journey:
        first = [self.body(n, values, changed) for n in names]
        followers = self._followers(new_search)
        return Journey(kind, [first, followers] if followers else [first])

    # the three journeys of the home page
    def domain_change(self, old: str, new: str, region: str | None = None) -> Journey:
        values = self._values(new, "indice", region, self.search(old, region=region))
        return self._journey(
            "domain_change",
            ("sync_view_state", "update_map", "update_domain_comparison"),
            values,
            [f"{self.ids.DOMAIN}.value"],
            self.search(new, region=region),
        )

    def indicator_change(self, domain: str, indicator: str, region: str | None = None) -> Journey:
        values = self._values(domain, indicator, region, self.search(domain, region=region))
        return self._journey(
            "indicator_change",
            ("sync_view_state", "update_map"),
            values,
            [f"{self.ids.INDICATOR}.value"],
            self.search(domain, indicator, region),
        )

    def region_select(self, domain: str, region: str, indicator: str = "indice") -> Journey:
        values = self._values(domain, indicator, region, self.search(domain, indicator))
        return self._journey(
            "region_select",
            ("sync_view_state", "update_map", "update_domain_comparison", "update_region_view"),
            values,
            [f"{self.ids.REGION}.value"],
            self.search(domain, indicator, region),
        )

    def arrive(self) -> Journey:
        """The callbacks of a first visit of « / » (after /, /_dash-layout, /_dash-dependencies)."""
        i = self.ids
        values = {f"{i.URL}.pathname": "/", f"{i.URL}.search": "", f"{i.IMPORTED}.data": None}
        page = self.body("render_page", values, [f"{i.URL}.pathname"])
        sync_values = self._values(self.default_domain, "indice", None, "")
        sync = self.body("sync_view_state", sync_values, [f"{i.HOME_URL}.search"])
        return Journey("arrive", [[page], [sync, *self._followers("")]])

    # the other pages, as the browser opens them (issue 13's realistic load)
    def page(self, path: str, search: str = "") -> Journey:
        """render_page for `path`, then the callbacks the page's own components fire on arrival."""
        i = self.ids
        first = [self.body("render_page", {f"{i.URL}.pathname": path, f"{i.URL}.search": search,
                                           f"{i.IMPORTED}.data": None}, [f"{i.URL}.pathname"])]
        arrival = {"/comparer": ("sync_compare_state", "update_matrix", "update_scatter"),
                   "/atelier": ("show_step",), "/importer": ("show_active_imports",)}
        values = {"compare-url.search": search, "compare-url.pathname": path,
                  "workshop-url.search": search, "workshop-url.pathname": path,
                  "workshop-viewport.data": {"w": 1920, "h": 1080}, f"{i.URL}.pathname": path,
                  f"{i.IMPORTED}.data": None}
        second = [self.body(name, values, [f"{path.strip('/')}-url.search"])
                  for name in arrival.get(path, ()) if name in self.by_name]
        return Journey(path.strip("/") or "home", [first, second] if second else [first])

    def workshop_step(self, region: str, step: int) -> Journey:
        values = {"workshop-url.search": f"?region={region}&etape={step}",
                  "workshop-url.pathname": "/atelier", "workshop-viewport.data": {"w": 1920, "h": 1080},
                  f"{self.ids.IMPORTED}.data": None}
        return Journey("atelier_step", [[self.body("show_step", values, ["workshop-url.search"])]])

    def compare_change(self, search: str) -> Journey:
        values = {"compare-url.search": search, "compare-url.pathname": "/comparer",
                  f"{self.ids.IMPORTED}.data": None}
        names = ("update_matrix", "update_scatter")
        return Journey("comparer_change", [[self.body(n, values, ["compare-url.search"]) for n in names]])

    def import_file(self, content: bytes, name: str = "resultats.csv") -> Journey:
        import base64

        pending = {"filename": name,
                   "contents": "data:text/csv;base64," + base64.b64encode(content).decode()}
        values = {"importer-pending.data": pending, f"{self.ids.IMPORTED}.data": None}
        return Journey("import", [[self.body("import_file", values, ["importer-pending.data"])]])

    # random ones, for latency and load
    def random_domain_change(self, rng: random.Random) -> Journey:
        old, new = rng.sample(self.domains, 2)
        return self.domain_change(old, new, rng.choice([None, None, *self.regions]))

    def random_indicator_change(self, rng: random.Random) -> Journey:
        domain = rng.choice([d for d in self.domains if self.indicators.get(d)])
        return self.indicator_change(
            domain, rng.choice(self.indicators[domain]), rng.choice([None, None, *self.regions])
        )

    def random_region_select(self, rng: random.Random) -> Journey:
        return self.region_select(rng.choice(self.domains), rng.choice(self.regions))

    def random_journey(self, rng: random.Random) -> Journey:
        pick = rng.choice(
            (self.random_domain_change, self.random_indicator_change, self.random_region_select)
        )
        return pick(rng)


def post(session, url: str, request: CallbackRequest):
    response = session.post(url + UPDATE, data=request.body, headers=HEADERS)
    if response.status_code not in (200, 204):
        raise RuntimeError(f"{request.name}: HTTP {response.status_code} {response.text[:200]}")
    return response


def machine() -> str:
    import platform

    import psutil

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), {psutil.virtual_memory().total / 2**30:.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )
