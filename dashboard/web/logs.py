"""Logs: one JSON object per line (`JsonFormatter`, also gunicorn's), the app's logger, and one access
line per request with its duration (`AccessLog`). Installed by dashboard/web/hardening.py.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from datetime import datetime, timezone

from flask import Flask

from dashboard import config

LOGGER_NAME = "impact"

class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, message and whatever `extra` fields were given."""

    FIELDS = ("method", "path", "status", "duration_ms", "bytes", "callback", "reference")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in self.FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exception"] = "".join(traceback.format_exception(*record.exc_info))[-4000:]
        return json.dumps(line, ensure_ascii=False)


def configure_logging(stream=None) -> logging.Logger:
    logger = logging.getLogger(LOGGER_NAME)
    if not any(getattr(h, "_impact", False) for h in logger.handlers):
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler._impact = True
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if config.debug() else logging.INFO)
    logger.propagate = False
    return logger


class AccessLog:
    """WSGI middleware: one line per request once the response has started (after compression)."""

    def __init__(self, wsgi_app, logger: logging.Logger):
        self.wsgi_app = wsgi_app
        self.logger = logger

    def __call__(self, environ, start_response):
        started = time.perf_counter()

        def logged_start_response(status, headers, exc_info=None):
            length = next((v for k, v in headers if k.lower() == "content-length"), None)
            code = int(status.split(" ", 1)[0])
            fields = {
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "status": code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "bytes": int(length) if length and length.isdigit() else None,
            }
            if "impact.callback" in environ:
                fields["callback"] = environ["impact.callback"]
            self.logger.log(
                logging.WARNING if code >= 500 else logging.INFO, "request", extra=fields
            )
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, logged_start_response)


def _install_logs(server: Flask) -> None:
    logger = configure_logging()
    server.wsgi_app = AccessLog(server.wsgi_app, logger)
