"""IMPACT-Territoires' Python core, one room per capability (each room's __init__ says what it may import).

data -> imports -> analysis -> figures -> views -> outputs -> web: a room imports only rooms to its left,
plus the two shared modules `config` (runtime settings) and `labels` (French text and number formats).
Only `web` knows Flask; nothing here imports Dash's callbacks or layouts (tests/test_architecture.py).
"""
