"""Static chart images (PNG, SVG) rendered by kaleido 1.x through the machine's Chromium.

One renderer is kept alive per process (`kaleido.start_sync_server`): starting Chromium costs
1-4 s, each image afterwards about 0.3-0.5 s. It starts on the first image, not at import, so the
app and its tests never pay for it unless they draw an image.
Geo figures make plotly.js fetch its base map (world_110m.json) even when our own GeoJSON draws
every region: it is pointed at an empty topology written to a private temporary folder, never at a
CDN (the server may be offline, and a report must not depend on a third party).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
import threading
import warnings
from pathlib import Path

from dashboard.labels import french_text

EMPTY_TOPOLOGY = {"type": "Topology", "objects": {}, "arcs": []}
SYSTEM_CHROMIUM = "/usr/bin/chromium"

_lock = threading.Lock()  # one renderer, one image at a time: Flask serves requests in threads
_topojson_url: str | None = None


def _start() -> str:
    """Start the renderer once; return the file:// URL of the local topojson folder."""
    global _topojson_url
    if _topojson_url is None:
        import kaleido

        if "BROWSER_PATH" not in os.environ and Path(SYSTEM_CHROMIUM).exists():
            os.environ["BROWSER_PATH"] = SYSTEM_CHROMIUM  # Debian's Chromium, never a download
        folder = Path(tempfile.mkdtemp(prefix="impact-topojson-"))
        (folder / "world_110m.json").write_text(json.dumps(EMPTY_TOPOLOGY), encoding="utf-8")
        kaleido.start_sync_server(silence_warnings=True)
        atexit.register(_stop, folder)
        _topojson_url = folder.as_uri() + "/"
    return _topojson_url


def _stop(folder: Path) -> None:
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)
    shutil.rmtree(folder, ignore_errors=True)


def render(figure: dict, fmt: str, *, width: int, height: int, scale: float = 1.0) -> bytes:
    """The figure as `fmt` ("png" or "svg") bytes, drawn exactly as the browser draws it.

    The dict goes to kaleido as is (no go.Figure, hence no default template added).
    """
    import kaleido
    from plotly.utils import PlotlyJSONEncoder

    # the same French typography as the pages (labels.french_text): titles, notes, captions
    figure = json.loads(french_text(json.dumps(figure, cls=PlotlyJSONEncoder, ensure_ascii=False)))
    with _lock:
        topojson = _start()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return kaleido.calc_fig_sync(
                figure, opts={"format": fmt, "width": width, "height": height, "scale": scale},
                topojson=topojson)
