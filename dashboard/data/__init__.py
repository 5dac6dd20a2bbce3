"""Reading, validating and naming `data/`: the fixed vocabulary (schema), the DataBundle, its checks.
May import: dashboard.config only (nothing of the other rooms)."""
