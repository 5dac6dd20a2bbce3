"""What each page shows, from a Model: plain frames and French sentences, the URL state; no Dash, no Flask.
May import: every room above (config, labels, data, imports, analysis, figures), never outputs or web."""
