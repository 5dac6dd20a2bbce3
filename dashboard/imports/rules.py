"""The vocabulary an imported file may use, and the checks of its cells, phrased in French.

Names are compared « folded »: without case, accents, hyphens, apostrophes or repeated spaces, so
that « PROVENCE ALPES COTE D'AZUR », « provence-alpes-côte d’azur » and « 93 » are one region.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass

from dashboard.data.schema import FRANCE, PROFILE_LABELS, PROFILES
from dashboard.imports.cells import is_formula

YEAR_RANGE = (1990, 2100)
# Plausible magnitude of an imported value: beyond it, a value is a typing slip or a unit error
# (and a number the page cannot format sensibly); the file is refused.
MAX_MAGNITUDE = 1e15
MAGNITUDE_TEXT = "1 million de milliards (10\u00b9\u2075)"
# Plotly renders a subset of HTML in every text it draws (<a href>, <b>, &lt;…): an imported text
# holding tag-like or entity-like sequences is refused, so labels stay plain text everywhere.
MARKUP = re.compile(r"<[^<>]*>|&#?[A-Za-z0-9]+;")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
URL = re.compile(r"https?://[^\s<>\"'`]+", flags=re.IGNORECASE)
URL_MAX = 500
METADATA_NAMES = {"libelle": "libellé", "unite": "unité", "source": "source",
                  "definition": "définition", "licence": "licence", "url": "url"}
MISSING_MARKS = {"", "nd", "n d", "na", "n a", "-", "s", "secret"}   # folded « donnée absente »
PROFILE_ALIASES = {"citoyen": "citoyens", "elu": "elus", "entreprise": "entreprises",
                   "association": "associations"}
REGION_ALIASES = {"paca": "93", "region sud": "93", "idf": "11", "france": FRANCE,
                  "france metro": FRANCE, "france entiere metropolitaine": FRANCE}


def fold(text) -> str:
    """Lower case, no accents, punctuation (- ' ’ _ . /) as spaces, single spaces."""
    spaced = re.sub(r"[-‐‑–—'’ʼ`´_./\s]+", " ", str(text))   # before the accents go: ’ is not ASCII
    plain = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"\s+", " ", plain.lower()).strip()


def squash(text) -> str:
    """fold() without any non-alphanumeric character: for header and metadata keys."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def quoted(text: str, limit: int = 60) -> str:
    text = str(text)
    return f"« {text if len(text) <= limit else text[:limit] + '…'} »"


@dataclass(frozen=True)
class Vocabulary:
    """Regions, former regions and domains of the data the file is checked against."""

    region_names: dict[str, str]        # code -> official name (13 regions + FRM)
    domain_labels: dict[str, str]       # id -> French label
    former: dict[str, tuple[str, ...]]  # folded former region name -> codes it became part of
    former_names: dict[str, str]        # folded former region name -> its spelling
    region_keys: dict[str, str]         # folded name, short name or code -> code
    domain_keys: dict[str, str]         # folded id, French or English label -> id

    @classmethod
    def from_bundle(cls, bundle) -> Vocabulary:
        regions = bundle.regions
        keys = {fold(code): code for code in regions["code"]}
        for column in ("nom", "nom_court"):
            keys.update({fold(name): code for name, code in zip(regions[column], regions["code"])})
        keys.update({fold(f"region {k}"): v for k, v in list(keys.items())})
        keys.update(REGION_ALIASES)
        domains = bundle.domains
        domain_keys = {}
        for column in ("label_en", "label_fr", "id"):
            domain_keys.update({fold(v): i for v, i in zip(domains[column], domains["id"])})
        former: dict[str, tuple[str, ...]] = {}
        names = {}
        for name, code in zip(bundle.former_regions["ancienne_region"],
                              bundle.former_regions["region_code"]):
            former[fold(name)] = former.get(fold(name), ()) + (code,)
            names[fold(name)] = name
        return cls(region_names=dict(zip(regions["code"], regions["nom"])),
                   domain_labels=dict(zip(domains["id"], domains["label_fr"])),
                   former=former, former_names=names, region_keys=keys, domain_keys=domain_keys)

    # each resolver answers (value, None) or (None, French explanation)
    def region(self, text: str) -> tuple[str | None, str | None]:
        key = fold(text)
        if key in self.region_keys:
            return self.region_keys[key], None
        if key in self.former:
            became = " et ".join(f"{self.region_names[c]} ({c})" for c in self.former[key])
            return None, (f"{quoted(text)} est une ancienne région (avant la réforme de 2016) : "
                          f"elle fait aujourd'hui partie de la région {became}. Indiquez la région "
                          "actuelle (son nom ou son code INSEE).")
        hint = self._suggest(key, {fold(n): n for n in self.region_names.values()})
        return None, (f"région {quoted(text)} inconnue (attendu : un code INSEE de région, de 11 à "
                      f"94, ou le nom d'une des 13 régions métropolitaines){hint}")

    def domain(self, text: str) -> tuple[str | None, str | None]:
        key = fold(text)
        if key in self.domain_keys:
            return self.domain_keys[key], None
        hint = self._suggest(key, {fold(n): n for n in self.domain_labels.values()})
        return None, (f"domaine {quoted(text)} inconnu (attendu : un des 16 domaines, par son "
                      f"libellé comme « Santé » ou son identifiant comme « sante »){hint}")

    @staticmethod
    def _suggest(key: str, choices: dict[str, str]) -> str:
        close = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.75)
        return f" ; vouliez-vous dire « {choices[close[0]]} » ?" if close else "."


def profile(text: str) -> tuple[str | None, str | None]:
    key = fold(text)
    key = PROFILE_ALIASES.get(key, key)
    if key in PROFILES:
        return key, None
    allowed = ", ".join(PROFILE_LABELS[p].lower() for p in PROFILES)
    return None, f"profil {quoted(text)} inconnu (attendu : {allowed})."


def parse_number(text: str) -> float | None:
    """French or English writing: « 6,5 », « 1 234,5 », « 1.234,5 », « 1,234.5 », « 12 % »."""
    value = re.sub(r"[\s\u00a0\u202f]", "", str(text)).removesuffix("%")
    if "," in value and "." in value:
        value = (value.replace(".", "").replace(",", ".") if value.rfind(",") > value.rfind(".")
                 else value.replace(",", ""))
    elif value.count(",") == 1:
        value = value.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", value, flags=re.IGNORECASE):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def score(text: str) -> tuple[float | None, str | None]:
    number = parse_number(text)
    if number is None:
        if is_missing(text):
            return None, ("note manquante (attendu : un nombre entre 0 et 10 ; supprimez la ligne "
                          "si la donnée n'existe pas).")
        return None, f"{quoted(text)} n'est pas une note (attendu : un nombre entre 0 et 10, comme 6,4)."
    if not 0 <= number <= 10:
        return None, f"la note {quoted(text)} est hors de l'échelle (attendu : un nombre entre 0 et 10)."
    return round(number, 4), None


def sample_size(text: str) -> tuple[int | None, str | None]:
    """Optional: empty gives (None, None)."""
    if is_missing(text):
        return None, None
    number = parse_number(text)
    if number is None or not number.is_integer() or number < 1:
        return None, (f"effectif {quoted(text)} invalide (attendu : un nombre entier de personnes "
                      "interrogées, au moins 1, ou une case vide).")
    return int(number), None


def year(text: str) -> tuple[int | None, str | None]:
    number = parse_number(text)
    low, high = YEAR_RANGE
    if number is None or not number.is_integer() or not low <= number <= high:
        what = "année manquante" if is_missing(text) else f"année {quoted(text)} invalide"
        return None, f"{what} (attendu : une année sur quatre chiffres, entre {low} et {high})."
    return int(number), None


def yes_no(text: str) -> tuple[bool | None, str | None]:
    key = fold(text)
    if key in ("oui", "o", "vrai", "true", "1", "yes"):
        return True, None
    if key in ("non", "n", "faux", "false", "0", "no"):
        return False, None
    return None, f"{quoted(text)} ne convient pas (attendu : oui ou non)."


def is_missing(text: str) -> bool:
    return fold(text) in MISSING_MARKS


def text_problem(text, limit: int, required: bool = True) -> str | None:
    """The rule of every imported free text (file cell or returning store): None when it is fine."""
    if not isinstance(text, str):
        return "texte attendu."
    if not text.strip():
        return "valeur manquante." if required else None
    if text != text.strip():
        return "espaces en trop au début ou à la fin."
    if len(text) > limit:
        return f"texte trop long ({len(text)} caractères ; au plus {limit})."
    if is_formula(text):
        return (f"{quoted(text, 30)} ressemble à une formule de tableur (commence par =, +, - ou @) : "
                "écrivez le texte sans ce signe au début.")
    if CONTROL.search(text):
        return "le texte contient des caractères de contrôle."
    markup = MARKUP.search(text)
    if markup:
        return (f"le texte contient du balisage {quoted(markup.group(0), 30)} : écrivez du texte "
                "simple, sans balises HTML ni entités comme &lt;.")
    return None


def url_problem(text) -> str | None:
    """Empty, or one http(s) address without spaces nor quotes: None; else why not."""
    if text == "":
        return None
    if not isinstance(text, str) or len(text) > URL_MAX or not URL.fullmatch(text):
        return (f"{quoted(text)} n'est pas une adresse web (attendu : une adresse commençant par "
                "https:// ou http://, sans espace).")
    return None


def std_dev(text: str) -> tuple[float | None, str | None]:
    """Optional standard deviation of the 0-10 scores: empty gives (None, None)."""
    if is_missing(text):
        return None, None
    number = parse_number(text)
    if number is None or not 0 <= number <= 10:
        return None, (f"écart-type {quoted(text)} invalide (attendu : l'écart-type des notes, un "
                      "nombre entre 0 et 10, ou une case vide).")
    return round(number, 4), None
