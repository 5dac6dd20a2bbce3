"""Large read-only blocks (the region view's indicator tables) sent as one HTML string instead of
hundreds of Dash components: the browser's Dash renderer spends milliseconds per component, and the
region view's 1 400 components took seconds to appear. `as_html` turns a tree of dash.html
components into escaped HTML; `static_block` wraps it in one dcc.Markdown (raw HTML allowed: every
text and attribute is escaped here, so no markup from the data or an import gets through)."""

from __future__ import annotations

from html import escape

from dash import dcc

VOID = {"br", "img", "hr"}
ATTRIBUTES = {"className": "class", "htmlFor": "for"}


def _style(style: dict) -> str:
    return ";".join(f"{''.join('-' + c.lower() if c.isupper() else c for c in k)}:{v}"
                    for k, v in style.items())


def as_html(node) -> str:
    """HTML of a dash.html / dash-bootstrap Table tree (strings escaped, None and False dropped)."""
    if node is None or node is False:
        return ""
    if isinstance(node, (list, tuple)):
        return "".join(as_html(n) for n in node)
    if isinstance(node, (str, int, float)):
        return escape(str(node), quote=False).replace("\n", " ")  # « l'indice » stays curlable
    props = node.to_plotly_json()["props"]
    kind = type(node).__name__
    if kind == "Table" and type(node).__module__.startswith("dash_bootstrap_components"):
        classes = " ".join(filter(None, ["table", "table-sm" if props.get("size") == "sm" else "",
                                         props.get("className", "")]))
        table = f'<table class="{escape(classes)}">{as_html(props.get("children"))}</table>'
        return f'<div class="table-responsive">{table}</div>' if props.get("responsive") else table
    tag = kind.lower()
    attrs = []
    for key, value in props.items():
        if key == "children" or value is None or value is False:
            continue
        name = ATTRIBUTES.get(key, key)
        text = _style(value) if key == "style" else str(value)
        attrs.append(f' {name}="{escape(text, quote=False).replace(chr(34), "&quot;")}"')
    if tag in VOID:  # written self-closed: dcc.Markdown's parser drops the whole block otherwise
        return f"<{tag}{''.join(attrs)}/>"
    return f"<{tag}{''.join(attrs)}>{as_html(props.get('children'))}</{tag}>"


def static_block(tree, class_name: str = "") -> dcc.Markdown:
    return dcc.Markdown(as_html(tree), dangerously_allow_html=True, className=class_name)
