"""Two sessions never see each other's state: callbacks keep nothing between requests.

- two threads driving every callback with different sessions' values get exactly what each gets
  alone;
- the data the process holds (get_model()'s frames) is the same before and after;
- no module-level dict, list or set of the app's packages changes from one request to the next.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import random
import sys
import threading

import pandas as pd
import pytest

from dashboard.analysis.model import get_model
from tests.web.conftest import (
    call_callback,
    dependency_ids,
    is_wildcard,
    registered_callbacks,
)

SESSIONS = {
    "A": {
        "home-url.search": "?region=11&domaine=emploi",
        "home-domain.value": "emploi",
        "home-indicator.value": "indice",
        "home-region.value": "11",
        "url.pathname": "/",
        "url.search": "?region=11&domaine=emploi",
        "workshop-url.search": "?region=11&etape=2",
        "workshop-url.pathname": "/atelier",
    },
    "B": {
        "home-url.search": "?region=93&domaine=securite&indicateur=cambriolages_2021",
        "home-domain.value": "securite",
        "home-indicator.value": "cambriolages_2021",
        "home-region.value": "93",
        "home-map.clickData": {"points": [{"location": "93"}]},
        "url.pathname": "/atelier",
        "url.search": "?region=93&etape=3",
        "workshop-url.search": "?region=93&etape=3",
        "workshop-url.pathname": "/atelier",
    },
}


def _home_components():
    from layouts.pages import PAGES

    return [
        c
        for c in PAGES["/"](get_model(), "")._traverse()
        if isinstance(getattr(c, "id", None), dict)
    ]


def invocations(session: str) -> list[tuple[str, dict, list, str]]:
    """(name, entry, args, trigger) of every registered callback, with this session's values."""
    values = SESSIONS[session]
    components = _home_components()
    calls = []
    for name, entry in registered_callbacks():
        args = []
        for component, prop in dependency_ids(entry, "inputs") + dependency_ids(entry, "state"):
            if is_wildcard(component):
                matching = [c for c in components if c.id.keys() == component.keys()]
                args.append([getattr(c, prop, None) for c in matching])
            else:
                args.append(values.get(f"{component}.{prop}"))
        inputs = dependency_ids(entry, "inputs")
        trigger = f"{inputs[0][0]}.{inputs[0][1]}" if isinstance(inputs[0][0], str) else None
        calls.append((name, entry, args, trigger))
    return calls


def fingerprint_output(output) -> str:
    def default(value):
        if hasattr(value, "to_plotly_json"):
            return value.to_plotly_json()
        return repr(type(value).__name__)  # no_update

    return json.dumps(output, default=default, sort_keys=True, ensure_ascii=False)


def test_two_sessions_driving_every_callback_at_once_get_what_each_gets_alone():
    plans = {s: invocations(s) for s in SESSIONS}
    expected = {
        s: [fingerprint_output(call_callback(e, a, t)) for _, e, a, t in plans[s]] for s in SESSIONS
    }
    assert expected["A"] != expected["B"]
    mismatches: list[str] = []

    def drive(session: str, seed: int):
        rng = random.Random(seed)
        order = list(range(len(plans[session])))
        for _ in range(8):
            rng.shuffle(order)
            for i in order:
                name, entry, args, trigger = plans[session][i]
                if fingerprint_output(call_callback(entry, args, trigger)) != expected[session][i]:
                    mismatches.append(f"{session}: {name}")

    previous = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads as often as possible
    try:
        threads = [
            threading.Thread(target=drive, args=(s, n)) for n, s in enumerate(["A", "B", "A", "B"])
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(previous)
    assert mismatches == []


def model_fingerprint(model) -> str:
    digest = hashlib.sha256()

    def add(value):
        if isinstance(value, pd.DataFrame):
            digest.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
            digest.update(repr((list(value.columns), [str(t) for t in value.dtypes])).encode())
        elif isinstance(value, dict):
            for key in sorted(value, key=str):
                digest.update(str(key).encode())
                add(value[key])
        else:
            digest.update(json.dumps(value, sort_keys=True, default=str).encode())

    for holder in (model, model.bundle):
        for name, value in vars(holder).items():
            if not name.startswith("_") and name != "bundle":
                digest.update(name.encode())
                add(value)
    return digest.hexdigest()


def module_state() -> dict[str, bytes]:
    """Every module-level dict, list, set or frame of the app's own packages, serialised."""
    state = {}
    for module_name, module in list(sys.modules.items()):
        if module_name.split(".")[0] not in ("callbacks", "layouts", "dashboard") or module is None:
            continue
        for name, value in vars(module).items():
            if isinstance(value, (dict, list, set, pd.DataFrame)) and not name.startswith("__"):
                try:
                    state[f"{module_name}.{name}"] = pickle.dumps(value)
                except Exception:  # noqa: BLE001  (not picklable: its repr says enough)
                    state[f"{module_name}.{name}"] = repr(value).encode()
    return state


@pytest.fixture(scope="module")
def all_calls():
    return invocations("A") + invocations("B")


def test_callbacks_leave_the_loaded_data_unchanged(all_calls):
    model = get_model()
    before = model_fingerprint(model)
    for _, entry, args, trigger in all_calls * 2:
        call_callback(entry, args, trigger)
    assert model_fingerprint(get_model()) == before
    assert get_model() is model


def test_no_module_level_state_changes_from_one_request_to_the_next(all_calls):
    for _, entry, args, trigger in all_calls:  # first use may fill caches legitimately
        call_callback(entry, args, trigger)
    before = module_state()
    for _, entry, args, trigger in reversed(all_calls):
        call_callback(entry, args, trigger)
    after = module_state()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == []
