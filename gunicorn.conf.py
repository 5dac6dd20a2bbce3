"""Production server: `gunicorn -c gunicorn.conf.py` (what `make run` and `make serve` run).

Environment (defaults in brackets):
  IMPACT_BIND     address to listen on [127.0.0.1:8050]; behind a reverse proxy keep loopback
  IMPACT_WORKERS  worker processes [CPU cores + 1]
  IMPACT_THREADS  threads per worker that run the app [4]; they only ever see complete requests

Slow clients: gunicorn's asyncio worker (`asgi`) reads requests on its event loop, and
dashboard/web/buffering.py (served as `asgi:application`) hands the Flask app complete requests only
and sends its complete answers at the client's pace, as a buffering reverse proxy would: a client
trickling its headers costs a socket, not a thread (with `gthread`, twelve such clients held every
thread). Up to `worker_connections` sockets per worker.
  IMPACT_DEBUG    1: debug-level logs and reload on code change (never in production)

The data is loaded and validated once in the master (`preload_app`): a bad data package stops the
server before it listens, and the workers share the master's memory pages instead of each reading
the files again. Compression is Dash's (`compress=True` in app.py); Dash's debug mode is never on
here (dev tools only come with `python app.py` and IMPACT_DEBUG=1).
"""

import multiprocessing
import os

_debug = os.environ.get("IMPACT_DEBUG") == "1"
# PDF reports built in a separate process per worker (dashboard/outputs/report_process.py, build_isolated): their
# 2-7 s of pure Python would otherwise hold a worker's interpreter lock and slow its other requests
os.environ.setdefault("IMPACT_REPORT_ISOLATION", "1")

wsgi_app = "asgi:application"
bind = os.environ.get("IMPACT_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("IMPACT_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "asgi"
worker_connections = 1000
preload_app = not _debug  # reload needs the app imported in each worker
reload = _debug

timeout = 30  # a callback never takes seconds: a stuck worker is restarted
graceful_timeout = 20
keepalive = 20  # a user thinks between two clicks: keep the connection for the next
max_requests = 50000  # recycle workers now and then (bounds any slow leak)
max_requests_jitter = 5000

limit_request_line = 8190  # long but bounded URLs (parse_query refuses > 2000 characters)
limit_request_fields = 100
limit_request_field_size = 8190

accesslog = None  # the app writes one JSON line per request (dashboard/web/hardening.py)
errorlog = "-"
loglevel = "debug" if _debug else "info"
logconfig_dict = {  # gunicorn's own lines (start, workers, timeouts) as JSON lines too
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "dashboard.web.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "gunicorn.error": {
            "handlers": ["stderr"],
            "level": "DEBUG" if _debug else "INFO",
            "propagate": False,
        }
    },
}
proc_name = "impact-territoires"
control_socket_disable = (
    True  # no admin socket in $HOME (two servers on one machine would share it)
)
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")  # the reverse proxy's address


def _quiet_and_french_protocol_errors():
    """No `Server` banner; gunicorn's own error answers (bad request line, headers too large…)
    in French with the security headers the app's answers carry."""
    from gunicorn.asgi import protocol

    protocol._CACHED_SERVER_HEADER = b""
    original = protocol.ASGIProtocol._send_error_response
    if getattr(original, "_impact", False):
        return
    french = {400: "Requête invalide.", 408: "Requête trop lente.", 413: "Envoi trop volumineux.",
              414: "Adresse trop longue.", 431: "En-têtes de requête trop volumineux.",
              500: "Erreur du serveur."}
    secure = (("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "SAMEORIGIN"),
              ("Referrer-Policy", "strict-origin-when-cross-origin"),
              ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'"))

    def send_error_response(self, status, message, extra_headers=()):
        text = french.get(status, "Requête refusée.")
        return original(self, status, text, tuple(extra_headers) + secure)

    send_error_response._impact = True
    protocol.ASGIProtocol._send_error_response = send_error_response


_quiet_and_french_protocol_errors()


def when_ready(server):
    """The app is loaded (preload): freeze what is in memory now, before the workers are forked.

    Python's full garbage collections otherwise walk every object of pandas, plotly and the data at
    each pass (pauses of 20-95 ms measured on the region view); frozen objects are skipped, and the
    workers' copies of those pages stay shared with the master.
    """
    import gc

    from dashboard.analysis.model import get_model

    get_model().warm_lookups()  # once here rather than at each new worker's first requests
    from callbacks.explore import warm_reference_views

    warm_reference_views()  # 14 region views and 224 domain comparisons, shared by every worker
    from callbacks.router import warm_pages

    warm_pages()  # the other pages' first-answer costs, paid once here rather than in each worker
    gc.collect()
    gc.freeze()


def post_fork(server, worker):
    import gc

    gc.set_threshold(10_000, 20, 20)  # fewer young collections: a callback allocates ~100k objects
