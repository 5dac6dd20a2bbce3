"""ASGI entry of the production server: app.server behind dashboard.web.buffering.BufferedWSGI.

gunicorn's asyncio worker (`worker_class = "asgi"`, gunicorn.conf.py) parses requests on its event
loop and this bridge runs the Flask app on complete requests only, in IMPACT_THREADS threads per
worker: a slow client costs a socket, never a thread.
"""

import os
from contextlib import suppress

from plotly.io.json import to_json_plotly

from app import server
from dashboard.web.buffering import BufferedWSGI
from dashboard.web.hardening import max_request_bytes

# Modules that plotly and Dash import lazily at their first answer are imported here, in the master,
# before the workers fork: threads importing one at the same time in a fresh worker saw it
# half-initialised (« partially initialized module 'PIL.Image' », a 500 under load).
to_json_plotly({"warm": [1.5, None], "text": "é"})
with suppress(ImportError):
    import PIL.Image  # noqa: F401

application = BufferedWSGI(server, threads=int(os.environ.get("IMPACT_THREADS", 4)),
                           max_body=max_request_bytes())
