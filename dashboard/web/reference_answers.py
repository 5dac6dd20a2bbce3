"""The answers of the page callbacks for the reference data, kept and sent again as they are.

With nothing imported in the session, the answer of `render_page`, of /comparer's controls, matrix
and scatter, of a workshop step and of the home page's views is a function of the request body alone (the callback, its
inputs and states, which one changed): the reference Model never changes in a process. Those pages
cost 25-200 ms each (building hundreds of Dash components and a figure, serialising and typesetting
them), and under load they queued the home page's 5 ms answers. Here the typeset JSON of such an
answer is kept by the digest of its request body, and the next identical request gets those bytes
without running the callback (compression still happens on the way out). The page shell Dash
sends on every visit (/_dash-layout, 17 ms to serialise and typeset) is kept the same way.

Never for a session with imports: a request is served or remembered only when every
`session-imported-data` value it carries is empty (None), and each callback listed must declare
that store (checked when the server starts). The key is the whole body, so a different parameter
(a search, a step, a window size, a triggering control) is another entry. Per process, in memory,
bounded (CACHE_BYTES, least recently used out first), and shared by the workers of the server
through files (SharedFiles, at most SHARED_BYTES): an answer computed by one worker is read by the
others instead of being computed three times.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import os
import shutil
import tempfile
import threading
from collections import OrderedDict

from flask import Flask, Response, request

CACHED_CALLBACKS = ("render_page", "sync_compare_state", "update_matrix", "update_scatter", "show_step",
                    # the home page's: their views are memoised already (model.cached_for_reference,
                    # the master's pre-built views); kept here, a repeated answer also skips Dash's
                    # dispatch and serialisation (3-10 ms under load to 1-2 ms)
                    "sync_view_state", "update_map", "update_domain_comparison", "update_region_view",
                    "update_region_summary")
CACHE_BYTES = 48 * 2**20
SHARED_BYTES = 256 * 2**20
CACHED_FLAG = "impact.reference_answer"   # request.environ: this answer came from the cache
_KEY = "impact.reference_key"
LAYOUT_KEY = hashlib.blake2b(b"GET /_dash-layout", digest_size=20).digest()


class AnswerCache:
    """Bytes by key, least recently used out first beyond `max_bytes`; thread-safe."""

    def __init__(self, max_bytes: int = CACHE_BYTES):
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[bytes, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: bytes) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: bytes, value: bytes) -> None:
        if len(value) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._items.pop(key, None)
            self.size += len(value) - (len(old) if old is not None else 0)
            self._items[key] = value
            while self.size > self.max_bytes:
                _, dropped = self._items.popitem(last=False)
                self.size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0


def cacheable_outputs(callbacks: dict) -> set[str]:
    """The output keys of CACHED_CALLBACKS (a Dash callback map). Raises if one of them does not
    declare the session's store: its answer could then depend on imports in a way not seen here."""
    from layouts.ids import IMPORTED   # the session's store (the app's component ids)

    outputs = set()
    for key, entry in callbacks.items():
        function = entry.get("callback")
        name = getattr(function, "__name__", None)
        if name not in CACHED_CALLBACKS:
            continue
        declared = [d["id"] for d in list(entry.get("inputs", ())) + list(entry.get("state", ()))]
        if IMPORTED not in declared:
            raise RuntimeError(f"{name} ne déclare pas {IMPORTED} : sa réponse ne peut être gardée")
        outputs.add(key)
    return outputs


def reference_session(body: dict) -> bool:
    """True when the request carries the session store and every value of it is empty (None)."""
    from layouts.ids import IMPORTED

    seen = False
    for item in list(body.get("inputs") or []) + list(body.get("state") or []):
        if isinstance(item, dict) and item.get("id") == IMPORTED:
            seen = True
            if item.get("value") is not None:
                return False
    return seen


def install_reference_answers(server: Flask, app, cache: AnswerCache | None = None,
                              shared: "SharedFiles | None" = None) -> AnswerCache:
    """Register the lookup (before Dash runs the callback) and the keeping (after the French
    typography pass, before compression: install it before install_french_typography)."""
    from dash import _callback

    cache = cache if cache is not None else AnswerCache()
    shared = shared if shared is not None else SharedFiles("reponses")
    outputs = cacheable_outputs({**app.callback_map, **_callback.GLOBAL_CALLBACK_MAP})

    @server.before_request
    def reference_answer():
        if request.method == "GET" and request.path.endswith("/_dash-layout"):
            key = LAYOUT_KEY   # the shell (layouts/shell.py): the same for every visit and session
        elif request.method != "POST" or not request.path.endswith("_dash-update-component"):
            return None
        else:
            body = request.get_json(silent=True)   # parsed (and checked) by client_errors already
            if not (isinstance(body, dict) and body.get("output") in outputs and reference_session(body)):
                return None
            key = hashlib.blake2b(request.get_data(cache=True), digest_size=20).digest()
        kept = cache.get(key)
        if kept is None:
            kept = shared.get(key.hex())   # computed by another worker
            if kept is None:
                request.environ[_KEY] = key
                return None
            cache.put(key, kept)
        request.environ[CACHED_FLAG] = True
        return Response(kept, mimetype="application/json")

    @server.after_request
    def keep_reference_answer(response):
        key = request.environ.get(_KEY)
        if (key is not None and response.status_code == 200 and response.mimetype == "application/json"
                and not response.direct_passthrough and not response.headers.get("Content-Encoding")):
            cache.put(key, response.get_data())
            shared.put(key.hex(), response.get_data())
            shared.trim(SHARED_BYTES)
        return response

    server.extensions["impact_reference_answers"] = cache
    server.extensions["impact_reference_files"] = shared
    return cache


class SharedFiles:
    """Bytes built once and shared by every worker of the server: files in a private temporary
    directory (0700) made when the app is built, which is in the gunicorn master (preload), so the
    workers forked from it all see it; removed when the process that made it exits.

    `get_or_build(name, build)` builds under a per-name file lock: while one worker renders a PDF,
    the others asking for the same one wait for it instead of rendering it too. Files are written
    whole then renamed (a reader never sees half a file). Any error of the disk: built in memory,
    as if there were no cache.
    """

    def __init__(self, label: str):
        self.directory = tempfile.mkdtemp(prefix=f"impact-territoires-{label}-")
        atexit.register(self._remove, os.getpid())

    def _remove(self, creator: int) -> None:
        if os.getpid() == creator:   # a worker exiting must not remove its master's files
            shutil.rmtree(self.directory, ignore_errors=True)

    def _path(self, name: str) -> str:
        if not name or "/" in name or name.startswith("."):
            raise ValueError(name)
        return os.path.join(self.directory, name)

    def get(self, name: str) -> bytes | None:
        try:
            with open(self._path(name), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    def put(self, name: str, content: bytes) -> None:
        try:
            handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".part-")
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, self._path(name))
        except OSError:
            pass

    def get_or_build(self, name: str, build) -> bytes:
        kept = self.get(name)
        if kept is not None:
            return kept
        try:
            lock = open(self._lock_path(name), "wb")
        except OSError:
            return build()
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)   # released when the file closes
            kept = self.get(name)              # built by another worker while this one waited
            if kept is None:
                kept = build()
                self.put(name, kept)
            return kept

    def _lock_path(self, name: str) -> str:
        self._path(name)   # the same checks
        return os.path.join(self.directory, f".lock-{name}")

    def trim(self, max_bytes: int, every: int = 64) -> None:
        """Every `every` calls in a process, remove the oldest files beyond `max_bytes` in all."""

        self._calls = getattr(self, "_calls", 0) + 1
        if self._calls % every:
            return
        try:
            files = sorted((e.stat().st_mtime, e.stat().st_size, e.path) for e in os.scandir(self.directory)
                           if not e.name.startswith("."))
            total = sum(size for _, size, _ in files)
            for _, size, path in files:
                if total <= max_bytes:
                    break
                os.unlink(path)
                total -= size
        except OSError:
            pass

    def clear(self) -> None:
        self.remove_except("\0")

    def remove_except(self, prefix: str) -> None:
        """Remove the files whose name does not start with `prefix` (yesterday's reports)."""

        try:
            for entry in os.scandir(self.directory):
                if not entry.name.startswith((prefix, ".part-", f".lock-{prefix}")):
                    os.unlink(entry.path)
        except OSError:
            pass
