"""The Content-Security-Policy is strict (no eval, no foreign host) and the app works under it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import wait_for_map

VIOLATIONS = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__csp.push("
    "e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));"
)


def registered_paths() -> list[str]:
    from layouts.pages import PAGES, load_all

    load_all()
    return sorted(PAGES)


@pytest.fixture
def csp_page(page):
    page.add_init_script(VIOLATIONS)
    return page


def test_the_page_carries_a_strict_policy_without_eval_or_foreign_hosts(csp_page, live_server):
    response = csp_page.goto(live_server)
    policy = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert "'unsafe-eval'" not in policy
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["default-src"] == "'self'" and directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'self'" and directives["object-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"]


def test_the_map_draws_and_reacts_under_the_policy_with_no_violation(csp_page, live_server):
    csp_page.goto(f"{live_server}/?region=53&domaine=securite")
    wait_for_map(csp_page)
    csp_page.select_option("#home-domain", "emploi")
    csp_page.wait_for_function(
        "() => document.querySelector('#home-map .js-plotly-plot').layout.title.text.includes('Emploi')"
    )
    csp_page.select_option("#home-region", "11")
    csp_page.wait_for_selector("#home-region-heading:has-text('Île-de-France')")
    assert csp_page.evaluate("window.__csp") == []
    assert csp_page.console_errors == []
    assert csp_page.foreign_requests == []


@pytest.mark.parametrize("path", registered_paths())
def test_every_page_renders_under_the_policy_with_no_violation(csp_page, live_server, path):
    csp_page.goto(live_server + path)
    csp_page.wait_for_selector("#page-content > *", timeout=20000)
    csp_page.wait_for_load_state("networkidle")
    assert csp_page.evaluate("window.__csp") == []
    assert csp_page.console_errors == []
    assert csp_page.foreign_requests == []
