"""The maths, pure functions of frames: scores, comparison rules, indices, series, matrix, scatter, the Model.
May import: dashboard.config, dashboard.labels, dashboard.data, dashboard.imports (a session's Model merges its files)."""
