"""In headless Chromium (Debian's, offline flags): cold page load until the map is drawn, bytes the
browser fetches, bytes of each callback answer for the three user actions, requests to other hosts.

    python benchmarks/browser.py [--url http://127.0.0.1:8050] [--runs 5]

« Cold »: a new browser context each run (empty cache, no cookies), the server already warm.
« Drawn »: the first region path of the map in the page (MutationObserver, performance.now()).
Bytes are what travelled: encoded (compressed) body plus headers, as Chromium reports them.
"""

from __future__ import annotations

import argparse
import statistics

from common import CHROMIUM, CHROMIUM_FLAGS, production_server

MAP_DRAWN = """
window.__mapDrawn = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('#home-map .choroplethlocation')) {
    window.__mapDrawn = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""
ACTIONS = (  # (journey, dropdown id, value): what the user picks, in this order
    ("domain_change", "home-domain", "securite"),
    ("indicator_change", "home-indicator", "cambriolages_2021"),
    ("region_select", "home-region", "53"),
)


class Traffic:
    """Every request of a page: its URL, and once finished its transferred bytes."""

    def __init__(self, page, base_url: str):
        self.base_url = base_url
        self.entries: list[dict] = []
        self.inflight = 0
        page.on("request", self._started)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", self._failed)

    def _started(self, request):
        self.inflight += 1

    def _failed(self, request):
        self.inflight -= 1
        self.entries.append(
            {"url": request.url, "failed": True, "bytes": 0, "raw": 0, "output": None}
        )

    def _finished(self, request):
        try:  # counted as in flight until its sizes and body are read
            sizes = request.sizes()
            response = request.response()
            output = None
            if "_dash-update-component" in request.url:
                import json

                output = json.loads(request.post_data or "{}").get("output")
            raw = len(response.body()) if response and output else None
            self.entries.append(
                {
                    "url": request.url,
                    "failed": False,
                    "output": output,
                    "raw": raw,
                    "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"],
                    "body_bytes": sizes["responseBodySize"],
                }
            )
        finally:
            self.inflight -= 1

    def foreign(self) -> list[str]:
        return [
            e["url"]
            for e in self.entries
            if not e["url"].startswith((self.base_url, "data:", "blob:", "about:"))
        ]

    def settle(self, page, quiet_ms: int = 400, timeout_ms: int = 20000) -> None:
        """Wait until no request has been in flight for quiet_ms."""
        quiet, waited = 0, 0
        while quiet < quiet_ms and waited < timeout_ms:
            page.wait_for_timeout(50)
            waited += 50
            quiet = quiet + 50 if self.inflight == 0 else 0


def cold_loads(browser, url: str, runs: int = 5) -> dict:
    times, transfers, foreign, failed = [], [], [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
        page = context.new_page()
        page.add_init_script(MAP_DRAWN)
        traffic = Traffic(page, url)
        page.goto(url + "/")
        page.wait_for_selector("#home-map .choroplethlocation", timeout=30000)
        times.append(page.evaluate("window.__mapDrawn"))
        traffic.settle(page)
        transfers.append(sum(e["bytes"] for e in traffic.entries))
        foreign += traffic.foreign()
        failed += [e["url"] for e in traffic.entries if e["failed"]]
        biggest = sorted(traffic.entries, key=lambda e: -e["bytes"])[:8]
        context.close()
    return {
        "first_map_ms": [round(t) for t in times],
        "first_map_median_ms": round(statistics.median(times)),
        "initial_bytes": [int(b) for b in transfers],
        "initial_bytes_median": int(statistics.median(transfers)),
        "requests": len(traffic.entries),
        "foreign_requests": sorted(set(foreign)),
        "failed_requests": sorted(set(failed)),
        "largest": [(e["url"].replace(url, ""), e["bytes"]) for e in biggest],
    }


def choose(page, dropdown_id: str, value: str) -> None:
    page.select_option(f"#{dropdown_id}", value)  # the home pickers are native selects


def callback_bytes(browser, url: str) -> dict:
    """Bytes of every callback answer for each user action, as Chromium received them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    traffic = Traffic(page, url)
    page.goto(url + "/")
    page.wait_for_selector("#home-map .choroplethlocation", timeout=30000)
    traffic.settle(page)
    result = {}
    for journey, dropdown, value in ACTIONS:
        before = len(traffic.entries)
        choose(page, dropdown, value)
        traffic.settle(page)
        answers = [e for e in traffic.entries[before:] if e["output"]]
        result[journey] = {
            "callbacks": [
                {
                    "output": e["output"],
                    "raw_bytes": e["raw"],
                    "body_bytes": e["body_bytes"],
                    "bytes": e["bytes"],
                }
                for e in answers
            ],
            "body_bytes": sum(e["body_bytes"] for e in answers),
            "bytes": sum(e["bytes"] for e in answers),
            "foreign_requests": traffic.foreign(),
        }
    context.close()
    return result


def measure(url: str, runs: int = 5) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS
        )
        try:
            return {
                "page_load": cold_loads(browser, url, runs),
                "callbacks": callback_bytes(browser, url),
            }
        finally:
            browser.close()


def report(result: dict) -> None:
    load = result["page_load"]
    print(
        f"Chargement à froid jusqu'à la carte dessinée (ms) : {load['first_map_ms']} "
        f"-> médiane {load['first_map_median_ms']} ms"
    )
    print(
        f"Octets transférés (compressés, en-têtes compris) : médiane {load['initial_bytes_median']} "
        f"({load['requests']} requêtes) ; hôtes étrangers : {len(load['foreign_requests'])} ; "
        f"échecs : {len(load['failed_requests'])}"
    )
    for path, size in load["largest"]:
        print(f"    {size:9d}  {path[:100]}")
    for journey, data in result["callbacks"].items():
        print(
            f"{journey} : {len(data['callbacks'])} réponses, corps {data['body_bytes']} o "
            f"(avec en-têtes {data['bytes']} o)"
        )
        for c in data["callbacks"]:
            print(
                f"    {c['body_bytes']:7d} o compressés ({c['raw_bytes']:7d} o bruts)  {c['output'][:90]}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.url:
        report(measure(args.url, args.runs))
        return
    from common import Journeys, warm_up

    with production_server() as server:
        warm_up(server.url, Journeys())
        report(measure(server.url, args.runs))


if __name__ == "__main__":
    main()
