"""User files in: reading CSV/XLSX safely, checking them against the templates, merging them into a bundle.
May import: dashboard.config, dashboard.labels, dashboard.data."""
