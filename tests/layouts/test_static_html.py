"""layouts/static_html.py: the region view's tables as one escaped HTML block."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from layouts.static_html import as_html, static_block


def test_texts_and_attributes_are_escaped_so_no_markup_gets_through():
    out = as_html(html.Td(['<a href="x">lien</a>', html.Span("x", title='"><script>')], className="c"))
    assert "<a href" not in out and "&lt;a href=\"x\"&gt;" in out
    assert "<script>" not in out


def test_void_elements_are_self_closed_or_dcc_markdown_drops_the_block():
    assert as_html(html.Div(["a", html.Br(), "b"])) == "<div>a<br/>b</div>"
    assert as_html(html.Img(src="data:image/svg+xml,x", alt="t")).endswith("/>")


def test_a_bootstrap_table_keeps_its_classes_and_data_labels_for_phone_cards():
    table = dbc.Table(html.Tbody(html.Tr(html.Td("7,2 %", className="value-cell", **{"data-label": "Valeur"}))),
                      size="sm", responsive=True, className="indicator-table")
    out = as_html(table)
    assert out.startswith('<div class="table-responsive"><table class="table table-sm indicator-table">')
    assert '<td class="value-cell" data-label="Valeur">7,2 %</td>' in out
    assert "\n" not in out                     # a blank line would end the raw HTML block


def test_styles_are_written_as_css():
    assert as_html(html.Span(style={"left": "12.5%", "backgroundColor": "#fff"})) == (
        '<span style="left:12.5%;background-color:#fff"></span>')
    assert static_block(html.B("x")).dangerously_allow_html is True
