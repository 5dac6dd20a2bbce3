"""Tampered links: any query string gives a valid view and French notices; any path gives a page."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.views.urlstate import INDEX_CHOICE, MAX_QUERY_LENGTH, parse_query, to_query
from layouts.pages.home import url_context
from tests.web.conftest import assert_readable_french, looks_french

SETTINGS = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
KEYS = st.sampled_from(
    ["region", "domaine", "indicateur", "etape", "profil", "", "région", "domaine[]"]
)


def queries(model):
    known = (
        model.domain_ids
        + list(model.region_names)
        + model.bundle.indicators["id"].tolist()
        + [INDEX_CHOICE, "", "%00", "%ZZ", "&&", "==", "<script>", "../../etc/passwd"]
    )
    value = st.one_of(st.sampled_from(known), st.text(max_size=40))
    pair = st.tuples(KEYS, value).map(lambda kv: f"{kv[0]}={kv[1]}")
    built = st.lists(pair, max_size=6).map(lambda pairs: "?" + "&".join(pairs))
    return st.one_of(
        built,
        st.text(max_size=200),
        st.text(min_size=MAX_QUERY_LENGTH - 5, max_size=MAX_QUERY_LENGTH + 50),
        st.none(),
    )


def test_any_query_string_gives_a_valid_view_and_french_notices(model):
    context = url_context(model)

    @SETTINGS
    @given(queries(model))
    def check(search):
        state, notices = parse_query(search, **context)
        assert state.domain in context["domains"]
        assert (
            state.indicator == INDEX_CHOICE
            or state.indicator in context["indicators_by_domain"][state.domain]
        )
        assert state.region is None or state.region in context["regions"]
        assert all(isinstance(n, str) and looks_french(n) for n in notices)
        assert all(len(n) < 300 for n in notices)  # the tampered value is echoed shortened
        again, _ = parse_query(to_query(state), **context)
        assert again == state  # what is written back reads the same

    check()


def test_any_path_gives_a_page_or_a_french_not_found(model):
    from callbacks.router import render_page
    from layouts.pages import PAGES

    paths = st.one_of(
        st.sampled_from(sorted(PAGES)),
        st.text(max_size=120).map(lambda t: "/" + t),
        st.sampled_from(["", "//", "/%00", "/..", "/atelier/", "/ATELIER", "/" + "a" * 5000]),
    )

    @SETTINGS
    @given(paths, st.one_of(st.none(), queries(model)))
    def check(path, search):
        page = render_page(path, search, None)
        assert page is not None
        text = str(page)
        if path not in PAGES and (path or "/") not in PAGES:
            assert "Page introuvable" in text
        assert_readable_french(page, [path, search])

    check()
