"""Runtime settings: each one an environment variable with a default and a help line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_DATA = ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.name) or self.default  # set but empty = default


SETTINGS = (
    Setting("IMPACT_DATA_DIR", str(BUNDLED_DATA),
            "Dossier des données (datapackage.json, CSV, regions.geojson) lu au démarrage."),
    Setting("IMPACT_EXTRA_DIR", "", "Dossier facultatif de fichiers CSV/XLSX (modèles d'import), "
            "vérifiés et ajoutés aux données au démarrage."),
    Setting("IMPACT_DEBUG", "0", "1 pour le mode débogage de Dash (jamais en production)."),
    Setting("IMPACT_MAX_UPLOAD_MB", "5", "Taille maximale d'un fichier importé, en mégaoctets."),
    Setting("IMPACT_IMPORT_READERS", "1", "Fichiers importés lus en même temps par processus "
            "serveur (chacun dans un processus séparé) ; au-delà, « patientez »."),
    Setting("IMPACT_IMPORT_ISOLATION", "1", "0 pour lire les fichiers importés dans le processus "
            "du serveur (tests seulement : sans limite de mémoire ni arrêt forcé)."),
    Setting("IMPACT_REPORT_ISOLATION", "0", "1 pour construire les fiches région PDF dans un "
            "processus séparé, gardé par processus serveur (ce que fait gunicorn.conf.py) ; 0 : dans "
            "le processus du serveur (python app.py, tests)."),
    Setting("IMPACT_PUBLIC_URL", "",
            "Adresse publique de l'application, écrite dans les fiches région comme lien permanent "
            "(vide : l'adresse à laquelle la requête est arrivée)."),
)


def setting(name: str) -> str:
    return next(s for s in SETTINGS if s.name == name).value()


LOCAL_URL = "http://127.0.0.1:8050"  # only when there is neither a setting nor a request


def public_url(request_address: str | None = None) -> str:
    """IMPACT_PUBLIC_URL when set, else the address the request came to, else the local one."""
    return setting("IMPACT_PUBLIC_URL") or request_address or LOCAL_URL


def max_upload_bytes() -> int:
    try:
        megabytes = float(setting("IMPACT_MAX_UPLOAD_MB"))
    except ValueError:
        megabytes = 5.0
    return int(max(megabytes, 0.1) * 1024 * 1024)


def data_dir() -> Path:
    return Path(setting("IMPACT_DATA_DIR"))


def debug() -> bool:
    return setting("IMPACT_DEBUG") == "1"
