"""Issue 13, the production server (gunicorn -c gunicorn.conf.py, as `make run` starts it): slow
clients cannot stall it (case 5), it shows no banner and its own 4xx carry the security headers,
and two instances serve one browser session interchangeably (« Déployer à plusieurs »).

Two servers of one worker each are started on free loopback ports for the whole module.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.web.test_client_mistakes import body_for

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    """Two instances of the production server; stopped (only these) at the end."""
    started = []
    for _ in range(2):
        port = free_port()
        env = {**os.environ, "IMPACT_BIND": f"127.0.0.1:{port}", "IMPACT_WORKERS": "1",
               "IMPACT_THREADS": "4"}
        env.pop("IMPACT_DEBUG", None)
        log = open(tmp_path_factory.mktemp("gunicorn") / "log.txt", "w+")
        process = subprocess.Popen([str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py")], cwd=ROOT,
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append((f"http://127.0.0.1:{port}", process, log))
    try:
        for url, process, log in started:
            deadline = time.monotonic() + 180
            while True:
                assert process.poll() is None, "gunicorn stopped"
                try:
                    if requests.get(url + "/_dash-layout", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                assert time.monotonic() < deadline, "gunicorn not answering"
                time.sleep(0.3)
        yield [url for url, _, _ in started]
    finally:
        for _, process, log in started:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
            log.close()


def post(url: str, body: dict) -> dict:
    response = requests.post(url + "/_dash-update-component", json=body, timeout=60)
    assert response.status_code == 200, response.text[:300]
    return response.json()


def test_fifty_clients_trickling_their_headers_do_not_stall_other_users(servers):
    url = servers[0]
    host, port = url.removeprefix("http://").split(":")
    stop = time.monotonic() + 12
    sockets = []

    def trickle():
        sock = socket.create_connection((host, int(port)))
        sockets.append(sock)
        sock.sendall(b"GET / HTTP/1.1\r\n")
        line = 0
        while time.monotonic() < stop:
            try:
                sock.sendall(b"X-Lent-%d: a\r\n" % line)
            except OSError:
                return
            line += 1
            time.sleep(2)

    threads = [threading.Thread(target=trickle, daemon=True) for _ in range(50)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    durations = []   # a cheap request: what is measured is waiting for a thread, not computing
    with requests.Session() as session:
        while time.monotonic() < stop - 1:
            begun = time.monotonic()
            answer = session.get(url + "/_dash-layout", timeout=30)
            durations.append(time.monotonic() - begun)
            assert answer.status_code == 200
            time.sleep(0.05)
    for sock in sockets:
        sock.close()
    durations.sort()
    assert len(durations) >= 10 and durations[int(len(durations) * 0.95) - 1] < 1.0, durations[-5:]


def test_no_server_banner_and_the_server_s_own_errors_carry_the_security_headers(servers):
    url = servers[0]
    assert "Server" not in requests.get(url + "/", timeout=30).headers
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += sock.recv(4096)
    head = answer.decode("latin-1").split("\r\n\r\n")[0]
    assert head.startswith("HTTP/1.1 414")
    assert "X-Content-Type-Options: nosniff" in head and "Content-Security-Policy:" in head
    assert "Server:" not in head


def test_two_instances_serve_one_browser_session_with_imports_interchangeably(servers):
    first, second = servers
    indicator = ("libellé;Taux de pauvreté (%)\ndomaine;Pauvreté et exclusion\nunité;%\n"
                 "année;2018\nsource;Insee\nplus élevé = plus fragile;oui\n\nregion;valeur\n"
                 "Bretagne;10,9\n11;15,6\n32;18,0\nFRM;14,6\n").encode()
    survey = "region;domaine;profil;annee;note\nBretagne;Emploi;citoyens;2023;9,7\n".encode()
    store = None
    for instance, (name, content) in zip((first, second), (("p.csv", indicator), ("s.csv", survey))):
        pending = {"filename": name,
                   "contents": "data:text/csv;base64," + base64.b64encode(content).decode()}
        answer = post(instance, body_for("import_file", {"importer-pending.data": pending,
                                                         "session-imported-data.data": store}))
        store = answer["response"]["session-imported-data"]["data"]
    assert [f["nom"] for f in store["fichiers"]] == ["p.csv", "s.csv"]
    search = "?region=53&domaine=pauvrete_exclusion&indicateur=import_taux_de_pauvrete_2018"
    calls = [
        body_for("show_active_imports", {"session-imported-data.data": store, "url.pathname": "/importer"}),
        body_for("render_page", {"url.pathname": "/", "url.search": search,
                                 "session-imported-data.data": store}),
        body_for("update_map", {"home-domain.value": "pauvrete_exclusion",
                                "home-indicator.value": "import_taux_de_pauvrete_2018",
                                "home-region.value": "53", "home-basket.data": [],
                                "session-imported-data.data": store}),
    ]
    for call in calls:   # requests alternate between the two instances: the same answers
        answers = [post(first, call), post(second, call), post(first, call)]
        assert answers[0] == answers[1] == answers[2]
    active = json.dumps(post(second, calls[0]), ensure_ascii=False)
    assert "2 fichiers importés" in active and "ignoré" not in active
    drawn = json.dumps(post(second, calls[2]), ensure_ascii=False)
    assert "Taux de pauvreté (%)" in drawn and "10.9" in drawn   # Bretagne's imported value
