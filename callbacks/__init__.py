"""Importing this package registers every page's callbacks."""

from callbacks import explore, router  # noqa: F401
