"""Phones get charts drawn for their width: each page with labelled points (the home page's
quadrant, /comparer's scatter) holds a narrow flag that the browser sets when the window is narrower
than NARROW_BELOW_PX; the figure builders then place fewer, smaller, wrapped labels.

The flag is set once per page view (and never sent back to False): a desktop answers nothing, so
its callbacks and their cached answers are those of a wide screen.
"""

from __future__ import annotations

from dash import Input, Output, State, clientside_callback

from layouts import ids
from layouts.pages.compare import COMPARE_NARROW, COMPARE_URL

NARROW_BELOW_PX = 576   # Bootstrap's « sm »: below it, the page is one column

SET_NARROW = f"""function (_search, narrow) {{
    if (narrow === true || window.innerWidth >= {NARROW_BELOW_PX}) {{
        return window.dash_clientside.no_update;
    }}
    return true;
}}"""

for store, url in ((ids.HOME_NARROW, ids.HOME_URL), (COMPARE_NARROW, COMPARE_URL)):
    clientside_callback(SET_NARROW, Output(store, "data"), Input(url, "search"), State(store, "data"))
