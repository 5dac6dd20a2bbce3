"""Every component id, as a constant: nothing retypes an id string."""

# shell
URL = "url"
PAGE = "page-content"
NOTICE = "home-notice"
HOME_URL = "home-url"
HOME_NARROW = "home-narrow"     # True on a phone: charts drawn for its width (callbacks/phone.py)

# explorer (home page)
DOMAIN = "home-domain"
INDICATOR = "home-indicator"
REGION = "home-region"
PROFILE = "home-profile"                # whose perception the charts show
MAP = "home-map"
MAP_DESCRIPTION = "home-map-description"
MAP_SOURCE = "home-map-source"
REGION_PANEL = "home-region-panel"
REGION_SUMMARY = "home-region-summary"  # where the chosen region stands, right under the pickers
REGION_DOMAINS = "home-region-domains"
QUADRANT = "home-quadrant"
QUADRANT_TABLE = "home-quadrant-table"
DOMAIN_COMPARISON = "home-domain-comparison"
DOMAIN_COMPARISON_TEXT = "home-domain-comparison-text"
DOMAIN_HEADING = "home-domain-heading"
REGION_HEADING = "home-region-heading"
BASKET = "home-basket"                  # dcc.Store: the basket's codes, drives the highlights
BASKET_SUMMARY = "home-basket-summary"
BASKET_TOGGLE = "home-basket-toggle"
BASKET_CLEAR = "home-basket-clear"

# session-wide: what this browser session imported (issue 6); every data-reading callback takes
# State(IMPORTED, "data") and calls dashboard.analysis.model.model_for(imported)
IMPORTED = "session-imported-data"
