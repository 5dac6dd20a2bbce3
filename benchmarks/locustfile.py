"""Simulated users of every page for Locust (started by benchmarks/loadtest.py, which writes the
callback bodies to replay into the file named by IMPACT_BENCH_JOURNEYS).

A user arrives (page, layout, dependencies, first callbacks, geometry; on the first visit also every
script and style, as a browser with an empty cache), then, with 1 to 3 s of thought in between,
changes the domain, the indicator, picks a region, or opens the page again; or opens /comparer
(and changes its method), steps through /atelier, reads /sources, downloads a region's PDF report,
imports a small survey file. The callbacks of one action go together, as the browser sends them.
"""

from __future__ import annotations

import json
import os
import random
import sys

from flask_compress.compat import compression  # zstd (what Chromium is answered with)
from gevent.pool import Pool
from geventhttpclient import useragent
from locust import FastHttpUser, between, events, task

with open(os.environ["IMPACT_BENCH_JOURNEYS"], encoding="utf-8") as handle:
    DATA = json.load(handle)
HEADERS = {
    "Content-Type": "application/json",
    "Accept": "application/json",
    "Accept-Encoding": "gzip, deflate, br, zstd",
}
GET_HEADERS = {"Accept-Encoding": "gzip, deflate, br, zstd"}
_content = useragent.CompatResponse._content


def _content_with_zstd(self) -> bytes:
    """geventhttpclient reads gzip, deflate and br; the server answers Chromium in zstd."""
    if self.headers.get("content-encoding", "").lower() == "zstd":
        data = compression.zstd.decompress(self._response.read())
        self.release()
        return data
    return _content(self)


useragent.CompatResponse._content = _content_with_zstd
RETRIES = [0]


@events.quitting.add_listener
def _report_retries(environment, **kwargs):
    print(f"impact-bench retries={RETRIES[0]}", file=sys.stderr)


class Visitor(FastHttpUser):
    wait_time = between(1, 3)
    concurrency = 6  # connections per user, as a browser opens

    def on_start(self):
        self.arrive(cold=True)

    @task(4)
    def domain_change(self):
        self.play("domain_change", random.choice(DATA["journeys"]["domain_change"]))

    @task(3)
    def indicator_change(self):
        self.play("indicator_change", random.choice(DATA["journeys"]["indicator_change"]))

    @task(2)
    def region_select(self):
        self.play("region_select", random.choice(DATA["journeys"]["region_select"]))

    @task(1)
    def page_view(self):
        self.arrive(cold=False)

    # the other pages (issue 13: every page's own callback sequences)
    @task(2)
    def compare_page(self):
        self.visit("/comparer")
        self.play("comparer_change", random.choice(DATA["compare_changes"]))

    @task(2)
    def workshop_steps(self):
        self.visit("/atelier")
        for waves in random.sample(DATA["workshop_steps"], 3):
            self.play("atelier_step", waves)

    @task(1)
    def sources_page(self):
        self.visit("/sources")

    @task(1)
    def region_report(self):
        self.get(random.choice(DATA["reports"]), "rapport PDF")

    @task(1)
    def import_a_file(self):
        self.visit("/importer")
        self.play("import", DATA["import"])

    def visit(self, path: str):
        self.get(path, f"page {path}")
        self.parallel([lambda: self.get("/_dash-layout", "page /_dash-layout"),
                       lambda: self.get("/_dash-dependencies", "page /_dash-dependencies")])
        self.play(path.strip("/"), DATA["pages"][path])

    # ---
    def arrive(self, cold: bool):
        self.get("/", "page /")
        self.parallel(
            [
                lambda: self.get("/_dash-layout", "page /_dash-layout"),
                lambda: self.get("/_dash-dependencies", "page /_dash-dependencies"),
            ]
            + (
                [lambda u=u: self.get(u, "page fichiers statiques") for u in DATA["static"]]
                if cold
                else []
            )
        )
        self.play("arrive", DATA["arrive"])
        self.get("/donnees/regions.geojson", "page /donnees/regions.geojson")

    def play(self, kind: str, waves: list[list[dict]]):
        for wave in waves:
            self.parallel([lambda r=r: self.post(kind, r) for r in wave])

    def parallel(self, calls):
        pool = Pool(6)
        for call in calls:
            pool.spawn(call)
        pool.join()

    def get(self, path: str, name: str):
        with self.client.get(path, headers=GET_HEADERS, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(
                    f"HTTP {response.status_code} {getattr(response, 'error', None)!r}"
                )

    def post(self, kind: str, request: dict, retry: bool = True):
        with self.client.post(
            "/_dash-update-component",
            data=request["body"].encode(),
            headers=HEADERS,
            name=f"{kind}/{request['name']}",
            catch_response=True,
        ) as response:
            error = getattr(response, "error", None)
            if (
                retry
                and response.status_code == 0
                and type(error).__name__ == "HTTPConnectionClosed"
            ):
                # The server closed this idle keep-alive connection as the request left: no answer
                # was started. Chromium sends such a request again on a new connection (for a
                # POST too); so does this user, once. Counted, and printed by loadtest.py.
                RETRIES[0] += 1
                response.success()
                return self.post(kind, request, retry=False)
            if response.status_code not in (200, 204):
                response.failure(f"HTTP {response.status_code} {error!r}")
