"""IMPACT-Territoires: builds the Dash app, registers the callbacks, exposes `server` for gunicorn."""

from __future__ import annotations

import sys

from dash import Dash

from dashboard import config
from dashboard.labels import french_text
from dashboard.data.validation import DataValidationError


def create_app() -> Dash:
    from dashboard.analysis.model import get_model

    model = get_model()  # validate and load the data once, before anything is served
    app = Dash(
        __name__,
        title=french_text("IMPACT-Territoires : fragilités des régions"),
        suppress_callback_exceptions=True,
        compress=True,
        serve_locally=True,
        update_title=None,
    )
    from dashboard.web.french_responses import install_french_typography
    from dashboard.web.hardening import install_hardening
    from dashboard.web.routes import install_routes
    from dashboard.web.serving import serve_custom_plotly_bundle
    from dashboard.web.reference_answers import install_reference_answers
    from layouts.shell import shell
    import callbacks  # noqa: F401  (registers every @callback)

    # brotli 5 rather than flask-compress's 4: callback answers (2-3 KB) 5 % smaller for 0,01 ms
    app.server.config["COMPRESS_BR_LEVEL"] = 5
    app.layout = shell
    app.index_string = app.index_string.replace("<html>", '<html lang="fr">')
    install_routes(app.server, model)
    serve_custom_plotly_bundle(app.server)  # 1,4 Mo of plotly.js instead of 4,8 Mo
    install_hardening(app.server, app)  # CSP and headers, size limit, French errors, JSON logs
    install_reference_answers(app.server, app)  # pages' answers for the reference data, kept
    install_french_typography(app.server)  # « Bretagne : » with its no-break space, everywhere
    return app


try:
    app = create_app()
except DataValidationError as error:
    print("Les données n'ont pas pu être chargées :", file=sys.stderr)
    for problem in error.problems:
        print(" - " + problem, file=sys.stderr)
    sys.exit(1)
server = app.server

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8050, debug=config.debug())
