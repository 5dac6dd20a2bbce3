"""Figure builders: everything comes in as arguments, a plotly figure dict goes out; label placement, theme.
May import: dashboard.labels, dashboard.data, dashboard.analysis."""
