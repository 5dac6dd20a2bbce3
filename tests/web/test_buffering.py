"""The buffering bridge (dashboard/web/buffering.py): the app only ever sees complete requests, and a
client that sends too much or too slowly is answered without the app."""

from __future__ import annotations

import asyncio
import threading

from dashboard.web import buffering
from dashboard.web.buffering import BufferedWSGI

SCOPE = {"type": "http", "method": "POST", "path": "/café", "query_string": b"a=1&b=%C3%A9",
         "headers": [(b"content-type", b"application/json"), (b"cookie", b"x=1"),
                     (b"cookie", b"y=2"), (b"content-length", b"999")],
         "server": ("127.0.0.1", 8050), "client": ("127.0.0.1", 5000), "scheme": "http"}


def echo_app(seen: list):
    def app(environ, start_response):
        seen.append({**environ, "body": environ["wsgi.input"].read()})
        start_response("201 Created", [("Content-Type", "text/plain"), ("X-Test", "oui")])
        return [b"re", b"", b"ponse"]
    return app


def run_in_own_loop(coroutine) -> None:
    """asyncio.run in a thread of its own: in a whole-suite run, the browser tests' Playwright
    keeps an event loop running in the main thread, where asyncio.run refuses to start."""
    errors = []

    def target():
        try:
            asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 — re-raised in the test's thread
            errors.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def serve(bridge, messages, delay: float = 0.0):
    sent = []

    async def receive():
        if delay:
            await asyncio.sleep(delay)
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    run_in_own_loop(bridge(SCOPE, receive, send))
    return sent


def test_the_app_runs_once_on_the_whole_body_and_its_whole_answer_is_sent():
    seen = []
    sent = serve(BufferedWSGI(echo_app(seen), threads=1, max_body=100),
                 [{"type": "http.request", "body": b'{"a":', "more_body": True},
                  {"type": "http.request", "body": b' 1}', "more_body": False}])
    assert len(seen) == 1 and seen[0]["body"] == b'{"a": 1}'
    environ = seen[0]
    assert environ["CONTENT_LENGTH"] == "8" and environ["CONTENT_TYPE"] == "application/json"
    assert environ["HTTP_COOKIE"] == "x=1; y=2" and environ["QUERY_STRING"] == "a=1&b=%C3%A9"
    assert environ["PATH_INFO"] == "/café".encode().decode("latin-1")
    assert sent[0]["status"] == 201 and (b"x-test", b"oui") in sent[0]["headers"]
    assert sent[1]["body"] == b"reponse"


def test_a_body_over_the_limit_is_refused_in_french_without_the_app():
    seen = []
    sent = serve(BufferedWSGI(echo_app(seen), threads=1, max_body=10),
                 [{"type": "http.request", "body": b"x" * 11}])
    assert not seen and sent[0]["status"] == 413
    assert (b"x-content-type-options", b"nosniff") in sent[0]["headers"]
    assert "Envoi trop volumineux" in sent[1]["body"].decode()


def test_a_body_that_trickles_past_the_deadline_gets_408_without_the_app(monkeypatch):
    monkeypatch.setattr(buffering, "BODY_SECONDS", 0.2)
    seen = []
    sent = serve(BufferedWSGI(echo_app(seen), threads=1),
                 [{"type": "http.request", "body": b"x", "more_body": True}] * 10, delay=0.1)
    assert not seen and sent[0]["status"] == 408
    assert "Requête trop lente" in sent[1]["body"].decode()


def test_a_client_gone_before_the_end_of_its_body_costs_the_app_nothing():
    seen = []
    sent = serve(BufferedWSGI(echo_app(seen), threads=1),
                 [{"type": "http.request", "body": b"x", "more_body": True}])
    assert not seen and not sent


def test_requests_waiting_for_a_report_never_hold_the_threads_of_the_pages():
    """Every app thread (here 1) stays free for pages while report requests wait for a build."""
    release = threading.Event()
    served = []

    def app(environ, start_response):
        if environ["PATH_INFO"].startswith("/rapport/"):
            release.wait(5)   # the report's building process
        served.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    bridge = BufferedWSGI(app, threads=1, slow_threads=2)

    async def request(path):
        messages = [{"type": "http.request", "body": b"", "more_body": False}]
        sent = []

        async def receive():
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)

        await bridge({**SCOPE, "method": "GET", "path": path}, receive, send)
        return sent

    async def scenario():
        reports = [asyncio.ensure_future(request(f"/rapport/{c}.pdf")) for c in ("53", "11", "24")]
        await asyncio.sleep(0.1)
        page = await asyncio.wait_for(request("/_dash-update-component"), timeout=2)
        assert page[0]["status"] == 200 and served == ["/_dash-update-component"]
        release.set()
        answers = await asyncio.gather(*reports)
        assert all(a[0]["status"] == 200 for a in answers) and len(served) == 4

    run_in_own_loop(scenario())
