"""docs/CONTRIBUTING-agents.md lists every module of the code packages, each under its package."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "CONTRIBUTING-agents.md"


def listed_modules() -> dict[str, set[str]]:
    """{package: {module file names}} read from the « `package/`: » parts of the map."""
    listed: dict[str, set[str]] = {}
    package = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^`([a-z_]+)/`:", line)
        if heading:
            package = heading.group(1)
            listed[package] = set()
        elif line.startswith("## "):
            package = None
        elif package:
            item = re.match(r"^- `([a-z_/]+\.py)`", line)
            if item:
                listed[package].add(item.group(1))
    return listed


def test_the_module_map_names_every_module_of_every_package_and_no_other():
    listed = listed_modules()
    rooms = tuple(p.name + "/" for p in (ROOT / "dashboard").iterdir() if (p / "__init__.py").exists())
    packages = {"dashboard": ("",) + rooms, "layouts": ("", "pages/"), "callbacks": ("",)}
    for package, folders in packages.items():
        on_disk = {folder + p.name for folder in folders
                   for p in (ROOT / package / folder).glob("*.py")}
        assert listed.get(package) == on_disk, package
