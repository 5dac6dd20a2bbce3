"""ASGI entry of the production server: app.server behind dashboard.buffering.BufferedWSGI.

gunicorn's asyncio worker (`worker_class = "asgi"`, gunicorn.conf.py) parses requests on its event
loop and this bridge runs the Flask app on complete requests only, in IMPACT_THREADS threads per
worker: a slow client costs a socket, never a thread.
"""

import os

from app import server
from dashboard.buffering import BufferedWSGI
from dashboard.hardening import max_request_bytes

application = BufferedWSGI(server, threads=int(os.environ.get("IMPACT_THREADS", 4)),
                           max_body=max_request_bytes())
