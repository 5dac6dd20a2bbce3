"""Fixed vocabulary of the dataset: region codes, provenance kinds, survey profiles, quadrant names."""

from __future__ import annotations

REGION_CODES: tuple[str, ...] = (
    "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94",
)
FRANCE = "FRM"  # France métropolitaine, the reference line of every comparison
ALL_CODES: tuple[str, ...] = REGION_CODES + (FRANCE,)

FAMILIES: tuple[str, ...] = ("économique", "sociale", "sociétale", "environnementale")

# provenance kinds, from the most to the least authoritative for display purposes
KIND_OFFICIAL = "officiel"
KIND_REPORT = "rapport-2020"
KIND_PUBLISHED = "publié"
KIND_ILLUSTRATIVE = "illustratif"
KIND_IMPORTED = "importé"

KIND_LABELS = {
    KIND_OFFICIAL: "Statistique publique",
    KIND_REPORT: "Rapport Le RAMEAU 2020 (transcription)",
    KIND_PUBLISHED: "Enquête publiée",
    KIND_ILLUSTRATIVE: "Donnée illustrative (démonstration)",
    KIND_IMPORTED: "Données importées",
}

PROFILES: tuple[str, ...] = ("citoyens", "elus", "entreprises", "associations")
PROFILE_LABELS = {"citoyens": "Citoyens", "elus": "Élus", "entreprises": "Entreprises",
                  "associations": "Associations"}
DEFAULT_PROFILE = "citoyens"
# when several perception rows exist for one cell, the first kind in this order wins
PERCEPTION_PREFERENCE: tuple[str, ...] = (KIND_IMPORTED, KIND_PUBLISHED, KIND_ILLUSTRATIVE)

QUADRANT_SHARED_ALERT = "alerte partagée"      # felt and measured
QUADRANT_BLIND_SPOT = "angle mort"             # measured, not felt
QUADRANT_FELT = "fragilité ressentie"          # felt, not measured
QUADRANT_SHARED_ASSET = "atout partagé"        # neither
QUADRANT_NEAR_AVERAGE = "proche de la moyenne"  # either side within the neutral band (comparison_rules)
QUADRANTS: tuple[str, ...] = (QUADRANT_SHARED_ALERT, QUADRANT_BLIND_SPOT, QUADRANT_FELT,
                              QUADRANT_SHARED_ASSET)

NOT_AVAILABLE = "donnée non disponible"
