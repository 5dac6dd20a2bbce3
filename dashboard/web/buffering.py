"""A buffering bridge from gunicorn's asyncio worker to the Flask app: slow clients hold no thread.

With threaded workers, a client that sends its request a line every few seconds (or reads the
answer slowly) holds one of the few threads the whole time: a dozen such clients stalled the site.
Here, as a buffering reverse proxy would, the event loop receives the whole request (headers by
gunicorn's asyncio parser, then the body, bounded in size and time) before a thread runs the app,
and the thread hands back the whole answer, which the loop then sends at the client's pace. A
thread is busy only while the app computes.

`BufferedWSGI(wsgi_app, threads)` is an ASGI application (served by gunicorn's `asgi` worker class,
gunicorn.conf.py); the app underneath stays a plain WSGI app (tests and `python app.py` use it as is).

Requests for a PDF report (SLOW_PATHS) run on threads of their own (`slow_threads`): the first one
of a day waits seconds for the report's building process (dashboard/outputs/report_process.py), and the others
asking for it meanwhile wait for the same one; in the shared pool, a few such waits held every
thread and the whole worker stalled (30 s in a load test). Waiting there never delays a page.
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
from concurrent.futures import ThreadPoolExecutor

BODY_SECONDS = 30.0   # a whole request body must arrive within this time
SLOW_PATHS = ("/rapport/",)   # answers that mostly wait for another process
SECURITY_HEADERS = ((b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"SAMEORIGIN"),
                    (b"referrer-policy", b"strict-origin-when-cross-origin"),
                    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'self'"))
FRENCH_ERRORS = {
    408: ("Requête trop lente", "La requête n'est pas arrivée entièrement à temps."),
    413: ("Envoi trop volumineux", "Les données envoyées dépassent la taille maximale acceptée."),
}


class BufferedWSGI:
    """ASGI app running a WSGI app on complete requests only, in a bounded thread pool."""

    def __init__(self, wsgi_app, threads: int = 4, max_body: int | None = None, slow_threads: int = 4):
        self.wsgi_app = wsgi_app
        self.threads = threads
        self.slow_threads = slow_threads
        self.max_body = max_body
        self._executor: ThreadPoolExecutor | None = None   # created in the worker, after the fork
        self._slow_executor: ThreadPoolExecutor | None = None

    @property
    def executor(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="impact-app")
        return self._executor

    @property
    def slow_executor(self) -> ThreadPoolExecutor:
        if self._slow_executor is None:
            self._slow_executor = ThreadPoolExecutor(self.slow_threads, thread_name_prefix="impact-slow")
        return self._slow_executor

    def executor_for(self, path: str) -> ThreadPoolExecutor:
        return self.slow_executor if path.startswith(SLOW_PATHS) else self.executor

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _http(self, scope, receive, send):
        body = await self._body(receive, send)
        if body is None:
            return
        loop = asyncio.get_running_loop()
        status, headers, content = await loop.run_in_executor(
            self.executor_for(scope["path"]), self._run, environ_of(scope, body))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": content})

    async def _body(self, receive, send) -> bytes | None:
        """The whole request body; None when the client left, was too slow or sent too much."""
        chunks, size = [], 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + BODY_SECONDS
        while True:
            try:
                message = await asyncio.wait_for(receive(), timeout=max(0.01, deadline - loop.time()))
            except asyncio.TimeoutError:
                await _plain_error(send, 408)
                return None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if self.max_body is not None and size > self.max_body:
                await _plain_error(send, 413)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _run(self, environ: dict) -> tuple[int, list, bytes]:
        """Runs in a pool thread: the app's whole answer (status, headers, body)."""
        started: dict = {}

        def start_response(status, headers, exc_info=None):
            if exc_info and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started["status"], started["headers"] = status, headers
            return lambda data: chunks.append(data)   # the legacy write() callable

        chunks: list[bytes] = []
        result = self.wsgi_app(environ, start_response)
        try:
            for data in result:
                if data:
                    chunks.append(data)
        finally:
            if hasattr(result, "close"):
                result.close()
        status = int(started["status"].split(" ", 1)[0])
        headers = [(k.lower().encode("latin-1"), str(v).encode("latin-1"))
                   for k, v in started["headers"]]
        return status, headers, b"".join(chunks)


def environ_of(scope: dict, body: bytes) -> dict:
    """The PEP 3333 environ of an ASGI HTTP scope and its complete body."""
    server = scope.get("server") or ("127.0.0.1", 80)
    client = scope.get("client") or ("", 0)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf-8").decode("latin-1"),
        "PATH_INFO": scope["path"].encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]), "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]), "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0), "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
        "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        if name == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
            continue
        if name == "CONTENT_LENGTH":
            continue   # the body is complete: its real length is said above
        key = f"HTTP_{name}"
        if key in environ:
            value = environ[key] + ("; " if key == "HTTP_COOKIE" else ",") + value
        environ[key] = value
    return environ


async def _plain_error(send, status: int) -> None:
    title, text = FRENCH_ERRORS[status]
    content = json.dumps({"erreur": title, "message": text}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"connection", b"close"), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": content})


async def _lifespan(receive, send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
